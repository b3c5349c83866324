import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DeliveryPayload } from '../../modules/notifications/fan-out.js';
import { language, users } from './accounts.js';
import { timestamptz } from './columns.js';
import { appointments } from './scheduling.js';

/**
 * Domain events written in the same transaction as the change they describe, by every module
 * (`recordOutboxEvent`); the notifications worker delivers them. Nothing is sent inside a request.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** Set when the worker has turned the event into messages. */
    processedAt: timestamptz('processed_at'),
  },
  (table) => [
    index('outbox_pending_idx')
      .on(table.id)
      .where(sql`${table.processedAt} is null`),
  ],
);

export const notificationChannel = pgEnum('notification_channel', ['email', 'whatsapp', 'sms']);
export const notificationStatus = pgEnum('notification_status', [
  'queued',
  'sent',
  'failed',
  // No longer due: the appointment was cancelled or moved before its reminder went out.
  'skipped',
  // No provider is configured for the channel: kept in the log, never sent and never retried.
  'not_sent',
]);

/**
 * The delivery log: one row per message (an event's recipient on one channel), made by the
 * worker from the outbox and then delivered, retried with backoff, and marked sent or failed
 * (or not_sent when the channel has no provider).
 * At most one row per (event, recipient, channel): an event is never turned into a message
 * twice.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: bigint('event_id', { mode: 'number' }).references(() => outbox.id),
    /** What it is about: `appointment.booked`, `code.password_reset`… */
    kind: text('kind').notNull(),
    recipientUserId: uuid('recipient_user_id')
      .notNull()
      .references(() => users.id),
    channel: notificationChannel('channel').notNull(),
    /** The address or phone number it was sent to, as it was then. */
    destination: text('destination').notNull(),
    language: language('language').notNull(),
    /** What the template needs; a one-time code is removed once delivered or given up. */
    payload: jsonb('payload').$type<DeliveryPayload>().notNull(),
    status: notificationStatus('status').notNull().default('queued'),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: timestamptz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    sentAt: timestamptz('sent_at'),
  },
  (table) => [
    uniqueIndex('notifications_once_per_event')
      .on(table.eventId, table.recipientUserId, table.channel)
      .where(sql`${table.eventId} is not null`),
    index('notifications_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} = 'queued'`),
    index('notifications_recipient_idx').on(table.recipientUserId, table.createdAt),
    index('notifications_created_idx').on(table.createdAt),
  ],
);

/**
 * The reminders already scheduled: one per appointment, offset and start time, so a reminder
 * is written once whatever the number of workers, and a moved appointment gets a new one.
 */
export const appointmentReminders = pgTable(
  'appointment_reminders',
  {
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    offsetMinutes: integer('offset_minutes').notNull(),
    startsAt: timestamptz('starts_at').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.appointmentId, table.offsetMinutes, table.startsAt] })],
);
