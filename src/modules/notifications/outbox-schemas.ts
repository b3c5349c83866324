import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { roles } from '../../http/access.js';
import { channelNames } from './message.js';

/*
 * The outbox's contract: every kind of event, each with its payload. Writers build an
 * `OutboxEvent` (the type checks them), and the worker reads rows back through
 * `readOutboxEvent` (the same schemas check them at run time), so neither side guesses the
 * other's shape. docs/events.md lists the kinds and their fields; a test keeps it true.
 */

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

/**
 * An appointment's statuses as events carry them. Scheduling's own list cannot be imported here
 * (scheduling writes to this module's outbox, so this module uses none of scheduling): the
 * payload type refuses a status scheduling has and this list lacks, and a test checks the two
 * lists are the same.
 */
export const eventAppointmentStatuses = [
  'scheduled',
  'checked_in',
  'in_progress',
  'finished',
  'cancelled',
  'no_show',
] as const;

/** An appointment as it is after the change (for `deleted`, as it was before). */
export const AppointmentPayload = Type.Object({
  appointmentId: Uuid,
  status: Type.Enum([...eventAppointmentStatuses]),
  /** Bumped by every change: the iCalendar SEQUENCE of the attachment. */
  revision: Type.Integer({ minimum: 0 }),
  /** ISO 8601 with the clinic's offset. */
  startsAt: Instant,
  endsAt: Instant,
  timeZone: Type.String({ minLength: 1 }),
  reason: NullableString,
  cancelReason: NullableString,
  /** `N001`, `P002` once checked in. */
  ticket: NullableString,
  forced: Type.Boolean(),
  patient: Type.Object({ userId: Uuid, registerNumber: Type.String(), name: Type.String() }),
  professional: Type.Object({
    userId: Uuid,
    councilNumber: Type.String(),
    name: Type.String(),
    specialty: Type.String(),
    officeNumber: NullableString,
  }),
  /** `null` when the app itself made the change (the automatic no-show). */
  actor: Type.Union([Type.Object({ userId: Uuid, role: Type.Enum([...roles]) }), Type.Null()]),
  changes: Type.Array(
    Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() }),
  ),
});

const ReminderPayload = Type.Object({
  ...AppointmentPayload.properties,
  /** Which of `REMINDER_OFFSETS` it is, in minutes before the start. */
  offsetMinutes: Type.Integer({ minimum: 1 }),
});

/** The code travels in plain text only until the worker has planned its message. */
const CodePayload = Type.Object({
  userId: Uuid,
  channel: Type.Enum([...channelNames]),
  destination: Type.String({ minLength: 1 }),
  code: Type.String({ minLength: 1 }),
  minutes: Type.Integer({ minimum: 1 }),
});

const PasswordChangedPayload = Type.Object({ userId: Uuid, at: Instant });

/** The exam is not in it: notices name the lab only. */
const LabReportPayload = Type.Object({
  labReportId: Uuid,
  patient: Type.Object({ userId: Uuid, registerNumber: Type.String(), name: Type.String() }),
  /** The professional who ordered it, told too; `null` when the desk registered it alone. */
  orderedByUserId: Type.Union([Uuid, Type.Null()]),
  lab: Type.String({ minLength: 1 }),
});

const kind = <T extends string, P extends TSchema>(type: T, payload: P) =>
  Type.Object({ type: Type.Literal(type), payload });

/** Every event kind with its payload: the one list the type, the check and the docs come from. */
export const OutboxEventSchema = Type.Union([
  // One per `AppointmentAction` of scheduling (a test checks that the two lists agree).
  kind('appointment.booked', AppointmentPayload),
  kind('appointment.rescheduled', AppointmentPayload),
  kind('appointment.updated', AppointmentPayload),
  kind('appointment.cancelled', AppointmentPayload),
  kind('appointment.deleted', AppointmentPayload),
  kind('appointment.checked_in', AppointmentPayload),
  kind('appointment.called', AppointmentPayload),
  kind('appointment.finished', AppointmentPayload),
  kind('appointment.no_show', AppointmentPayload),
  kind('appointment.reminder', ReminderPayload),
  kind('code.email_verification', CodePayload),
  kind('code.phone_verification', CodePayload),
  kind('code.password_reset', CodePayload),
  kind('password.changed', PasswordChangedPayload),
  kind('lab_report.ready', LabReportPayload),
]);

export type OutboxEvent = Static<typeof OutboxEventSchema>;
export type OutboxEventType = OutboxEvent['type'];
export type OutboxEventOf<T extends OutboxEventType> = Extract<OutboxEvent, { type: T }>;
export type AppointmentPayload = Static<typeof AppointmentPayload>;

type Member = (typeof OutboxEventSchema.anyOf)[number];
const compile = (member: Member) => Compile(member);
// Compiled once: the worker checks every event it reads.
const validators = new Map<string, ReturnType<typeof compile>>(
  OutboxEventSchema.anyOf.map((member) => [member.properties.type.const, compile(member)]),
);

export const outboxEventTypes: readonly OutboxEventType[] = OutboxEventSchema.anyOf.map(
  (member) => member.properties.type.const,
);

export type ReadOutboxEvent = { ok: true; event: OutboxEvent } | { ok: false; problem: string };

/**
 * A stored row as the event it claims to be, or why it is not one: an unknown type, or a
 * payload that does not match its type (the problem names the field, never its value, which
 * may be a code).
 */
export function readOutboxEvent(row: { type: string; payload: unknown }): ReadOutboxEvent {
  const validator = validators.get(row.type);
  if (!validator) return { ok: false, problem: 'unknown type' };
  const candidate = { type: row.type, payload: row.payload };
  if (validator.Check(candidate)) return { ok: true, event: candidate };
  const [first] = validator.Errors(candidate);
  return { ok: false, problem: `${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}` };
}
