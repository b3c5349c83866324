import { Type } from 'typebox';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf, PageQuery } from '../../http/pagination.js';
import { InstantInput, problems, StrictObject } from '../../http/schemas.js';
import { REGISTER_NUMBER_PATTERN } from '../people/index.js';
import type { AuditService } from './audit-service.js';

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String({ description: 'e.g. patient.read, patient.update, patient.list' }),
  actor: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() }),
    Type.Null(),
  ]),
  patient: Type.Object({ registerNumber: Type.String(), name: Type.String() }),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
});

const AuditQuery = StrictObject({
  patient: Type.Optional(
    Type.String({ pattern: REGISTER_NUMBER_PATTERN, description: 'Register number' }),
  ),
  actor: Type.Optional(Type.String({ format: 'uuid', description: 'User id of who acted' })),
  from: Type.Optional(InstantInput()),
  to: Type.Optional(InstantInput()),
  ...PageQuery,
});

export function auditRoutes(
  app: FastifyTypeBox,
  audit: AuditService,
  patientUserId: (registerNumber: string) => Promise<string | undefined>,
) {
  app.get(
    '/audit',
    {
      config: { action: 'audit.read' },
      schema: {
        tags: ['Notifications and audit'],
        summary: 'Who read or changed which patient’s data, when, from where',
        querystring: AuditQuery,
        response: { 200: PageOf(AuditEntry), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { patient, actor, from, to, page, pageSize } = request.query;
      const patientId = patient === undefined ? undefined : await patientUserId(patient);
      if (patient !== undefined && !patientId) return { items: [], total: 0, page, pageSize };
      return audit.list({
        patientUserId: patientId,
        actorUserId: actor,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        page,
        pageSize,
      });
    },
  );
}
