import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';

const Clinic = Type.Object({
  name: Type.String(),
  /** IANA zone: every time the web app shows is in it, whatever the browser's. */
  timeZone: Type.String(),
  country: Type.String(),
  defaultLanguage: Type.Enum(['pt-BR', 'en']),
});

/** What any page needs before anyone signs in: whose clinic this is, and its clock. */
export function clinicRoutes(app: FastifyTypeBox, config: Pick<Config, 'clinic'>) {
  const { name, timeZone, country, defaultLanguage } = config.clinic;
  const clinic = { name, timeZone, country, defaultLanguage };
  app.get(
    '/clinic',
    {
      config: { action: 'clinic.read' },
      schema: {
        tags: ['System'],
        summary: 'The clinic: its name, time zone and default language',
        response: { 200: Clinic },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(clinic),
  );
}
