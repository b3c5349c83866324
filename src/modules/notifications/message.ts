/**
 * What the notification worker hands a channel: one message to one person on one channel,
 * already rendered in their language. The shared shape between the worker
 * (src/modules/notifications/worker*.ts), the templates (templates/) and the channel adapters
 * (channels/).
 */
export type ChannelName = 'email' | 'whatsapp' | 'sms';
export const channelNames: readonly ChannelName[] = ['email', 'whatsapp', 'sms'];
export type Language = 'pt-BR' | 'en';

export interface OutgoingMessage {
  /** The delivery's id: stable across retries, so providers and inboxes can drop repeats. */
  id: string;
  channel: ChannelName;
  to: { name: string; email?: string; phone?: string };
  language: Language;
  /** E-mail. */
  subject?: string;
  /** The e-mail's plain text, or the SMS text. */
  text: string;
  html?: string;
  attachments?: { filename: string; contentType: string; content: string }[];
  /** WhatsApp: business-initiated messages must use an approved template. */
  whatsappTemplate?: { name: string; language: string; parameters: string[] };
}

export interface DeliveryReceipt {
  /** The provider's id for the message (SMTP Message-ID, Twilio SID, WhatsApp message id). */
  providerMessageId?: string;
  /** Why nothing left the machine (no provider configured): the message is `not_sent`. */
  notSent?: string;
}

export interface Channel {
  readonly name: ChannelName;
  /** `smtp`, `twilio`, `whatsapp-cloud`, or `log` when no provider is configured. */
  readonly provider: string;
  send(message: OutgoingMessage): Promise<DeliveryReceipt>;
  close?(): Promise<void>;
}

/**
 * A provider refused the message for good (a bad address, an unapproved template, 4xx other
 * than 429): retrying cannot help, so the delivery fails at once. Anything else is retried.
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
