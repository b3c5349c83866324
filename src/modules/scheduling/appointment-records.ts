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

/** An appointment's fields with its instants as Dates (from Drizzle) or epoch milliseconds. */
export type AppointmentFields = {
  [K in keyof AppointmentRecord]: AppointmentRecord[K] extends Date
    ? Date | number
    : AppointmentRecord[K] extends Date | null
      ? Date | number | null
      : AppointmentRecord[K];
};

const instantColumns = new Set<keyof typeof appointmentColumns>([
  'startsAt',
  'endsAt',
  'createdAt',
  'checkedInAt',
  'calledAt',
  'finishedAt',
  'noShowAt',
]);

/**
 * `selectAppointments` for a statement run by the driver itself (see appointment-pages.ts):
 * each column named as AppointmentFields names it, instants as epoch milliseconds (to the
 * millisecond, as the driver's Dates are; in double precision, which `extract`'s numeric would
 * cost PostgreSQL more to compute, exact once rounded), the total as a number. The driver then makes the
 * rows toAppointmentView reads, with no mapping by Drizzle and no Date per instant.
 */
export function selectAppointmentFields(executor: Executor) {
  const columns = Object.fromEntries(
    Object.entries(appointmentColumns).map(([name, column]) => [
      name,
      instantColumns.has(name as keyof typeof appointmentColumns)
        ? sql`round(date_part('epoch', date_trunc('milliseconds', ${column})) * 1000)`.as(name)
        : sql`${column}`.as(name),
    ]),
  );
  // The joins of selectAppointments (Drizzle's types do not carry a helper generic over the
  // fields); a test compares the two statements' appointments field by field.
  return executor
    .select({ ...columns, total: sql`(count(*) over ())::float8`.as('total') })
    .from(appointments)
    .innerJoin(patients, eq(patients.userId, appointments.patientUserId))
    .innerJoin(patientUser, eq(patientUser.id, appointments.patientUserId))
    .innerJoin(professionals, eq(professionals.userId, appointments.professionalUserId))
    .innerJoin(professionalUser, eq(professionalUser.id, appointments.professionalUserId))
    .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey));
}

export function toAppointmentView(row: AppointmentFields, timeZone: string): AppointmentView {
  const zoned = (instant: Date | number | null) =>
    instant === null ? null : toZonedIso(instant, timeZone);
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
