import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';
import { outbox } from '../../db/schema/notifications.js';
import type { OutboxEvent } from './outbox-schemas.js';

/**
 * Writes an event to the outbox in the caller's transaction: it commits with the change that
 * caused it, or not at all; the notifications worker turns it into messages. Returns its id.
 * (An appointment's change writes its event in the same statement as its history entry, in
 * scheduling, through `outboxInsert`.)
 */
export async function recordOutboxEvent(tx: Executor, event: OutboxEvent): Promise<number> {
  const [row] = await tx
    .insert(outbox)
    .values({ type: event.type, payload: event.payload })
    .returning({ id: outbox.id });
  return row!.id;
}

/** Several events in one statement, in order (the reminders of a batch). */
export async function recordOutboxEvents(tx: Executor, events: OutboxEvent[]): Promise<void> {
  if (!events.length) return;
  await tx.insert(outbox).values(events.map(({ type, payload }) => ({ type, payload })));
}

/** `password.changed`: sent on e-mail (and SMS when there is a phone) whatever the settings. */
export function recordPasswordChanged(tx: Executor, userId: string, at: Date): Promise<number> {
  return recordOutboxEvent(tx, {
    type: 'password.changed',
    payload: { userId, at: at.toISOString() },
  });
}

/**
 * The statement that writes an event, for a writer that runs it inside a statement of its own
 * (an appointment's change: history, outbox and NOTIFY in one round trip, `with … as (…)`).
 */
export function outboxInsert(event: OutboxEvent): SQL {
  return sql`insert into ${outbox} (type, payload)
      values (${event.type}, ${JSON.stringify(event.payload)}::jsonb)`;
}
