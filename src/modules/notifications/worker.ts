import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { notifications, outbox } from '../../db/schema/notifications.js';
import type { Clock } from '../../lib/clock.js';
import { appointmentAttachment } from './appointment-ics.js';
import { planMessages, type DeliveryPayload, type PlannedMessage } from './fan-out.js';
import { readOutboxEvent } from './outbox-schemas.js';
import {
  PermanentDeliveryError,
  type Channel,
  type ChannelName,
  type OutgoingMessage,
} from './message.js';
import type { RecipientDirectory } from './recipients.js';
import type { NotificationKind, RenderedNotice, RenderInput } from './templates/kinds.js';

/**
 * Whether an appointment is still active and starts then: scheduling's to answer, handed in
 * by src/services.ts (this module uses no other).
 */
export type AppointmentStillAt = (appointmentId: string, startsAt: Date) => Promise<boolean>;

type NotificationRow = typeof notifications.$inferSelect;
type Outcome =
  | { status: 'sent'; provider: string; providerMessageId: string | null }
  /** `not_sent`: the channel has no provider; `error` says so. Never retried. */
  | { status: 'retry' | 'failed' | 'skipped' | 'not_sent'; error: string };

type EventMessage = PlannedMessage & { eventId: number };

/**
 * The messages of a batch of events in one statement of constant text (prepared once), their
 * rows as one JSON parameter: Drizzle's multi-row insert built a placeholder per column of
 * each of up to 600 rows, about a tenth of the app's CPU while bookings poured in. A message
 * already planned for its event, recipient and channel (another worker's) is left as it is.
 */
function insertMessages(rows: EventMessage[], now: Date) {
  return sql`
    insert into ${notifications}
      (event_id, kind, recipient_user_id, channel, destination, language, payload,
       next_attempt_at, created_at)
    select m.event_id, m.kind, m.recipient_user_id, m.channel, m.destination, m.language,
      m.payload, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows.map(toRecord))}::jsonb) as m(
      event_id bigint, kind text, recipient_user_id uuid, channel notification_channel,
      destination text, language language, payload jsonb)
    on conflict do nothing`;
}

function toRecord(row: EventMessage) {
  return {
    event_id: row.eventId,
    kind: row.kind,
    recipient_user_id: row.recipientUserId,
    channel: row.channel,
    destination: row.destination,
    language: row.language,
    payload: row.payload,
  };
}

/** Outbox events read per transaction. */
const EVENT_BATCH = 100;
/** Messages sent at once per worker. */
const DELIVERY_BATCH = 10;

/**
 * The notification worker: turns outbox events into messages (one per recipient and channel,
 * at most once per event) and delivers the due ones through the channels, with retries and
 * exponential backoff, then `failed`. Any number of workers run side by side: each event and
 * each message is claimed by one of them (`FOR UPDATE SKIP LOCKED`).
 */
export class NotificationWorker {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly channels: Record<ChannelName, Channel>,
    private readonly render: (input: RenderInput) => RenderedNotice,
    private readonly config: Pick<Config, 'notifications' | 'clinic' | 'publicUrl'>,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly directory: RecipientDirectory,
    private readonly appointmentStillAt: AppointmentStillAt,
  ) {}

  /** Plans the messages of pending events; returns how many events it took. */
  async dispatchEvents(limit = EVENT_BATCH): Promise<number> {
    return this.db.transaction(async (tx) => {
      const events = await tx
        .select({ id: outbox.id, type: outbox.type, payload: outbox.payload })
        .from(outbox)
        .where(isNull(outbox.processedAt))
        .orderBy(asc(outbox.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (!events.length) return 0;
      const now = this.clock.now();
      const rows: EventMessage[] = [];
      for (const row of events) {
        const read = readOutboxEvent(row);
        if (!read.ok) {
          // Marked processed with the rest: left pending, it would stop every batch behind it.
          this.log.warn(
            { event: row.id, type: row.type, problem: read.problem },
            'outbox event skipped: it is not a known event',
          );
          continue;
        }
        for (const message of await planMessages(tx, read.event, this.directory)) {
          rows.push({ ...message, eventId: row.id });
        }
      }
      if (rows.length) await tx.execute(insertMessages(rows, now));
      await tx
        .update(outbox)
        // A one-time code lives on only in its message, until that is sent or given up.
        .set({ processedAt: now, payload: sql`${outbox.payload} - 'code'` })
        .where(
          inArray(
            outbox.id,
            events.map((event) => event.id),
          ),
        );
      return events.length;
    });
  }

  /**
   * Sends the messages that are due; returns how many it tried. Claiming a message leases it
   * (its next attempt moves to the end of the lease) in a short transaction of its own; each
   * result is written the moment its send ends. No transaction stays open during a send, and a
   * worker that dies mid-send leaves its messages to be taken again when their lease runs out.
   */
  async deliverDue(limit = DELIVERY_BATCH): Promise<number> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.config.notifications.leaseSeconds * 1000);
    const claimed = await this.db
      .update(notifications)
      .set({
        nextAttemptAt: leaseUntil,
        attempts: sql`${notifications.attempts} + 1`,
        updatedAt: now,
      })
      .where(
        inArray(
          notifications.id,
          this.db
            .select({ id: notifications.id })
            .from(notifications)
            .where(and(eq(notifications.status, 'queued'), lte(notifications.nextAttemptAt, now)))
            .orderBy(asc(notifications.nextAttemptAt))
            .limit(limit)
            .for('update', { skipLocked: true }),
        ),
      )
      .returning();
    await Promise.all(
      claimed.map(async (row) => this.record(row, leaseUntil, await this.attempt(row))),
    );
    return claimed.length;
  }

  /** Everything pending now, events then messages, until nothing is left (tests, benchmarks). */
  async drain(): Promise<void> {
    while ((await this.dispatchEvents()) + (await this.deliverDue()) > 0) {
      // keep going
    }
  }

  private async attempt(row: NotificationRow): Promise<Outcome> {
    const { payload } = row;
    try {
      if (row.kind === 'appointment.reminder' && !(await this.stillDue(payload))) {
        return { status: 'skipped', error: 'The appointment was cancelled or moved.' };
      }
      const message = this.compose(row, payload);
      const channel = this.channels[row.channel];
      const receipt = await channel.send(message);
      if (receipt.notSent !== undefined) return { status: 'not_sent', error: receipt.notSent };
      return {
        status: 'sent',
        provider: channel.provider,
        providerMessageId: receipt.providerMessageId ?? null,
      };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentDeliveryError;
      const lastTry = row.attempts >= this.config.notifications.maxAttempts;
      return { status: permanent || lastTry ? 'failed' : 'retry', error: text.slice(0, 500) };
    }
  }

  /** Writes a send's result, as long as the lease taken for it is still this worker's. */
  private async record(row: NotificationRow, leaseUntil: Date, outcome: Outcome): Promise<void> {
    const now = this.clock.now();
    const closed = outcome.status !== 'retry';
    const backoffMs = this.config.notifications.retrySeconds * 1000 * 2 ** (row.attempts - 1);
    await this.db
      .update(notifications)
      .set({
        status: outcome.status === 'retry' ? 'queued' : outcome.status,
        updatedAt: now,
        ...(outcome.status === 'sent'
          ? {
              sentAt: now,
              lastError: null,
              provider: outcome.provider,
              providerMessageId: outcome.providerMessageId,
            }
          : { lastError: outcome.error, provider: this.channels[row.channel].provider }),
        nextAttemptAt: outcome.status === 'retry' ? new Date(now.getTime() + backoffMs) : now,
        // A code is of no use once sent or given up: it does not stay in the database.
        ...(closed ? { payload: sql`${notifications.payload} - 'code'` } : {}),
      })
      .where(
        and(
          eq(notifications.id, row.id),
          eq(notifications.status, 'queued'),
          eq(notifications.nextAttemptAt, leaseUntil),
        ),
      );
    if (outcome.status === 'retry' || outcome.status === 'failed') {
      this.log.warn(
        {
          notification: row.id,
          kind: row.kind,
          channel: row.channel,
          attempts: row.attempts,
          // Already a scrubbed text (no address, no message), not an Error to serialize.
          error: outcome.error,
        },
        outcome.status === 'failed'
          ? 'notification failed for good'
          : 'notification will be retried',
      );
    }
  }

  /** A reminder goes out only while its appointment is active and still at that time. */
  private async stillDue(payload: DeliveryPayload): Promise<boolean> {
    const facts = payload.appointment!;
    return this.appointmentStillAt(facts.appointmentId, new Date(facts.startsAt));
  }

  private compose(row: NotificationRow, payload: DeliveryPayload): OutgoingMessage {
    const kind = row.kind as NotificationKind;
    const rendered = this.render({
      kind,
      audience: payload.audience,
      language: row.language,
      recipientName: payload.recipientName,
      clinicName: this.config.notifications.clinicName,
      publicUrl: this.config.publicUrl,
      // Rendered as it goes out: "today" and "tomorrow" are seen from now, after any delay.
      sentAt: this.clock.now(),
      ...(payload.appointment ? { appointment: payload.appointment } : {}),
      ...(payload.code ? { code: payload.code } : {}),
      ...(payload.labReport ? { labReport: payload.labReport } : {}),
      ...(payload.occurredAt ? { occurredAt: payload.occurredAt } : {}),
      timeZone: this.config.clinic.timeZone,
    });
    const base = { id: row.id, channel: row.channel, language: row.language };
    if (row.channel === 'email') {
      const attachment =
        payload.appointment &&
        appointmentAttachment(kind, payload.appointment, rendered.email.subject);
      return {
        ...base,
        to: { name: payload.recipientName, email: row.destination },
        subject: rendered.email.subject,
        text: rendered.email.text,
        html: rendered.email.html,
        ...(attachment ? { attachments: [attachment] } : {}),
      };
    }
    return {
      ...base,
      to: { name: payload.recipientName, phone: row.destination },
      text: rendered.sms,
      ...(row.channel === 'whatsapp'
        ? {
            whatsappTemplate: {
              name: rendered.whatsapp.template,
              language: rendered.whatsapp.language,
              parameters: rendered.whatsapp.parameters,
            },
          }
        : {}),
    };
  }
}
