import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import {
  CouncilNumberParams,
  NewProfessionalBody,
  Professional,
  ProfessionalListQuery,
  Specialty,
  UpdateProfessionalBody,
} from './professionals-schemas.js';
import type { ProfessionalsService } from './professionals-service.js';

/** What the public directory's callers get (src/http/access.ts opens it with a setting). */
const publicDescription =
  'Signed out, only the public profile of the active professionals (what a patient sees: no ' +
  'e-mail, phone, address or birth date), and a few hundred reads a minute from one address.';

export function professionalsRoutes(app: FastifyTypeBox, professionals: ProfessionalsService) {
  const tags = ['People'];

  app.post(
    '/professionals',
    {
      config: { action: 'professionals.create' },
      schema: {
        tags,
        summary: 'Register a professional',
        description: 'The council number is the four digits plus the state of the address CEP.',
        body: NewProfessionalBody,
        response: { 201: Professional, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await professionals.register(request.body, requestContext(request))),
  );

  app.get(
    '/professionals',
    {
      config: { action: 'professionals.list' },
      schema: {
        tags,
        summary: 'Find professionals, by specialty (ignoring case and accents) or name',
        description: publicDescription,
        querystring: ProfessionalListQuery,
        response: { 200: PageOf(Professional), ...problems(400, 401, 429) },
      },
    },
    async (request) => professionals.list(request.query, requestContext(request)),
  );

  app.get(
    '/specialties',
    {
      config: { action: 'specialties.list' },
      schema: {
        tags,
        summary: 'The specialties of the active professionals',
        response: { 200: Type.Array(Specialty), ...problems(401, 429) },
      },
    },
    async () => professionals.listSpecialties(),
  );

  app.get(
    '/professionals/:councilNumber',
    {
      config: { action: 'professionals.read' },
      schema: {
        tags,
        summary: 'A professional’s profile (also by a former council number)',
        description: publicDescription,
        params: CouncilNumberParams,
        response: { 200: Professional, ...problems(401, 404, 429) },
      },
    },
    async (request) => professionals.get(request.params.councilNumber, requestContext(request)),
  );

  app.patch(
    '/professionals/:councilNumber',
    {
      config: { action: 'professionals.update' },
      schema: {
        tags,
        summary: 'Change a professional’s profile',
        description:
          'A new address in another state changes the council number’s suffix; the former ' +
          'number keeps resolving.',
        params: CouncilNumberParams,
        body: UpdateProfessionalBody,
        response: { 200: Professional, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      professionals.update(request.params.councilNumber, request.body, requestContext(request)),
  );

  app.delete(
    '/professionals/:councilNumber',
    {
      config: { action: 'professionals.deactivate' },
      schema: {
        tags,
        summary: 'Deactivate a professional',
        params: CouncilNumberParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await professionals.deactivate(request.params.councilNumber);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/professionals/:councilNumber/reactivate',
    {
      config: { action: 'professionals.reactivate' },
      schema: {
        tags,
        summary: 'Reactivate a deactivated professional',
        description:
          'The professional can sign in again, is listed and can be booked within their ' +
          'working hours. 409 when already active.',
        params: CouncilNumberParams,
        response: { 200: Professional, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) =>
      professionals.reactivate(request.params.councilNumber, requestContext(request)),
  );
}
