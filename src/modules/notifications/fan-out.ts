import type { Executor } from '../../db/database.js';
import type { ChannelName, Language } from './message.js';
import type { AppointmentPayload, OutboxEvent, OutboxEventOf } from './outbox-schemas.js';
import type { Recipient, RecipientDirectory } from './recipients.js';
import type { AppointmentFacts, LabReportFacts, NotificationKind } from './templates/kinds.js';

/** One message to be: who, on which channel, where, in which language, with what. */
export interface PlannedMessage {
  kind: NotificationKind;
  recipientUserId: string;
  channel: ChannelName;
  destination: string;
  language: Language;
  payload: DeliveryPayload;
}

/** What a message's row keeps for rendering it when it is delivered. */
export type DeliveryPayload = {
  audience: 'patient' | 'professional' | 'user';
  recipientName: string;
  appointment?: AppointmentFacts & { revision?: number; status?: string };
  /** A reminder's offset (`REMINDER_OFFSETS`), for the record: the wording comes from when it is sent. */
  reminderOffsetMinutes?: number;
  code?: { value: string; minutes: number };
  labReport?: LabReportFacts;
  /** When the thing happened (a password change), whenever the message goes out. */
  occurredAt?: string;
};

/**
 * The messages an outbox event becomes: for appointments, the patient and the professional
 * each on the channels they enabled (WhatsApp only with an opt-in); codes to the one
 * destination they were asked for; security notices whatever the preferences. Events nobody
 * is told about (check-in, call, a change of the reason only) become nothing. Every kind is
 * named here, so a new one does not compile until it is decided who hears of it.
 */
export async function planMessages(
  tx: Executor,
  event: OutboxEvent,
  directory: RecipientDirectory,
): Promise<PlannedMessage[]> {
  const people: People = { tx, directory };
  switch (event.type) {
    case 'appointment.booked':
    case 'appointment.rescheduled':
    case 'appointment.cancelled':
    case 'appointment.finished':
    case 'appointment.reminder':
      return planAppointmentNotices(people, event.type, event.payload);
    case 'appointment.deleted':
      // An entry deleted as made in error: both were told of the booking, so both hear it is gone.
      return planAppointmentNotices(people, 'appointment.removed', event.payload);
    case 'appointment.updated':
    case 'appointment.checked_in':
    case 'appointment.called':
    case 'appointment.no_show':
      return [];
    case 'code.email_verification':
    case 'code.phone_verification':
    case 'code.password_reset':
      return planCode(people, event);
    case 'password.changed':
      return planSecurityNotice(people, event.payload);
    case 'lab_report.ready':
      return planLabReport(people, event.payload);
  }
}

/** The directory, read in the transaction that plans the messages. */
interface People {
  tx: Executor;
  directory: RecipientDirectory;
}

/** A reminder's payload is the appointment's and its offset. */
type AppointmentNotice = AppointmentPayload & { offsetMinutes?: number };

async function planAppointmentNotices(
  people: People,
  kind: NotificationKind,
  appointment: AppointmentNotice,
): Promise<PlannedMessage[]> {
  const audiences = [
    ['patient', appointment.patient.userId],
    ['professional', appointment.professional.userId],
  ] as const;
  const recipients = await recipientsById(
    people,
    audiences.map(([, id]) => id),
  );
  // Moved to another professional: for the new one it is a new appointment, not a change.
  const movedHere =
    kind === 'appointment.rescheduled' &&
    appointment.changes.some((change) => change.field === 'professional');
  const notices = audiences.flatMap(([audience, userId]) => {
    const recipient = recipients.get(userId);
    if (!recipient?.active) return [];
    const kindFor = audience === 'professional' && movedHere ? 'appointment.booked' : kind;
    return enabledChannels(recipient).map((channel) =>
      planned(kindFor, recipient, channel, {
        audience,
        recipientName: recipient.name,
        appointment,
        ...(appointment.offsetMinutes === undefined
          ? {}
          : { reminderOffsetMinutes: appointment.offsetMinutes }),
      }),
    );
  });
  if (kind === 'appointment.rescheduled')
    notices.push(...(await planTransfer(people, appointment)));
  return notices;
}

/**
 * A move to another professional: the former one hears that the appointment left their
 * schedule, described as it was for them (their name, the old times). They are found by the
 * council number in the `professional` change (current or former numbers); if it resolves to
 * no one, nobody more is told.
 */
async function planTransfer(people: People, event: AppointmentNotice): Promise<PlannedMessage[]> {
  const before = (field: string) => event.changes.find((x) => x.field === field)?.from;
  const former = before('professional');
  if (!isObject(former) || typeof former.councilNumber !== 'string') return [];
  const professional = await people.directory.professionalByCouncilNumber(
    people.tx,
    former.councilNumber,
  );
  if (!professional || professional.userId === event.professional.userId) return [];
  const recipient = (await recipientsById(people, [professional.userId])).get(professional.userId);
  if (!recipient?.active) return [];
  const startsAt = before('startsAt');
  const endsAt = before('endsAt');
  const asItWas: AppointmentNotice = {
    ...event,
    startsAt: typeof startsAt === 'string' ? startsAt : event.startsAt,
    endsAt: typeof endsAt === 'string' ? endsAt : event.endsAt,
    professional: {
      userId: professional.userId,
      name: typeof former.name === 'string' ? former.name : recipient.name,
      councilNumber: former.councilNumber,
      specialty: professional.specialty,
      officeNumber: professional.officeNumber,
    },
  };
  return enabledChannels(recipient).map((channel) =>
    planned('appointment.transferred', recipient, channel, {
      audience: 'professional',
      recipientName: recipient.name,
      appointment: asItWas,
    }),
  );
}

async function planCode(
  people: People,
  event: OutboxEventOf<
    'code.email_verification' | 'code.phone_verification' | 'code.password_reset'
  >,
): Promise<PlannedMessage[]> {
  const { userId, channel, destination, code, minutes } = event.payload;
  const recipient = (await recipientsById(people, [userId])).get(userId);
  if (!recipient) return [];
  return [
    {
      kind: event.type,
      recipientUserId: userId,
      channel,
      destination,
      language: recipient.language,
      payload: { audience: 'user', recipientName: recipient.name, code: { value: code, minutes } },
    },
  ];
}

async function planSecurityNotice(
  people: People,
  payload: OutboxEventOf<'password.changed'>['payload'],
): Promise<PlannedMessage[]> {
  const { userId } = payload;
  const recipient = (await recipientsById(people, [userId])).get(userId);
  if (!recipient) return [];
  // Security notices ignore the preferences: e-mail always, and SMS when there is a phone.
  const channels: ChannelName[] = recipient.phone ? ['email', 'sms'] : ['email'];
  return channels.map((channel) =>
    planned('password.changed', recipient, channel, {
      audience: 'user',
      recipientName: recipient.name,
      occurredAt: payload.at,
    }),
  );
}

async function planLabReport(
  people: People,
  payload: OutboxEventOf<'lab_report.ready'>['payload'],
): Promise<PlannedMessage[]> {
  const { patient, orderedByUserId, lab } = payload;
  const ids = orderedByUserId ? [patient.userId, orderedByUserId] : [patient.userId];
  const recipients = await recipientsById(people, ids);
  const notices = (
    audience: 'patient' | 'professional',
    userId: string,
    labReport: LabReportFacts,
  ): PlannedMessage[] => {
    const recipient = recipients.get(userId);
    if (!recipient?.active) return [];
    return enabledChannels(recipient).map((channel) =>
      planned('lab_report.ready', recipient, channel, {
        audience,
        recipientName: recipient.name,
        labReport,
      }),
    );
  };
  return [
    ...notices('patient', patient.userId, { lab }),
    // The professional who ordered it learns whose it is; the patient's own notice needs not.
    ...(orderedByUserId
      ? notices('professional', orderedByUserId, {
          lab,
          patient: { name: patient.name, registerNumber: patient.registerNumber },
        })
      : []),
  ];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The channels a person takes notices on: WhatsApp only with a recorded opt-in. */
function enabledChannels(recipient: Recipient): ChannelName[] {
  const channels: ChannelName[] = [];
  if (recipient.notifyEmail) channels.push('email');
  if (recipient.phone && recipient.notifyWhatsapp && recipient.whatsappOptInAt) {
    channels.push('whatsapp');
  }
  if (recipient.phone && recipient.notifySms) channels.push('sms');
  return channels;
}

function planned(
  kind: NotificationKind,
  recipient: Recipient,
  channel: ChannelName,
  payload: DeliveryPayload,
): PlannedMessage {
  return {
    kind,
    recipientUserId: recipient.id,
    channel,
    destination: channel === 'email' ? recipient.email : recipient.phone!,
    language: recipient.language,
    payload,
  };
}

function recipientsById(people: People, ids: string[]): Promise<Map<string, Recipient>> {
  return people.directory.recipients(people.tx, ids);
}
