import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { SLOTS_CHANNEL } from './free-slot-cache.js';
import { PATIENT_LISTS_CHANNEL } from './patient-list-cache.js';
import { QUEUE_CHANNEL } from './tickets.js';

/**
 * A FROM item that tells migration 0014's trigger to leave the notices of this transaction's
 * appointment writes to `sendCalendarNotices`, after the commit. It must come before the write
 * in the statement's evaluation: a volatile subquery is evaluated before the select list over
 * it. A commit with a NOTIFY holds a cluster-wide lock through its WAL flush, so commits that
 * notify run one at a time: bookings, the one write that comes in bursts, send theirs apart.
 */
export const DEFER_NOTICES = sql`(select set_config('clinicdesk.notify_after_commit', 'on', true)) as deferred_notices`;

/**
 * What a committed booking would have notified in its own transaction: the professional's free
 * slots and queue, and the patient's list, changed (every instance's caches and live boards
 * listen). A notify-only statement writes no WAL of its own to wait for. If it fails, the
 * booking stands: the other instances' free slots and lists are read again within their
 * caches' MAX_AGE_MS, and boards show it with the professional's next change.
 */
export async function sendCalendarNotices(
  db: Db,
  booked: { professionalUserId: string; patientUserId: string },
): Promise<void> {
  await db
    .execute(
      sql`select pg_notify(${SLOTS_CHANNEL}, ${booked.professionalUserId}),
        pg_notify(${QUEUE_CHANNEL}, ${booked.professionalUserId}),
        pg_notify(${PATIENT_LISTS_CHANNEL}, ${booked.patientUserId})`,
    )
    .catch(() => undefined);
}
