import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../db/database.js';
import { appointmentReminders } from '../../db/schema/notifications.js';
import type { Clock } from '../../lib/clock.js';
import type { AppointmentPayload, OutboxEvent } from './outbox-schemas.js';
import { recordOutboxEvents } from './outbox-writers.js';

export interface ReminderSettings {
  /** Minutes before the start that reminders go (`REMINDER_OFFSETS`). */
  offsetsMinutes: readonly number[];
  timeZone: string;
}

/**
 * The appointments reminders are about: scheduling's, handed in by src/services.ts (this module
 * uses no other). Both run in the reminders' transaction.
 */
export interface RemindableAppointments {
  /**
   * The active appointments (scheduled or checked in) starting after `from` and at most
   * `minutes` later: a relation of `id` and `starts_at` for the reminders' statement to select
   * from, so the search stays one range of the start-time index.
   */
  startingWithin(from: string, minutes: number): SQL;
  /** The payloads of these appointments as they are now, for those still active. */
  activePayloads(
    tx: Executor,
    ids: string[],
    timeZone: string,
  ): Promise<{ startsAt: Date; payload: AppointmentPayload }[]>;
}

const BATCH_SIZE = 500;

interface DueRow extends Record<string, unknown> {
  appointment_id: string;
  offset_minutes: number;
  /** The start the reminder is for, in epoch milliseconds. */
  starts_ms: number;
  inserted: boolean;
}

/**
 * Writes `appointment.reminder` events to the outbox when they are due: for each active
 * appointment and each offset with `starts_at - offset <= now < starts_at`, once per
 * (appointment, offset, start). The row in `appointment_reminders` decides: it is inserted with
 * ON CONFLICT DO NOTHING in the same transaction as the event, so any number of workers running
 * at once write each reminder once, and a moved appointment (a new start) is reminded again.
 * When several offsets are due at once (a late booking, a worker that was down), only the
 * nearest one is sent: the others are recorded as covered by it.
 *
 * The worker calls `run()` every minute; a run that fails writes nothing of its failed batch,
 * and the next run picks the reminders up.
 */
export class ReminderScheduler {
  private readonly offsets: number[];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly appointments: RemindableAppointments,
    private readonly settings: ReminderSettings,
    private readonly batchSize = BATCH_SIZE,
  ) {
    this.offsets = [...new Set(settings.offsetsMinutes)].filter((minutes) => minutes > 0);
  }

  /** Writes the reminders due now; returns how many events were written. */
  run(): Promise<number> {
    return this.remindersDue(this.clock.now());
  }

  async remindersDue(now: Date): Promise<number> {
    if (!this.offsets.length) return 0;
    let written = 0;
    for (;;) {
      const { due, events } = await this.db.transaction((tx) => this.batch(tx, now));
      written += events;
      if (due < this.batchSize) return written;
    }
  }

  /** One batch in one transaction: the reminder rows and their events commit together. */
  private async batch(tx: Tx, now: Date): Promise<{ due: number; events: number }> {
    const maxOffset = Math.max(...this.offsets);
    const instant = now.toISOString();
    // Bounded by the start (now, now + largest offset]: one range of the start-time index.
    const rows = await tx.execute<DueRow>(sql`
      with due as (
        select a.id, o.minutes, a.starts_at
        from (${this.appointments.startingWithin(instant, maxOffset)}) a
        cross join unnest(${`{${this.offsets.join(',')}}`}::int[]) as o(minutes)
        where a.starts_at <= ${instant}::timestamptz + make_interval(mins => o.minutes)
          and not exists (
            select 1 from ${appointmentReminders} r
            where r.appointment_id = a.id and r.offset_minutes = o.minutes
              and r.starts_at = a.starts_at)
        order by a.starts_at, a.id, o.minutes
        limit ${this.batchSize}
      ), inserted as (
        insert into ${appointmentReminders} (appointment_id, offset_minutes, starts_at, created_at)
        select id, minutes, starts_at, ${instant}::timestamptz from due
        on conflict do nothing
        returning appointment_id, offset_minutes
      )
      select due.id as appointment_id, due.minutes as offset_minutes,
        round(extract(epoch from due.starts_at) * 1000)::float8 as starts_ms, inserted.appointment_id is not null as inserted
      from due left join inserted
        on inserted.appointment_id = due.id and inserted.offset_minutes = due.minutes`);

    // Of the reminders written, only those of the nearest offset now due go out: the others
    // (a late booking, a worker that was down) are recorded as covered by it.
    const nearestDue = (startsMs: number) =>
      Math.min(...this.offsets.filter((minutes) => startsMs <= now.getTime() + minutes * 60_000));
    const nearest = new Map<string, DueRow>();
    for (const row of rows) {
      if (row.inserted && row.offset_minutes === nearestDue(row.starts_ms)) {
        nearest.set(row.appointment_id, row);
      }
    }
    if (!nearest.size) return { due: rows.length, events: 0 };

    const active = await this.appointments.activePayloads(
      tx,
      [...nearest.keys()],
      this.settings.timeZone,
    );
    const events = active.flatMap(({ startsAt, payload }): OutboxEvent[] => {
      const due = nearest.get(payload.appointmentId)!;
      // Moved between the two statements: its new start gets its own reminder.
      if (startsAt.getTime() !== due.starts_ms) return [];
      return [
        {
          type: 'appointment.reminder',
          payload: { ...payload, offsetMinutes: due.offset_minutes },
        },
      ];
    });
    await recordOutboxEvents(tx, events);
    return { due: rows.length, events: events.length };
  }
}
