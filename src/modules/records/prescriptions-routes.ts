import { requestContext } from '../../http/actor.js';
import { sendDownload } from '../../http/downloads.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { problems } from '../../http/schemas.js';
import { AppointmentParams } from '../scheduling/index.js';
import {
  NewPrescriptionBody,
  Prescription,
  PrescriptionCheck,
  PrescriptionParams,
  RevokeBody,
  VerifyParams,
} from './prescriptions-schemas.js';
import type { PrescriptionsService } from './prescriptions-service.js';

export function prescriptionsRoutes(app: FastifyTypeBox, prescriptions: PrescriptionsService) {
  const tags = ['Clinical records'];

  app.post(
    '/appointments/:id/prescriptions',
    {
      config: { action: 'prescriptions.create' },
      schema: {
        tags,
        summary: 'Issue a prescription',
        description:
          'By the appointment’s professional, once the patient was called in or after finish. ' +
          'Immutable once issued: a mistaken one is revoked.',
        params: AppointmentParams,
        body: NewPrescriptionBody,
        response: { 201: Prescription, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await prescriptions.issue(request.params.id, request.body.items, requestContext(request)),
        ),
  );

  app.post(
    '/appointments/:id/prescriptions/preview',
    {
      config: { action: 'prescriptions.preview' },
      schema: {
        tags,
        summary: 'Preview a prescription’s PDF before issuing it',
        description:
          'The same body as issuing; answers the PDF as it would print, marked as a preview ' +
          'with no verification code. Nothing is stored.',
        params: AppointmentParams,
        body: NewPrescriptionBody,
        response: {
          200: {
            description: 'The PDF, marked as a preview.',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...problems(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const data = await prescriptions.preview(
        request.params.id,
        request.body.items,
        requestContext(request),
      );
      return sendDownload(reply, {
        body: data,
        contentType: 'application/pdf',
        fileName: 'prescription-preview.pdf',
        inline: true,
      });
    },
  );

  app.get(
    '/prescriptions/verify/:code',
    {
      config: { action: 'prescriptions.verify' },
      schema: {
        tags,
        summary: 'Check a printed prescription by its code',
        description:
          'For pharmacists: valid or revoked, the date, the professional with their council ' +
          'number, and the patient’s initials only. Rate limited per client.',
        params: VerifyParams,
        response: { 200: PrescriptionCheck, ...problems(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const check = await prescriptions.verify(request.params.code, request.ip);
      return reply.header('cache-control', 'no-store').send(check);
    },
  );

  app.get(
    '/prescriptions/:id',
    {
      config: { action: 'prescriptions.read' },
      schema: {
        tags,
        summary: 'One prescription',
        params: PrescriptionParams,
        response: { 200: Prescription, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => prescriptions.get(request.params.id, requestContext(request)),
  );

  app.get(
    '/prescriptions/:id/pdf',
    {
      config: { action: 'prescriptions.read' },
      schema: {
        tags,
        summary: 'The prescription as a printable PDF (A5), in the patient’s language',
        params: PrescriptionParams,
        response: {
          200: {
            description: 'The PDF.',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { data, fileName } = await prescriptions.pdf(
        request.params.id,
        requestContext(request),
      );
      return sendDownload(reply, {
        body: data,
        contentType: 'application/pdf',
        fileName,
        inline: true,
      });
    },
  );

  app.post(
    '/prescriptions/:id/revoke',
    {
      config: { action: 'prescriptions.revoke' },
      schema: {
        tags,
        summary: 'Revoke a prescription (it is kept, shown as revoked)',
        params: PrescriptionParams,
        body: RevokeBody,
        response: { 200: Prescription, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      prescriptions.revoke(request.params.id, request.body.reason, requestContext(request)),
  );
}
