import { Type, type Static } from 'typebox';
import { Nullable, StrictObject } from '../../http/schemas.js';
import { REGISTER_NUMBER_PATTERN } from '../people/index.js';
import { ConsultationFields } from '../records/index.js';
import { declaredPriorities } from './priority.js';

const PriorityFields = {
  priority: Type.Optional(
    Type.Boolean({
      description:
        'Legal priority declared at the desk (pregnant, disability, with an infant). Priority ' +
        'by age (60+, and 80+ before everyone) comes from the birth date by itself.',
    }),
  ),
  priorityReason: Type.Optional(Type.Enum([...declaredPriorities])),
};

export const CheckInBody = StrictObject(PriorityFields);

export const WalkInBody = StrictObject({
  professional: Type.String({ pattern: '^[0-9]{4}-[A-Za-z]{2}$', description: 'e.g. 9876-RJ' }),
  patient: Type.String({ pattern: REGISTER_NUMBER_PATTERN, description: 'e.g. ZxcVaS-2' }),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' })),
  ...PriorityFields,
});

export const FinishBody = StrictObject({
  ...ConsultationFields,
  notes: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 20_000,
      pattern: '\\S',
      description:
        'Consultation notes (with diagnoses and follow-up: the attending professional only).',
    }),
  ),
});

const Ticket = Type.String({ description: 'P001 (legal priority) or N002 (normal line)' });

export const QueueSnapshot = Type.Object({
  professional: Type.Object({
    councilNumber: Type.String(),
    name: Type.String(),
    specialty: Type.String(),
    officeNumber: Nullable(Type.String()),
  }),
  date: Type.String({ description: 'Today in the clinic time zone' }),
  inProgress: Nullable(
    Type.Object({
      ticket: Ticket,
      appointmentId: Type.String({ format: 'uuid' }),
      patientName: Type.String(),
      calledAt: Type.String(),
    }),
  ),
  waiting: Type.Array(
    Type.Object({
      ticket: Ticket,
      appointmentId: Type.String({ format: 'uuid' }),
      patientName: Type.String(),
      checkedInAt: Type.String(),
      position: Type.Integer({ minimum: 1 }),
      priority: Type.Boolean(),
      estimatedWaitMinutes: Type.Integer({ minimum: 0 }),
    }),
  ),
  count: Type.Integer({ minimum: 0 }),
  averageConsultationMinutes: Type.Integer({
    minimum: 0,
    description:
      'Median call-to-finish of the last 30 days’ consultations of 3 minutes or more; the ' +
      'slot length until there are 5 of them',
  }),
  estimatedWaitMinutes: Type.Integer({
    minimum: 0,
    description: 'For a new arrival: waiting × average + what is left of the one in progress',
  }),
  message: Type.String(),
  messagePt: Type.String(),
});

export type QueueSnapshot = Static<typeof QueueSnapshot>;
