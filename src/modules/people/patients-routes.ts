import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import {
  NewPatientBody,
  Patient,
  PatientListItem,
  PatientListQuery,
  RegisterNumberParams,
  UpdatePatientBody,
} from './patients-schemas.js';
import type { PatientsService } from './patients-service.js';

export function patientsRoutes(app: FastifyTypeBox, patients: PatientsService) {
  const tags = ['People'];

  app.post(
    '/patients',
    {
      config: { action: 'patients.create' },
      schema: {
        tags,
        summary: 'Sign up as a patient, or register one (admin)',
        body: NewPatientBody,
        response: { 201: Patient, ...problems(400, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await patients.register(request.body, requestContext(request))),
  );

  app.get(
    '/patients',
    {
      config: { action: 'patients.list' },
      schema: {
        tags,
        summary: 'Search patients',
        querystring: PatientListQuery,
        response: { 200: PageOf(PatientListItem), ...problems(400, 401, 403) },
      },
    },
    async (request) => patients.list(request.query, requestContext(request)),
  );

  app.get(
    '/patients/:registerNumber',
    {
      config: { action: 'patients.read' },
      schema: {
        tags,
        summary: 'A patient’s record',
        params: RegisterNumberParams,
        response: { 200: Patient, ...problems(401, 403, 404) },
      },
    },
    async (request) => patients.get(request.params.registerNumber, requestContext(request)),
  );

  app.patch(
    '/patients/:registerNumber',
    {
      config: { action: 'patients.update' },
      schema: {
        tags,
        summary: 'Change a patient’s record',
        description: 'Role, register number and verification flags cannot be changed here.',
        params: RegisterNumberParams,
        body: UpdatePatientBody,
        response: { 200: Patient, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      patients.update(request.params.registerNumber, request.body, requestContext(request)),
  );

  app.delete(
    '/patients/:registerNumber',
    {
      config: { action: 'patients.deactivate' },
      schema: {
        tags,
        summary: 'Deactivate a patient',
        description: 'The patient can no longer sign in and leaves the lists; the history stays.',
        params: RegisterNumberParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await patients.deactivate(request.params.registerNumber, requestContext(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/patients/:registerNumber/reactivate',
    {
      config: { action: 'patients.reactivate' },
      schema: {
        tags,
        summary: 'Reactivate a deactivated patient',
        description:
          'The patient can sign in again (with their old password, or a new one through ' +
          '"forgot password") and is back in the lists. Audited. 409 when already active.',
        params: RegisterNumberParams,
        response: { 200: Patient, ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => patients.reactivate(request.params.registerNumber, requestContext(request)),
  );
}
