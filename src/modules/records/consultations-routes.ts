import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf, PageQuery } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import { RegisterNumberParams } from '../people/index.js';
import {
  Consultation,
  ConsultationDetail,
  ConsultationParams,
  ConsultationUpdateBody,
} from './consultations-schemas.js';
import type { ConsultationsService } from './consultations-service.js';

export function consultationsRoutes(app: FastifyTypeBox, consultations: ConsultationsService) {
  const tags = ['Clinical records'];

  app.get(
    '/patients/:registerNumber/consultations',
    {
      config: { action: 'consultations.list' },
      schema: {
        tags,
        summary: 'A patient’s consultations, latest first',
        description:
          'Finished appointments with the latest version of their notes, diagnoses and ' +
          'follow-up, their prescriptions and the lab reports ordered in them. For the patient ' +
          'and the professionals caring for them; anyone else gets 404.',
        params: RegisterNumberParams,
        querystring: Type.Object(PageQuery),
        response: { 200: PageOf(Consultation), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      consultations.listForPatient(
        request.params.registerNumber,
        request.query,
        requestContext(request),
      ),
  );

  app.get(
    '/consultations/:id',
    {
      config: { action: 'consultations.read' },
      schema: {
        tags,
        summary: 'One consultation with every version of what was written',
        params: ConsultationParams,
        response: { 200: ConsultationDetail, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => consultations.get(request.params.id, requestContext(request)),
  );

  app.put(
    '/consultations/:id',
    {
      config: { action: 'consultations.update' },
      schema: {
        tags,
        summary: 'Add to a consultation (a new version; earlier ones are kept)',
        description:
          'By the professional who saw the patient, after finish. The body is the whole new ' +
          'text; with `basedOnVersion`, a version saved since is a 409.',
        params: ConsultationParams,
        body: ConsultationUpdateBody,
        response: { 200: ConsultationDetail, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      consultations.amend(request.params.id, request.body, requestContext(request)),
  );
}
