import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.js';
import { appointments, type AppointmentStatus } from '../../db/schema/scheduling.js';
import type { Actor } from '../../http/access.js';
import { conflict, unprocessable } from '../../http/problem.js';
import type { AuditContext, AuditService } from '../audit/index.js';
import { recordAppointmentEvent, type AppointmentAction } from './appointment-events.js';
import { selectAppointments, type AppointmentRecord } from './appointment-records.js';
import { assertTransition } from './appointment-status.js';

/** Where an appointment can go from where it is: a later status, or out (made in error). */
export type TransitionTarget = Exclude<AppointmentStatus, 'scheduled'> | 'deleted';

export interface TransitionDetails {
  actor: Actor;
  /** The request it came from, for the audit log; none for the background job's no-shows. */
  context?: AuditContext;
  /** When it happens, by the app's clock. */
  now: Date;
  /** A cancellation's reason. */
  reason?: string | null;
  /**
   * A check-in's day (today in the clinic's zone) and the legal priority the queue decided;
   * the ticket is the next number of the professional's day.
   */
  checkIn?: {
    day: string;
    priority: { level: number; reason: AppointmentRecord['priorityReason'] };
  };
}

/** The history's and the outbox event's name of each move. */
const actionOf: Record<TransitionTarget, AppointmentAction> = {
  checked_in: 'checked_in',
  in_progress: 'called',
  finished: 'finished',
  cancelled: 'cancelled',
  no_show: 'no_show',
  deleted: 'deleted',
};

/** The audit log's name of each move, as it has always been written. */
const auditActionOf: Record<TransitionTarget, string> = {
  checked_in: 'appointment.checked_in',
  in_progress: 'appointment.called',
  finished: 'appointment.finished',
  cancelled: 'appointment.cancel',
  no_show: 'appointment.no_show',
  deleted: 'appointment.delete',
};

/**
 * Every status change of an appointment, in one place: the state machine's check, the write
 * guarded by the status it was read in (409 when it changed meanwhile), the history entry and
 * the outbox event (one statement, see appointment-events.ts) and the audit entry for a
 * person's action, all in the caller's transaction. Scheduling owns the appointments table:
 * the front desk's check-in, call, finish and no-show come here as cancelling and deleting do.
 */
export class AppointmentLifecycle {
  constructor(
    private readonly audit: AuditService,
    private readonly timeZone: string,
  ) {}

  async transition(
    tx: Executor,
    current: AppointmentRecord,
    to: TransitionTarget,
    details: TransitionDetails,
  ): Promise<void> {
    if (to === 'deleted') {
      await this.remove(tx, current, details);
    } else {
      assertTransition(current.status, to);
      const updated = await tx
        .update(appointments)
        .set({
          ...columnsOf(to, current, details),
          status: to,
          updatedAt: details.now,
          revision: sql`${appointments.revision} + 1`,
        })
        .where(and(eq(appointments.id, current.id), eq(appointments.status, current.status)))
        .returning({ id: appointments.id });
      if (!updated.length) throw changedMeanwhile();
      const [appointment] = await selectAppointments(tx)
        .where(eq(appointments.id, current.id))
        .limit(1);
      await recordAppointmentEvent(
        tx,
        {
          action: actionOf[to],
          appointment: appointment!,
          actor: details.actor,
          changes: [{ field: 'status', from: current.status, to }],
          ...(to === 'cancelled' && { reason: details.reason ?? null }),
          at: details.now,
        },
        this.timeZone,
      );
    }
    if (details.context) {
      await this.audit.record(
        details.context,
        auditActionOf[to],
        [current.patientUserId],
        { appointmentId: current.id },
        tx,
      );
    }
  }

  /** An entry made in error leaves the calendar; its history and the event stay. */
  private async remove(
    tx: Executor,
    current: AppointmentRecord,
    details: TransitionDetails,
  ): Promise<void> {
    if (current.status === 'in_progress' || current.status === 'finished') {
      throw unprocessable(
        'An appointment that took place is part of the patient’s record and cannot be deleted.',
      );
    }
    const removed = await tx
      .delete(appointments)
      .where(and(eq(appointments.id, current.id), eq(appointments.status, current.status)))
      .returning({ id: appointments.id });
    if (!removed.length) throw changedMeanwhile();
    await recordAppointmentEvent(
      tx,
      { action: 'deleted', appointment: current, actor: details.actor, at: details.now },
      this.timeZone,
    );
  }
}

/** What each status writes besides itself. */
function columnsOf(
  to: Exclude<TransitionTarget, 'deleted'>,
  current: AppointmentRecord,
  details: TransitionDetails,
): PgUpdateSetSource<typeof appointments> {
  const { now } = details;
  switch (to) {
    case 'checked_in': {
      const { day, priority } = details.checkIn ?? { day: '', priority: undefined };
      if (!priority) throw new Error('A check-in needs its day and priority');
      return {
        checkedInAt: now,
        ticketDay: day,
        // The next number of the professional's day; the professional's lock (held by the
        // caller) makes it race-free and the unique index would refuse a duplicate all the same.
        ticket: sql`(select coalesce(max(same_day.ticket), 0) + 1 from ${appointments} same_day
          where same_day.professional_user_id = ${current.professionalUserId}::uuid
            and same_day.ticket_day = ${day}::date)`,
        priority: priority.level,
        priorityReason: priority.reason,
      };
    }
    case 'in_progress':
      return { calledAt: now };
    case 'finished':
      return { finishedAt: now };
    case 'no_show':
      return { noShowAt: now };
    case 'cancelled':
      return { cancelReason: details.reason ?? null, cancelledAt: now };
  }
}

const changedMeanwhile = () => conflict('The appointment changed meanwhile; please try again.');
