import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { notifications } from '../../db/schema/notifications.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import { toZonedIso } from '../../lib/time.js';
import type { DeliveryLogEntry, DeliveryLogFilter } from './delivery-log-schemas.js';
import type { RecipientDirectory } from './recipients.js';

/** The delivery log the clinic's staff read: every message, its state and its last error. */
export class DeliveryLogService {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'clinic'>,
    private readonly directory: Pick<RecipientDirectory, 'recipients'>,
  ) {}

  async list(filter: DeliveryLogFilter): Promise<Page<DeliveryLogEntry>> {
    const where = and(
      filter.recipient === undefined ? undefined : recipientIs(filter.recipient),
      filter.status === undefined ? undefined : eq(notifications.status, filter.status),
      filter.channel === undefined ? undefined : eq(notifications.channel, filter.channel),
      filter.event === undefined ? undefined : eq(notifications.kind, filter.event),
    );
    const [items, total] = await Promise.all([
      this.entries(where, {
        limit: filter.pageSize,
        offset: offsetOf(filter.page, filter.pageSize),
      }),
      this.db.$count(notifications, where),
    ]);
    return { items, total, page: filter.page, pageSize: filter.pageSize };
  }

  /** One message as the log shows it (after a retry, say). */
  async entry(id: string): Promise<DeliveryLogEntry | undefined> {
    const [entry] = await this.entries(eq(notifications.id, id), { limit: 1, offset: 0 });
    return entry;
  }

  private async entries(
    where: SQL | undefined,
    page: { limit: number; offset: number },
  ): Promise<DeliveryLogEntry[]> {
    const rows = await this.db
      .select({
        id: notifications.id,
        eventId: notifications.eventId,
        kind: notifications.kind,
        channel: notifications.channel,
        destination: notifications.destination,
        language: notifications.language,
        status: notifications.status,
        attempts: notifications.attempts,
        lastError: notifications.lastError,
        provider: notifications.provider,
        createdAt: notifications.createdAt,
        sentAt: notifications.sentAt,
        nextAttemptAt: notifications.nextAttemptAt,
        recipientId: notifications.recipientUserId,
      })
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(page.limit)
      .offset(page.offset);
    // Every message has its recipient (a foreign key), whose name and role accounts keep.
    const recipients = await this.directory.recipients(this.db, [
      ...new Set(rows.map((row) => row.recipientId)),
    ]);
    const zone = this.config.clinic.timeZone;
    return rows.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      event: row.kind,
      channel: row.channel,
      recipient: {
        id: row.recipientId,
        name: recipients.get(row.recipientId)?.name ?? '',
        role: recipients.get(row.recipientId)?.role ?? '',
      },
      destination: row.destination,
      language: row.language,
      status: row.status,
      attempts: row.attempts,
      lastError: row.lastError,
      provider: row.provider,
      createdAt: toZonedIso(row.createdAt, zone),
      sentAt: row.sentAt ? toZonedIso(row.sentAt, zone) : null,
      nextAttemptAt: row.status === 'queued' ? toZonedIso(row.nextAttemptAt, zone) : null,
    }));
  }

  /** How many messages there are per `channel|status` (for the metrics). */
  async countByChannelAndStatus(): Promise<Map<string, number>> {
    const rows = await this.db
      .select({ channel: notifications.channel, status: notifications.status, count: count() })
      .from(notifications)
      .groupBy(notifications.channel, notifications.status);
    return new Map(rows.map((row) => [`${row.channel}|${row.status}`, row.count]));
  }
}

/** A recipient by user id, or by the e-mail or phone a message went to. */
function recipientIs(recipient: string): SQL {
  return /^[0-9a-f-]{36}$/i.test(recipient)
    ? eq(notifications.recipientUserId, recipient)
    : eq(notifications.destination, recipient.toLowerCase());
}
