import ical, { ICalCalendarMethod } from 'ical-generator';
import { appointmentUid } from '../scheduling/calendar-service.js';
import type { DeliveryPayload } from './fan-out.js';

/**
 * The `.ics` attached to booking and rescheduling e-mails: one event with the appointment's UID
 * (the same as in the professional's feed) and its revision as SEQUENCE, so a calendar app
 * that imported the booking updates that event when the appointment moves.
 */
export function appointmentInvite(
  appointment: NonNullable<DeliveryPayload['appointment']>,
  summary: string,
): string {
  const calendar = ical({
    prodId: { company: 'ClinicDesk', product: 'ClinicDesk', language: 'EN' },
    method: ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: appointmentUid(appointment.appointmentId),
    sequence: appointment.revision ?? 0,
    start: new Date(appointment.startsAt),
    end: new Date(appointment.endsAt),
    summary,
    location: appointment.professional.officeNumber ?? undefined,
    description: appointment.reason ?? undefined,
  });
  return calendar.toString();
}
