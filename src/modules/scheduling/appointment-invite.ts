import ical, { ICalEventStatus } from 'ical-generator';
import type { Config } from '../../config.js';
import { appointmentUid } from '../notifications/index.js';
import type { AppointmentRecord } from './appointment-records.js';

export type InviteLanguage = 'en' | 'pt-BR';

const texts = {
  en: {
    summary: (professional: string) => `Appointment with ${professional}`,
    office: (office: string) => `Room ${office}`,
  },
  'pt-BR': {
    summary: (professional: string) => `Consulta com ${professional}`,
    office: (office: string) => `Consultório ${office}`,
  },
} satisfies Record<InviteLanguage, unknown>;

/**
 * One appointment as an `.ics` file for the patient's own calendar ("add to calendar"). It keeps
 * the UID and SEQUENCE of the e-mails' invitations and of the professional's feed, so importing it
 * after the booking e-mail's invitation updates the same event instead of adding a second one.
 */
export function appointmentInvite(
  appointment: AppointmentRecord,
  language: InviteLanguage,
  clinic: Pick<Config['clinic'], 'name' | 'address' | 'timeZone'>,
): string {
  const text = texts[language];
  const calendar = ical({
    prodId: { company: 'ClinicDesk', product: 'ClinicDesk', language: 'EN' },
  });
  calendar.x('X-WR-TIMEZONE', clinic.timeZone);
  const where = [
    clinic.name,
    clinic.address,
    appointment.professionalOffice ? text.office(appointment.professionalOffice) : null,
  ].filter((part): part is string => Boolean(part));
  calendar.createEvent({
    id: appointmentUid(appointment.id),
    sequence: appointment.revision,
    start: appointment.startsAt,
    end: appointment.endsAt,
    summary: `${text.summary(appointment.professionalName)} (${appointment.specialty})`,
    location: where.join(', '),
    description: appointment.reason,
    status:
      appointment.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return calendar.toString();
}
