import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '../../db/database.js';
import { notifications } from '../../db/schema/notifications.js';
import type { RequestContext } from '../../http/actor.js';
import { conflict, notFound } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import type { DeliveryLogEntry } from './delivery-log-schemas.js';
import type { DeliveryLogService } from './delivery-log-service.js';

/**
 * Writes the retry to the audit log: src/services.ts hands in the audit module's writer (this
 * module uses no other), in the retry's transaction.
 */
export type AuditRetry = (
  context: RequestContext,
  recipientUserId: string,
  details: Record<string, unknown>,
  executor: Executor,
) => Promise<void>;

/** The states a message is given up in, and may be queued again from. */
const RETRYABLE = ['failed', 'not_sent'] as const;

const refusals: Record<string, string> = {
  queued: 'This message is already queued to be sent.',
  sent: 'This message was already sent.',
  skipped: 'This reminder was skipped because its appointment was cancelled or moved.',
};

/**
 * Sends a message again that was given up (failed for good, or not sent for want of a
 * provider): it goes back to the queue, due now, with its attempts counted afresh, and the
 * worker claims it as any other (`FOR UPDATE SKIP LOCKED` and a lease), so it goes out once.
 */
export class DeliveryRetryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Pick<DeliveryLogService, 'entry'>,
    private readonly audit: AuditRetry,
  ) {}

  async retry(id: string, context: RequestContext): Promise<DeliveryLogEntry> {
    await this.db.transaction(async (tx) => {
      // Locked: two retries at once queue it once, the second is told it is already queued.
      const [message] = await tx
        .select({
          status: notifications.status,
          kind: notifications.kind,
          channel: notifications.channel,
          attempts: notifications.attempts,
          recipientUserId: notifications.recipientUserId,
        })
        .from(notifications)
        .where(eq(notifications.id, id))
        .for('update');
      if (!message) throw notFound('There is no such message.');
      // A code left the database when its message was given up: sent again, it would lack it.
      if (message.kind.startsWith('code.')) {
        throw conflict('A message with a one-time code is not sent again: ask for a new code.');
      }
      const refusal = refusals[message.status];
      if (refusal) throw conflict(refusal);
      const now = this.clock.now();
      await tx
        .update(notifications)
        .set({ status: 'queued', attempts: 0, nextAttemptAt: now, updatedAt: now })
        .where(and(eq(notifications.id, id), inArray(notifications.status, [...RETRYABLE])));
      await this.audit(
        context,
        message.recipientUserId,
        {
          notificationId: id,
          event: message.kind,
          channel: message.channel,
          previousStatus: message.status,
          previousAttempts: message.attempts,
        },
        tx,
      );
    });
    return (await this.log.entry(id))!;
  }
}
