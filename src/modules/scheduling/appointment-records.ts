import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { appointments } from '../../db/schema/scheduling.js';
import { toZonedIso } from '../../lib/time.js';
import { usersRelation } from '../accounts/index.js';
import { patientsRelation, professionalsRelation, specialtiesRelation } from '../people/index.js';
import type { AppointmentView } from './appointments-schemas.js';
import { ticketLabel } from './tickets.js';

const patients = patientsRelation();
const professionals = professionalsRelation();
const specialties = specialtiesRelation();
const patientUser = usersRelation('patient_user');
const professionalUser = usersRelation('professional_user');

export const appointmentColumns = {
  id: appointments.id,
  patientUserId: appointments.patientUserId,
  professionalUserId: appointments.professionalUserId,
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  status: appointments.status,
  reason: appointments.reason,
  ticket: appointments.ticket,
  priority: appointments.priority,
  priorityReason: appointments.priorityReason,
  cancelReason: appointments.cancelReason,
  forced: appointments.forced,
  createdAt: appointments.createdAt,
  checkedInAt: appointments.checkedInAt,
  calledAt: appointments.calledAt,
  finishedAt: appointments.finishedAt,
  noShowAt: appointments.noShowAt,
  revision: appointments.revision,
  patientRegisterNumber: patients.registerNumber,
  patientName: patientUser.name,
  professionalCouncilNumber: professionals.councilNumber,
  professionalName: professionalUser.name,
  professionalOffice: professionals.officeNumber,
  professionalGender: professionals.gender,
  specialty: specialties.name,
};

/**
 * Appointments with the names of their patient and professional, in one query. Each row also
 * carries the count of all rows matching (before any limit): a page and its total at once.
 */
export function selectAppointments(executor: Executor) {
  return executor
    .select({ ...appointmentColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(appointments)
    .innerJoin(patients, eq(patients.userId, appointments.patientUserId))
    .innerJoin(patientUser, eq(patientUser.id, appointments.patientUserId))
    .innerJoin(professionals, eq(professionals.userId, appointments.professionalUserId))
    .innerJoin(professionalUser, eq(professionalUser.id, appointments.professionalUserId))
    .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey));
}

export type AppointmentRecord = Awaited<ReturnType<typeof selectAppointments>>[number];

export function toAppointmentView(row: AppointmentRecord, timeZone: string): AppointmentView {
  const zoned = (instant: Date | null) => (instant ? toZonedIso(instant, timeZone) : null);
  return {
    id: row.id,
    patient: { registerNumber: row.patientRegisterNumber, name: row.patientName },
    professional: {
      councilNumber: row.professionalCouncilNumber,
      name: row.professionalName,
      specialty: row.specialty,
      officeNumber: row.professionalOffice,
    },
    startsAt: toZonedIso(row.startsAt, timeZone),
    endsAt: toZonedIso(row.endsAt, timeZone),
    status: row.status,
    reason: row.reason,
    ticket: row.ticket === null ? null : ticketLabel(row.priority, row.ticket),
    priority: row.priority,
    priorityReason: row.priorityReason,
    cancelReason: row.cancelReason,
    forced: row.forced,
    createdAt: toZonedIso(row.createdAt, timeZone),
    checkedInAt: zoned(row.checkedInAt),
    calledAt: zoned(row.calledAt),
    finishedAt: zoned(row.finishedAt),
    noShowAt: zoned(row.noShowAt),
  };
}
