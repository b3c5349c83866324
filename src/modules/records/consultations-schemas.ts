import { Type, type Static } from 'typebox';
import { Nullable, StrictObject } from '../../http/schemas.js';
import { CID10_PATTERN } from './cid10.js';
import { LabReport } from './lab-reports-schemas.js';
import { Prescription } from './prescriptions-schemas.js';

export { CID10_PATTERN };

export const DiagnosisInput = StrictObject({
  description: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  code: Type.Optional(
    Type.String({ pattern: CID10_PATTERN, description: 'CID-10 code, e.g. J06.9' }),
  ),
});

const NotesInput = Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S' });
const FollowUpInput = Type.String({ minLength: 1, maxLength: 2_000, pattern: '\\S' });

/** What the professional writes of a consultation: at finish, or later as a new version. */
export const ConsultationFields = {
  notes: Type.Optional(NotesInput),
  diagnoses: Type.Optional(Type.Array(DiagnosisInput, { maxItems: 20 })),
  followUp: Type.Optional(FollowUpInput),
};

export const ConsultationUpdateBody = StrictObject({
  notes: NotesInput,
  diagnoses: Type.Optional(Type.Array(DiagnosisInput, { maxItems: 20 })),
  followUp: Type.Optional(Nullable(FollowUpInput)),
  basedOnVersion: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'The version this change was written from; 409 when someone saved another since.',
    }),
  ),
});

export const Diagnosis = Type.Object({ description: Type.String(), code: Nullable(Type.String()) });

const Author = Nullable(Type.Object({ name: Type.String() }));

export const ConsultationVersion = Type.Object({
  version: Type.Integer(),
  notes: Type.String(),
  diagnoses: Type.Array(Diagnosis),
  followUp: Nullable(Type.String()),
  writtenAt: Type.String({ format: 'date-time' }),
  writtenBy: Author,
});

export const Consultation = Type.Object({
  /** The finished appointment's id. */
  id: Type.String({ format: 'uuid' }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  patient: Type.Object({ registerNumber: Type.String(), name: Type.String() }),
  professional: Type.Object({
    councilNumber: Type.String(),
    name: Type.String(),
    specialty: Type.String(),
  }),
  notes: Nullable(Type.String()),
  diagnoses: Type.Array(Diagnosis),
  followUp: Nullable(Type.String()),
  /** 0 when nothing was written yet. */
  version: Type.Integer(),
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
  updatedBy: Author,
  prescriptions: Type.Array(Prescription),
  labReports: Type.Array(LabReport),
});

export const ConsultationDetail = Type.Object({
  ...Consultation.properties,
  /** Every version, latest first. */
  history: Type.Array(ConsultationVersion),
});

export const ConsultationParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export type ConsultationView = Static<typeof Consultation>;
export type ConsultationDetailView = Static<typeof ConsultationDetail>;
