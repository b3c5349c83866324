import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { appointmentHistory, type AppointmentChange } from '../../db/schema/scheduling.js';
import type { Actor } from '../../http/access.js';
import { toZonedIso } from '../../lib/time.js';
import { outboxInsert, type AppointmentPayload, type OutboxEvent } from '../notifications/index.js';
import { DISPLAY_CHANNEL, QUEUE_CHANNEL, ticketLabel } from './tickets.js';
import type { AppointmentRecord } from './appointment-records.js';

export type AppointmentAction =
  | 'booked'
  | 'rescheduled'
  | 'updated'
  | 'cancelled'
  | 'deleted'
  | 'checked_in'
  | 'called'
  | 'finished'
  | 'no_show';

export interface AppointmentEvent {
  action: AppointmentAction;
  appointment: AppointmentRecord;
  actor: Actor;
  changes?: AppointmentChange[];
  reason?: string | null;
  /** When it happened by the app's clock (default: the database's). */
  at?: Date;
}

/**
 * Records a change of an appointment twice, in the caller's transaction: in its history (who,
 * when, what changed) and in the outbox, as an `appointment.<action>` event carrying what the
 * notices to the patient and the professional need. Both commit with the change or not at all.
 * On commit, PostgreSQL also tells every app instance that the professional's queue changed
 * and, for a call, that the waiting-room screens have a ticket to show.
 * Returns the history entry's id.
 */
export async function recordAppointmentEvent(
  tx: Executor,
  event: AppointmentEvent,
  timeZone: string,
): Promise<number> {
  const [row] = await tx.execute<{ id: string }>(appointmentEventStatement(event, timeZone));
  return Number(row!.id);
}

/**
 * The statement `recordAppointmentEvent` runs: one for all of it, since this runs inside every
 * booking's transaction. With `change`, a statement that writes the appointment (a booking's
 * insert) runs first, the history entry being written from its result; with `audit`, the
 * audit entry's insert joins them: a booking is then a single statement, its own transaction.
 */
export function appointmentEventStatement(
  event: AppointmentEvent,
  timeZone: string,
  parts: {
    change?: SQL;
    audit?: SQL;
    /** The notices are sent after the commit (calendar-notices.ts), not by this statement. */
    noticesAfterCommit?: boolean;
  } = {},
): SQL {
  const actorUserId = event.actor.kind === 'user' ? event.actor.userId : null;
  const changes = event.changes ?? [];
  const outboxEvent: OutboxEvent = {
    type: `appointment.${event.action}`,
    payload: eventPayload(event, changes, timeZone),
  };
  return sql`
    with ${parts.change ? sql`change as (${parts.change}), ` : sql``}history as (
      insert into ${appointmentHistory}
        (appointment_id, actor_user_id, action, changes, reason, at)
      select ${event.appointment.id}::uuid, ${actorUserId}::uuid, ${event.action},
        ${JSON.stringify(changes)}::jsonb, ${event.reason ?? null}::text,
        coalesce(${event.at?.toISOString() ?? null}::timestamptz, now())
      ${parts.change ? sql`from change` : sql``}
      returning id
    ), event as (${outboxInsert(outboxEvent)})${parts.audit ? sql`, audit as (${parts.audit})` : sql``}
    select history.id${
      parts.noticesAfterCommit
        ? sql``
        : sql`,
      pg_notify(${QUEUE_CHANNEL}, ${event.appointment.professionalUserId}),
      case when ${event.action} = 'called'
        then pg_notify(${DISPLAY_CHANNEL}, history.id::text) end`
    }
    from history`;
}

/** What an `appointment.*` event carries (docs/events.md). */
export function eventPayload(
  event: AppointmentEvent,
  changes: AppointmentChange[],
  timeZone: string,
): AppointmentPayload {
  const { appointment: row } = event;
  return {
    appointmentId: row.id,
    status: row.status,
    /** Bumped by every change: the iCalendar SEQUENCE of the attachment. */
    revision: row.revision,
    startsAt: toZonedIso(row.startsAt, timeZone),
    endsAt: toZonedIso(row.endsAt, timeZone),
    timeZone,
    reason: row.reason,
    cancelReason: row.cancelReason,
    ticket: row.ticket === null ? null : ticketLabel(row.priority, row.ticket),
    forced: row.forced,
    patient: {
      userId: row.patientUserId,
      registerNumber: row.patientRegisterNumber,
      name: row.patientName,
    },
    professional: {
      userId: row.professionalUserId,
      councilNumber: row.professionalCouncilNumber,
      name: row.professionalName,
      specialty: row.specialty,
      officeNumber: row.professionalOffice,
    },
    actor:
      event.actor.kind === 'user' ? { userId: event.actor.userId, role: event.actor.role } : null,
    changes,
  };
}
