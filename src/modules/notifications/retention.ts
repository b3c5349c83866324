import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { deleteInBatches } from '../../db/delete-in-batches.js';
import { notifications, outbox } from '../../db/schema/notifications.js';
import type { Clock } from '../../lib/clock.js';

/**
 * Batches per table and run: a first run on years of log takes its backlog over several runs
 * instead of holding the background loop (and the messages it sends) for minutes.
 */
const MAX_BATCHES = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionResult {
  /** Messages of the delivery log deleted. */
  messages: number;
  /** Processed outbox events deleted. */
  events: number;
}

/**
 * Deletes what the notifications module keeps only for a while (NOTIFICATION_RETENTION_DAYS):
 * messages of the delivery log created before the limit and closed (sent, failed, skipped or
 * not sent), then outbox events processed before it that no message refers to any more. A
 * message still queued stays, and so does its event, whatever their age. Clinical records and
 * the audit log are other modules' tables: nothing here reaches them.
 *
 * In batches (deleteInBatches), so bookings never wait behind a year of deletes.
 */
export class NotificationRetention {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** 0 keeps everything. */
    private readonly days: number,
  ) {}

  async run(): Promise<RetentionResult> {
    if (this.days === 0) return { messages: 0, events: 0 };
    const before = new Date(this.clock.now().getTime() - this.days * DAY_MS).toISOString();
    const messages = await deleteInBatches(
      this.db,
      (limit) => sql`
        delete from ${notifications} where id in (
          select id from ${notifications}
          where created_at < ${before}::timestamptz and status <> 'queued'
          limit ${limit} for update skip locked)`,
      MAX_BATCHES,
    );
    // Oldest first along the primary key, which follows the order events were written in.
    const events = await deleteInBatches(
      this.db,
      (limit) => sql`
        delete from ${outbox} where id in (
          select event.id from ${outbox} as event
          where event.processed_at < ${before}::timestamptz
            and not exists (select from ${notifications} as message where message.event_id = event.id)
          order by event.id
          limit ${limit} for update skip locked)`,
      MAX_BATCHES,
    );
    return { messages, events };
  }
}
