import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { DeliveryPayload } from './fan-out.js';
import type { OutgoingMessage } from './message.js';
import type { NotificationKind } from './templates/kinds.js';

type Attachment = NonNullable<OutgoingMessage['attachments']>[number];
type Appointment = NonNullable<DeliveryPayload['appointment']>;

/**
 * An appointment's iCalendar UID, the same in the e-mails' attachments and in the professional's
 * feed (scheduling's), so a calendar app sees one event that changes rather than several.
 */
export const appointmentUid = (appointmentId: string) => `${appointmentId}@clinicdesk`;

/** Kinds whose e-mail puts the appointment in the recipient's calendar, or takes it out. */
const methods: Partial<Record<NotificationKind, ICalCalendarMethod>> = {
  'appointment.booked': ICalCalendarMethod.REQUEST,
  'appointment.rescheduled': ICalCalendarMethod.REQUEST,
  'appointment.cancelled': ICalCalendarMethod.CANCEL,
  'appointment.removed': ICalCalendarMethod.CANCEL,
};

/**
 * The `.ics` attached to an appointment e-mail, if its kind has one: one event with the
 * appointment's UID (the same as in the professional's feed) and its revision as SEQUENCE, so a
 * calendar app that imported the booking updates that event when the appointment moves, and
 * drops it on a cancellation or a deletion (METHOD:CANCEL).
 */
export function appointmentAttachment(
  kind: NotificationKind,
  appointment: Appointment,
  summary: string,
): Attachment | undefined {
  const method = methods[kind];
  if (!method) return undefined;
  return {
    filename: 'appointment.ics',
    contentType: `text/calendar; charset=utf-8; method=${method}`,
    content: appointmentInvite(appointment, summary, method, kind === 'appointment.removed'),
  };
}

function appointmentInvite(
  appointment: Appointment,
  summary: string,
  method: ICalCalendarMethod,
  deleted: boolean,
): string {
  const calendar = ical({
    prodId: { company: 'ClinicDesk', product: 'ClinicDesk', language: 'EN' },
    method,
  });
  // A deletion's event carries the appointment as it was: its last revision, which the
  // recipient's calendar already has; a cancel must come after it to win.
  const sequence = (appointment.revision ?? 0) + (deleted ? 1 : 0);
  calendar.createEvent({
    id: appointmentUid(appointment.appointmentId),
    sequence,
    start: new Date(appointment.startsAt),
    end: new Date(appointment.endsAt),
    summary,
    location: appointment.professional.officeNumber ?? undefined,
    description: appointment.reason ?? undefined,
    ...(method === ICalCalendarMethod.CANCEL ? { status: ICalEventStatus.CANCELLED } : {}),
  });
  return calendar.toString();
}
