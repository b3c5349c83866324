import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/database.js';
import { appointmentHistory, appointments, workingHours } from '../../db/schema/scheduling.js';
import { anonymous } from '../../http/access.js';
import type {
  AppointmentPayload,
  AppointmentStillAt,
  RemindableAppointments,
} from '../notifications/index.js';
import { eventPayload } from './appointment-events.js';
import { selectAppointments, type AppointmentRecord } from './appointment-records.js';
import { activeStatuses } from './appointment-status.js';

/*
 * What other modules read of scheduling's tables. The relations are read-only subqueries that
 * PostgreSQL folds into the query that joins them, so a join keeps the plan and the indexes of
 * a join on the table; `alias` names each in its query.
 */

const query = new QueryBuilder();

/** Appointments as the queue reads them: its tickets, order, and times of the day. */
export function appointmentsRelation(alias = 'appointments') {
  return query
    .select({
      id: appointments.id,
      patientUserId: appointments.patientUserId,
      professionalUserId: appointments.professionalUserId,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      ticket: appointments.ticket,
      ticketDay: appointments.ticketDay,
      priority: appointments.priority,
      checkedInAt: appointments.checkedInAt,
      calledAt: appointments.calledAt,
      finishedAt: appointments.finishedAt,
    })
    .from(appointments)
    .as(alias);
}

/** The history of appointments (the waiting-room screens show its calls). */
export function appointmentHistoryRelation(alias = 'appointment_history') {
  return query
    .select({
      id: appointmentHistory.id,
      appointmentId: appointmentHistory.appointmentId,
      at: appointmentHistory.at,
      action: appointmentHistory.action,
    })
    .from(appointmentHistory)
    .as(alias);
}

/** Reminders are about the appointments still to come: scheduled or checked in. */
const remindable = ['scheduled', 'checked_in'] as const;

/** The appointments the notifications' reminders are about (their `RemindableAppointments`). */
export const remindableAppointments: RemindableAppointments = {
  startingWithin(from: string, minutes: number): SQL {
    return sql`select ${appointments.id}, ${appointments.startsAt} from ${appointments}
      where ${inArray(appointments.status, [...remindable])}
        and ${appointments.startsAt} > ${from}::timestamptz
        and ${appointments.startsAt} <= ${from}::timestamptz + make_interval(mins => ${minutes}::int)`;
  },

  async activePayloads(tx: Executor, ids: string[], timeZone: string) {
    const records = await selectAppointments(tx).where(inArray(appointments.id, ids));
    return records
      .filter((record) => (remindable as readonly string[]).includes(record.status))
      .map((record): { startsAt: Date; payload: AppointmentPayload } => ({
        startsAt: record.startsAt,
        // The action is not part of the payload; a reminder has no actor.
        payload: eventPayload(
          { action: 'booked', appointment: record, actor: anonymous },
          [],
          timeZone,
        ),
      }));
  },
};

/** Whether an appointment still holds its time and starts then (a reminder still due). */
export function appointmentStillAt(db: Db): AppointmentStillAt {
  return async (appointmentId, startsAt) => {
    const [row] = await db
      .select({ startsAt: appointments.startsAt })
      .from(appointments)
      .where(
        and(eq(appointments.id, appointmentId), inArray(appointments.status, [...activeStatuses])),
      );
    return row !== undefined && row.startsAt.getTime() === startsAt.getTime();
  };
}

/** One appointment with its patient's and professional's names (records refer to them). */
export async function appointmentById(
  executor: Executor,
  id: string,
): Promise<AppointmentRecord | undefined> {
  const [row] = await selectAppointments(executor).where(eq(appointments.id, id)).limit(1);
  return row;
}

/** A patient's finished appointments (their consultations), latest first; rows carry the total. */
export function finishedAppointmentsOf(
  executor: Executor,
  patientUserId: string,
  page: { limit: number; offset: number },
): Promise<AppointmentRecord[]> {
  return selectAppointments(executor)
    .where(and(eq(appointments.patientUserId, patientUserId), eq(appointments.status, 'finished')))
    .orderBy(desc(appointments.startsAt), desc(appointments.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** Every appointment starting in [start, end), any status, in time order (the day's board). */
export function appointmentsStartingIn(
  executor: Executor,
  start: Date,
  end: Date,
): Promise<AppointmentRecord[]> {
  return selectAppointments(executor)
    .where(and(gte(appointments.startsAt, start), lt(appointments.startsAt, end)))
    .orderBy(asc(appointments.startsAt), asc(appointments.id));
}

/** The professionals with working hours on a weekday (0 is Sunday), as user ids. */
export async function professionalsWorkingOn(executor: Executor, weekday: number) {
  const rows = await executor
    .selectDistinct({ userId: workingHours.professionalUserId })
    .from(workingHours)
    .where(eq(workingHours.weekday, weekday));
  return rows.map((row) => row.userId);
}
