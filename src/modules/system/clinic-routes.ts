import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import type { Clock } from '../../lib/clock.js';
import { todayIn } from '../../lib/dates.js';
import { toZonedIso } from '../../lib/time.js';

const Clinic = Type.Object({
  name: Type.String(),
  /** IANA zone: every time the web app shows is in it, whatever the browser's. */
  timeZone: Type.String(),
  country: Type.String(),
  defaultLanguage: Type.Enum(['pt-BR', 'en']),
  /** Where patients go and whom they call (CLINIC_ADDRESS, CLINIC_PHONE): public facts. */
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  today: Type.String({
    format: 'date',
    description: 'Today in the clinic’s zone, by the server’s clock: where calendars open.',
  }),
  bookingHorizonDays: Type.Integer({ description: 'How many days ahead patients may book.' }),
  publicDirectory: Type.Boolean({
    description:
      'Whether the professionals, specialties and free slots are readable signed out ' +
      '(PUBLIC_DIRECTORY): the web app shows its public directory then.',
  }),
});

const SECONDS_PER_DAY = 86_400;

/** What any page needs before anyone signs in: whose clinic this is, and its clock. */
export function clinicRoutes(
  app: FastifyTypeBox,
  config: Pick<Config, 'clinic' | 'booking' | 'publicDirectory'>,
  clock: Clock,
) {
  const { name, timeZone, country, defaultLanguage, address, phone } = config.clinic;
  const clinic = {
    name,
    timeZone,
    country,
    defaultLanguage,
    address,
    phone,
    publicDirectory: config.publicDirectory,
  };
  const bookingHorizonDays = config.booking.horizonDays;
  app.get(
    '/clinic',
    {
      config: { action: 'clinic.read' },
      schema: {
        tags: ['System'],
        summary: 'The clinic: its name, time zone, default language and today’s date there',
        response: { 200: Clinic },
      },
    },
    async (_request, reply) => {
      const now = clock.now();
      // Cached for five minutes, but never past the clinic's midnight: `today` changes then.
      const zoned = new Date(toZonedIso(now, timeZone).slice(0, 19) + 'Z');
      const untilMidnight =
        SECONDS_PER_DAY - Math.floor((zoned.getTime() / 1000) % SECONDS_PER_DAY);
      return reply
        .header('cache-control', `public, max-age=${Math.min(300, untilMidnight)}`)
        .send({ ...clinic, today: todayIn(timeZone, clock), bookingHorizonDays });
    },
  );
}
