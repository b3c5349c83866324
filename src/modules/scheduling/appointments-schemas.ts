import { Type, type Static } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { DayInput, InstantInput, Nullable, StrictObject } from '../../http/schemas.js';
import { REGISTER_NUMBER_PATTERN } from '../people/index.js';
import { appointmentStatuses } from './appointment-status.js';

const CouncilNumberInput = Type.String({
  pattern: '^[0-9]{4}-[A-Za-z]{2}$',
  description: 'e.g. 9876-RJ (any case)',
});
const RegisterNumberInput = Type.String({
  pattern: REGISTER_NUMBER_PATTERN,
  description: 'e.g. ZxcVaS-2 (case-sensitive)',
});
const Instant = InstantInput('ISO 8601 with offset, e.g. 2026-12-23T10:00:00-03:00');
const Day = DayInput('YYYY-MM-DD in the clinic time zone');
const ReasonInput = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' });
const Status = Type.Enum([...appointmentStatuses]);

export const NewAppointmentBody = StrictObject({
  professional: CouncilNumberInput,
  patient: Type.Optional(
    Type.Union([RegisterNumberInput], {
      description: 'Required for admins; a patient books for themselves.',
    }),
  ),
  startsAt: Instant,
  reason: Type.Optional(ReasonInput),
  force: Type.Optional(
    Type.Boolean({
      description:
        'Admins only: book outside the working hours, inside the minimum notice, or on top of ' +
        'another appointment of the professional. Audited.',
    }),
  ),
});

export const RescheduleBody = StrictObject(
  {
    startsAt: Type.Optional(Instant),
    professional: Type.Optional(CouncilNumberInput),
    reason: Type.Optional(Nullable(ReasonInput)),
    force: Type.Optional(Type.Boolean({ description: 'As for booking.' })),
  },
  { minProperties: 1 },
);

export const CancelBody = StrictObject({ reason: Type.Optional(ReasonInput) });

export const AppointmentParams = StrictObject({ id: Type.String({ format: 'uuid' }) });

export const AppointmentsQuery = StrictObject({
  patient: Type.Optional(RegisterNumberInput),
  professional: Type.Optional(CouncilNumberInput),
  status: Type.Optional(Status),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  ...PageQuery,
});

export const PatientAppointmentsQuery = StrictObject({
  when: Type.Optional(
    Type.Enum(['upcoming', 'past'], {
      default: 'upcoming',
      description: 'past includes cancelled appointments, with their reason',
    }),
  ),
  ...PageQuery,
});

export const ProfessionalAppointmentsQuery = StrictObject({
  date: Type.Optional(Day),
  status: Type.Optional(
    Type.Enum(['open', ...appointmentStatuses], {
      description: 'open: scheduled, checked in or in progress',
    }),
  ),
  ...PageQuery,
});

export const Appointment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  patient: Type.Object({ registerNumber: Type.String(), name: Type.String() }),
  professional: Type.Object({
    councilNumber: Type.String(),
    name: Type.String(),
    specialty: Type.String(),
    officeNumber: Nullable(Type.String({ description: 'Where the patient goes: the room.' })),
  }),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Status,
  reason: Nullable(Type.String()),
  ticket: Nullable(
    Type.String({ description: 'The day’s queue ticket from check-in: P001 (priority), N002' }),
  ),
  priority: Type.Integer({
    minimum: 0,
    maximum: 2,
    description: 'Legal priority in the queue: 2 aged 80+, 1 other legal priority, 0 none',
  }),
  priorityReason: Nullable(
    Type.String({ description: 'aged_80, aged_60, pregnant, disability, infant or other' }),
  ),
  cancelReason: Nullable(Type.String()),
  forced: Type.Boolean(),
  createdAt: Type.String(),
  checkedInAt: Nullable(Type.String()),
  calledAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
  noShowAt: Nullable(Type.String()),
});

export const AppointmentChangeSchema = Type.Object({
  field: Type.String(),
  from: Type.Unknown(),
  to: Type.Unknown(),
});

export const AppointmentHistoryEntry = Type.Object({
  at: Type.String(),
  action: Type.String(),
  actor: Nullable(Type.Object({ name: Type.String(), role: Type.String() })),
  changes: Type.Array(AppointmentChangeSchema),
  reason: Nullable(Type.String()),
});

export type NewAppointmentInput = Static<typeof NewAppointmentBody>;
export type RescheduleInput = Static<typeof RescheduleBody>;
export type AppointmentsFilter = Static<typeof AppointmentsQuery>;
export type AppointmentView = Static<typeof Appointment>;
export type AppointmentHistoryView = Static<typeof AppointmentHistoryEntry>;
