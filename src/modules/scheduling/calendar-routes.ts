import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import { sendDownload } from '../../http/downloads.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { problemLanguage } from '../../http/problem-language.js';
import { problems, StrictObject } from '../../http/schemas.js';
import { CouncilNumberParams } from '../people/index.js';
import { AppointmentParams } from './appointments-schemas.js';
import type { CalendarService } from './calendar-service.js';

const CalendarQuery = StrictObject({
  token: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'The secret of the feed URL (from POST …/calendar-feed), for calendar apps.',
    }),
  ),
});

const CalendarFeedLink = Type.Object({
  url: Type.String({
    description: 'The secret feed URL, relative to this server; shown once.',
  }),
  token: Type.String({ description: 'The secret in the URL.' }),
});

export function calendarRoutes(app: FastifyTypeBox, calendar: CalendarService) {
  const tags = ['Scheduling'];

  app.get(
    '/professionals/:councilNumber/calendar.ics',
    {
      config: { action: 'calendar.feed.read' },
      schema: {
        tags,
        summary: 'A professional’s appointments as an iCalendar feed',
        description:
          'From 30 days back to the booking horizon; cancelled appointments stay as ' +
          '`STATUS:CANCELLED`. Each event keeps its UID, and its SEQUENCE grows with every ' +
          'change. Signed in: the professional or an admin. Calendar apps: the secret feed URL ' +
          '(`?token=`), without any other credential; a wrong token is a 404.',
        params: CouncilNumberParams,
        querystring: CalendarQuery,
        response: {
          200: {
            description: 'The calendar (RFC 5545).',
            content: { 'text/calendar': { schema: Type.String() } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const body = await calendar.feed(
        request.params.councilNumber,
        { token: request.query.token },
        requestContext(request),
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  );

  app.get(
    '/appointments/:id/calendar.ics',
    {
      config: { action: 'appointments.read' },
      schema: {
        tags,
        summary: 'One appointment as an iCalendar file ("add to calendar")',
        description:
          'For the patient, the professional and admins. The event has the UID and SEQUENCE of ' +
          'the e-mails’ invitations, so importing it after them updates the same event. Its ' +
          'texts follow `Accept-Language`.',
        params: AppointmentParams,
        response: {
          200: {
            description: 'The appointment (RFC 5545).',
            content: { 'text/calendar': { schema: Type.String() } },
          },
          ...problems(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const body = await calendar.appointmentFile(
        request.params.id,
        problemLanguage(request),
        requestContext(request),
      );
      return sendDownload(reply, {
        body: Buffer.from(body),
        contentType: 'text/calendar; charset=utf-8',
        fileName: 'appointment.ics',
      });
    },
  );

  app.post(
    '/professionals/:councilNumber/calendar-feed',
    {
      config: { action: 'calendar.feed.create' },
      schema: {
        tags,
        summary: 'Create a secret calendar feed URL (replacing the previous one)',
        description:
          'The URL carries a secret token and opens the feed without signing in: it is shown ' +
          'only now. Asking again gives a new URL and the old one stops working.',
        params: CouncilNumberParams,
        response: { 201: CalendarFeedLink, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await calendar.createFeed(request.params.councilNumber, requestContext(request))),
  );
}
