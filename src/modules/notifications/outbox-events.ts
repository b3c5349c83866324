import type { Executor } from '../../db/database.js';
import { outbox } from '../../db/schema/index.js';

/** Events that are not about an appointment (those go through `recordAppointmentEvent`). */
export type AccountEventType =
  | 'code.email_verification'
  | 'code.phone_verification'
  | 'code.password_reset'
  | 'password.changed';

/**
 * Writes an event to the outbox in the caller's transaction: it commits with the change that
 * caused it, or not at all; the notifications worker turns it into messages. Returns its id.
 */
export async function recordOutboxEvent(
  tx: Executor,
  type: AccountEventType | 'appointment.reminder',
  payload: Record<string, unknown>,
): Promise<number> {
  const [row] = await tx.insert(outbox).values({ type, payload }).returning({ id: outbox.id });
  return row!.id;
}

/** `password.changed`: sent on e-mail (and SMS when there is a phone) whatever the settings. */
export function recordPasswordChanged(tx: Executor, userId: string, at: Date): Promise<number> {
  return recordOutboxEvent(tx, 'password.changed', { userId, at: at.toISOString() });
}
