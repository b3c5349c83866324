import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import type { ChangeFeed } from '../../db/change-feed.js';
import { problems, StrictObject } from '../../http/schemas.js';
import { LastEventIdQuery, type EventStreams } from '../../http/sse.js';
import { CouncilNumberParams } from '../people/index.js';
import { Appointment, AppointmentParams } from '../scheduling/index.js';
import { CheckInBody, FinishBody, QueueSnapshot, WalkInBody } from './queue-schemas.js';
import type { QueueService } from './queue-service.js';
import { streamQueue } from './queue-stream.js';
import type { QueueTransitionsService } from './transitions-service.js';

export function queueRoutes(
  app: FastifyTypeBox,
  transitions: QueueTransitionsService,
  queue: QueueService,
  live: { streams: EventStreams; changeFeed: ChangeFeed },
) {
  const tags = ['Waiting queue'];
  const transition = { 200: Appointment, ...problems(400, 401, 403, 404, 409, 422) };

  app.post(
    '/appointments/:id/check-in',
    {
      config: { action: 'appointments.checkIn' },
      schema: {
        tags,
        summary: 'The patient arrived: gives the day’s ticket',
        description:
          'Any of today’s appointments, early arrivals too. The queue orders by legal priority ' +
          '(80+, then 60+ and declared priorities), then by arrival.',
        params: AppointmentParams,
        body: Type.Optional(CheckInBody),
        response: transition,
      },
    },
    async (request) =>
      transitions.checkIn(request.params.id, request.body ?? {}, requestContext(request)),
  );

  app.post(
    '/appointments/walk-ins',
    {
      config: { action: 'appointments.walkIn' },
      schema: {
        tags,
        summary: 'A patient without an appointment: booked for now and checked in at once',
        body: WalkInBody,
        response: { 201: Appointment, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await transitions.walkIn(request.body, requestContext(request))),
  );

  app.post(
    '/appointments/:id/call',
    {
      config: { action: 'appointments.call' },
      schema: {
        tags,
        summary: 'Calls the patient in (in progress)',
        params: AppointmentParams,
        response: transition,
      },
    },
    async (request) => transitions.call(request.params.id, requestContext(request)),
  );

  app.post(
    '/appointments/:id/finish',
    {
      config: { action: 'appointments.finish' },
      schema: {
        tags,
        summary: 'Finishes the consultation, with the professional’s notes',
        params: AppointmentParams,
        body: Type.Optional(FinishBody),
        response: transition,
      },
    },
    async (request) =>
      transitions.finish(request.params.id, request.body ?? {}, requestContext(request)),
  );

  app.post(
    '/appointments/:id/no-show',
    {
      config: { action: 'appointments.noShow' },
      schema: {
        tags,
        summary: 'The patient did not come (also marked by the worker after a grace period)',
        params: AppointmentParams,
        response: transition,
      },
    },
    async (request) => transitions.markNoShow(request.params.id, requestContext(request)),
  );

  app.get(
    '/queue/:councilNumber',
    {
      config: { action: 'queue.read' },
      schema: {
        tags,
        summary: 'Today’s waiting queue of a professional',
        params: CouncilNumberParams,
        response: { 200: QueueSnapshot, ...problems(401, 403, 404) },
      },
    },
    async (request) => queue.read(request.params.councilNumber, requestContext(request)),
  );

  app.get(
    '/queue/:councilNumber/events',
    {
      config: { action: 'queue.read' },
      schema: {
        tags,
        summary: 'Today’s queue as Server-Sent Events: a new snapshot on every change',
        description:
          'Events `queue` whose data is the same snapshot as `GET /queue/{councilNumber}`: one ' +
          'on connecting, then one within a second of any change made through any instance, ' +
          'and every minute as the estimates count down; `: ping` comments in between. Each ' +
          'id fingerprints its snapshot: reconnecting with `Last-Event-ID` (or `?lastEventId=`) ' +
          'sends nothing until the queue changed.',
        params: CouncilNumberParams,
        querystring: StrictObject(LastEventIdQuery),
        response: {
          200: {
            description: 'An event stream; each event’s data is a QueueSnapshot.',
            content: { 'text/event-stream': { schema: QueueSnapshot } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const context = requestContext(request);
      // Refused before the stream opens, so the caller gets a plain 401/403/404.
      const professional = await queue.authorize(request.params.councilNumber, context);
      const stream = live.streams.open(request, reply);
      await streamQueue({
        professional,
        queue,
        changeFeed: live.changeFeed,
        stream,
        context,
        log: request.log,
      }).catch((err: unknown) => {
        request.log.error({ err }, 'queue stream failed');
        stream.close();
      });
    },
  );

  app.post(
    '/queue/:councilNumber/next',
    {
      config: { action: 'queue.callNext' },
      schema: {
        tags,
        summary: 'Calls in the first patient of the queue',
        params: CouncilNumberParams,
        response: transition,
      },
    },
    async (request) => transitions.callNext(request.params.councilNumber, requestContext(request)),
  );
}
