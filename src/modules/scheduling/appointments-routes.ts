import { sendWrittenJson } from '../../http/written-json.js';
import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import { CouncilNumberParams, RegisterNumberParams } from '../people/index.js';
import type { AppointmentListsService } from './appointment-lists-service.js';
import {
  Appointment,
  AppointmentHistoryEntry,
  AppointmentParams,
  AppointmentsQuery,
  CancelBody,
  NewAppointmentBody,
  PatientAppointmentsQuery,
  ProfessionalAppointmentsQuery,
  RescheduleBody,
} from './appointments-schemas.js';
import type { AppointmentsService } from './appointments-service.js';

export function appointmentsRoutes(
  app: FastifyTypeBox,
  appointments: AppointmentsService,
  lists: AppointmentListsService,
) {
  const tags = ['Scheduling'];

  app.post(
    '/appointments',
    {
      config: { action: 'appointments.create' },
      schema: {
        tags,
        summary: 'Book an appointment',
        description:
          'A patient books for themselves; an admin names the patient. 409 when the slot is ' +
          'taken or the patient is busy then; 422 outside the slots, in the past, inside the ' +
          'minimum notice (patients) or beyond the horizon.',
        body: NewAppointmentBody,
        response: { 201: Appointment, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await appointments.book(request.body, requestContext(request))),
  );

  app.get(
    '/appointments',
    {
      config: { action: 'appointments.list' },
      schema: {
        tags,
        summary: 'Appointments, filtered (patients and professionals see their own)',
        description:
          'In time order. With no patient, professional or date filter, from today on. ' +
          '`from` and `to` are days in the clinic time zone, both included.',
        querystring: AppointmentsQuery,
        response: { 200: PageOf(Appointment), ...problems(400, 401) },
      },
    },
    async (request) => lists.list(request.query, requestContext(request)),
  );

  app.get(
    '/appointments/:id',
    {
      config: { action: 'appointments.read' },
      schema: {
        tags,
        summary: 'One appointment',
        params: AppointmentParams,
        response: { 200: Appointment, ...problems(401, 403, 404) },
      },
    },
    async (request) => lists.get(request.params.id, requestContext(request)),
  );

  app.get(
    '/appointments/:id/history',
    {
      config: { action: 'appointments.history.read' },
      schema: {
        tags,
        summary: 'Every change of an appointment: who, when, what',
        params: AppointmentParams,
        response: { 200: Type.Array(AppointmentHistoryEntry), ...problems(401, 403, 404) },
      },
    },
    async (request) => lists.history(request.params.id, requestContext(request)),
  );

  app.patch(
    '/appointments/:id',
    {
      config: { action: 'appointments.update' },
      schema: {
        tags,
        summary: 'Reschedule (time, professional) or edit the reason',
        description:
          'Moving applies the booking checks; `force` as for booking. Its patient may move a ' +
          'scheduled appointment until its start to another free slot of the same professional, ' +
          'by the rules they book by (the slot grid, the minimum notice, the horizon), and edit ' +
          'its reason: another professional or `force` from a patient is a 403, an appointment ' +
          'begun or checked in a 422. 409 when the slot was taken meanwhile or the patient is ' +
          'busy then. The same notices go out as for a move by the clinic.',
        params: AppointmentParams,
        body: RescheduleBody,
        response: { 200: Appointment, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      appointments.reschedule(request.params.id, request.body, requestContext(request)),
  );

  app.delete(
    '/appointments/:id',
    {
      config: { action: 'appointments.delete' },
      schema: {
        tags,
        summary: 'Delete an appointment made in error (cancelling is the normal path)',
        params: AppointmentParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await appointments.remove(request.params.id, requestContext(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/appointments/:id/cancel',
    {
      config: { action: 'appointments.cancel' },
      schema: {
        tags,
        summary: 'Cancel (its patient until the start; admins until it is under way)',
        params: AppointmentParams,
        body: Type.Optional(CancelBody),
        response: { 200: Appointment, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      appointments.cancel(request.params.id, request.body ?? {}, requestContext(request)),
  );

  app.get(
    '/patients/:registerNumber/appointments',
    {
      config: { action: 'patients.appointments.read' },
      schema: {
        tags,
        summary: 'A patient’s upcoming or past appointments',
        params: RegisterNumberParams,
        querystring: PatientAppointmentsQuery,
        response: { 200: PageOf(Appointment), ...problems(400, 401, 403, 404) },
      },
    },
    // Written by the route's own serializer, and kept so by PatientListCache for the patient.
    async (request, reply) =>
      sendWrittenJson(
        reply,
        await lists.forPatientJson(
          request.params.registerNumber,
          request.query,
          requestContext(request),
          reply.getSerializationFunction('200') as (page: unknown) => string,
        ),
      ),
  );

  app.get(
    '/professionals/:councilNumber/appointments',
    {
      config: { action: 'professionals.appointments.read' },
      schema: {
        tags,
        summary: 'A professional’s appointments of a day (default: today)',
        params: CouncilNumberParams,
        querystring: ProfessionalAppointmentsQuery,
        response: { 200: PageOf(Appointment), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      lists.forProfessional(request.params.councilNumber, request.query, requestContext(request)),
  );
}
