import { Type, type Static } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { InstantInput, Nullable, StrictObject } from '../../http/schemas.js';
import { REGISTER_NUMBER_PATTERN } from '../people/index.js';

export const NewLabReportBody = StrictObject({
  lab: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'The laboratory' }),
  exam: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '\\S',
    description: 'e.g. Hemograma',
  }),
  appointmentId: Type.Optional(
    Type.String({ format: 'uuid', description: 'The consultation it was ordered in' }),
  ),
  requestedAt: Type.Optional(InstantInput('When it was ordered; now by default')),
});

export const labReportStatuses = ['pending', 'ready'] as const;

export const LabReportsQuery = Type.Object({
  status: Type.Optional(Type.Enum([...labReportStatuses])),
  ...PageQuery,
});

export const LabReportsListQuery = StrictObject({
  status: Type.Optional(Type.Enum([...labReportStatuses])),
  patient: Type.Optional(
    Type.String({ pattern: REGISTER_NUMBER_PATTERN, description: 'Register number' }),
  ),
  ...PageQuery,
});

export const LabReport = Type.Object({
  id: Type.String({ format: 'uuid' }),
  patient: Type.Object({ registerNumber: Type.String(), name: Type.String() }),
  appointmentId: Nullable(Type.String({ format: 'uuid' })),
  orderedBy: Nullable(Type.Object({ councilNumber: Nullable(Type.String()), name: Type.String() })),
  lab: Type.String(),
  exam: Type.String(),
  status: Type.Enum([...labReportStatuses]),
  requestedAt: Type.String({ format: 'date-time' }),
  readyAt: Nullable(Type.String({ format: 'date-time' })),
  /** The result file's details, for those who may read it (`null` for admins, and while pending). */
  file: Nullable(
    Type.Object({
      contentType: Type.String(),
      size: Type.Integer(),
      version: Type.Integer(),
      uploadedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const LabReportParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export type LabReportView = Static<typeof LabReport>;
export type LabReportsListFilter = Static<typeof LabReportsListQuery>;
export type NewLabReport = Static<typeof NewLabReportBody>;
