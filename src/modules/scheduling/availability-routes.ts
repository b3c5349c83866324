import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { problems } from '../../http/schemas.js';
import { sendWrittenJson } from '../../http/written-json.js';
import { CouncilNumberParams } from '../people/index.js';
import type { AvailabilityService } from './availability-service.js';
import {
  Availability,
  ProfessionalSlot,
  RangeQuery,
  Slot,
  SpecialtySlotsQuery,
  TimeOff,
  TimeOffInput,
  TimeOffParams,
} from './availability-schemas.js';

export function availabilityRoutes(app: FastifyTypeBox, availability: AvailabilityService) {
  const tags = ['Scheduling'];

  app.get(
    '/professionals/:councilNumber/availability',
    {
      config: { action: 'availability.read' },
      schema: {
        tags,
        summary: 'Working hours and slot length',
        params: CouncilNumberParams,
        response: { 200: Availability, ...problems(401, 404) },
      },
    },
    async (request) => availability.get(request.params.councilNumber),
  );

  app.put(
    '/professionals/:councilNumber/availability',
    {
      config: { action: 'availability.update' },
      schema: {
        tags,
        summary: 'Replace the working hours and slot length',
        description:
          'Times are the clinic’s wall clock (CLINIC_TIMEZONE); ranges of a weekday must not overlap.',
        params: CouncilNumberParams,
        body: Availability,
        response: { 200: Availability, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      availability.replace(request.params.councilNumber, request.body, requestContext(request)),
  );

  app.get(
    '/professionals/:councilNumber/time-off',
    {
      config: { action: 'timeOff.read' },
      schema: {
        tags,
        summary: 'Time off overlapping a range of days (default: the next 62 days)',
        params: CouncilNumberParams,
        querystring: RangeQuery,
        response: { 200: Type.Array(TimeOff), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      availability.listTimeOff(
        request.params.councilNumber,
        request.query,
        requestContext(request),
      ),
  );

  app.post(
    '/professionals/:councilNumber/time-off',
    {
      config: { action: 'timeOff.create' },
      schema: {
        tags,
        summary: 'Add time off (a holiday, a congress)',
        params: CouncilNumberParams,
        body: TimeOffInput,
        response: { 201: TimeOff, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await availability.addTimeOff(
            request.params.councilNumber,
            request.body,
            requestContext(request),
          ),
        ),
  );

  app.delete(
    '/professionals/:councilNumber/time-off/:id',
    {
      config: { action: 'timeOff.delete' },
      schema: {
        tags,
        summary: 'Remove time off',
        params: TimeOffParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await availability.removeTimeOff(
        request.params.councilNumber,
        request.params.id,
        requestContext(request),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/professionals/:councilNumber/slots',
    {
      config: { action: 'slots.read' },
      schema: {
        tags,
        summary: 'Free bookable slots of a professional (default: the next 7 days; at most 62)',
        params: CouncilNumberParams,
        querystring: RangeQuery,
        response: { 200: Type.Array(Slot), ...problems(400, 401, 404, 429) },
      },
    },
    // The most requested read of all: its JSON is written as the slots are computed (exactly what
    // the schema would write), and a string sent as JSON goes out as it is.
    async (request, reply) =>
      sendWrittenJson(
        reply,
        await availability.slotsJson(
          request.params.councilNumber,
          request.query,
          requestContext(request),
        ),
      ),
  );

  app.get(
    '/slots',
    {
      config: { action: 'slots.read' },
      schema: {
        tags,
        summary: 'Free slots across the professionals of a specialty',
        querystring: SpecialtySlotsQuery,
        response: { 200: Type.Array(ProfessionalSlot), ...problems(400, 401, 429) },
      },
    },
    async (request) => {
      const { specialty, ...range } = request.query;
      return availability.slotsForSpecialty(specialty, range);
    },
  );
}
