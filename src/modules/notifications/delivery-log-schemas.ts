import { Type, type Static } from 'typebox';
import { notificationStatus } from '../../db/schema/notifications.js';
import { PageQuery } from '../../http/pagination.js';
import { Nullable, StrictObject } from '../../http/schemas.js';
import { notificationKinds } from './templates/kinds.js';

const Status = Type.Enum([...notificationStatus.enumValues], {
  description:
    'queued (to be sent or retried), sent, failed (for good), skipped (a reminder no longer ' +
    'due) or not_sent (no provider is configured for the channel: kept here, never sent)',
});
const ChannelSchema = Type.Enum(['email', 'whatsapp', 'sms']);

export const DeliveryLogQuery = StrictObject({
  recipient: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 254,
      description: 'A user id, or the e-mail address or phone number (E.164) it went to',
    }),
  ),
  status: Type.Optional(Status),
  channel: Type.Optional(ChannelSchema),
  event: Type.Optional(Type.Enum([...notificationKinds])),
  ...PageQuery,
});

export const DeliveryLogEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  eventId: Nullable(Type.Integer()),
  event: Type.String({ description: 'What it is about, e.g. appointment.booked' }),
  channel: ChannelSchema,
  recipient: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() }),
  destination: Type.String({ description: 'The e-mail address or phone number it went to' }),
  language: Type.String(),
  status: Status,
  attempts: Type.Integer(),
  lastError: Nullable(
    Type.String({
      description:
        'Why it failed, was skipped or was not sent, e.g. "no provider configured (SMTP_URL is not set)"',
    }),
  ),
  provider: Nullable(Type.String({ description: 'smtp, twilio, whatsapp-cloud, or log' })),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
  nextAttemptAt: Nullable(Type.String({ description: 'When a queued message is tried next' })),
});

export type DeliveryLogFilter = Static<typeof DeliveryLogQuery>;
export type DeliveryLogEntry = Static<typeof DeliveryLogEntry>;
