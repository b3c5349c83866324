import type { Logger } from 'pino';
import type { Channel, ChannelName, DeliveryReceipt, OutgoingMessage } from '../message.js';
import { maskedDestination } from './redact.js';

const UNSET: Record<ChannelName, string> = {
  email: 'SMTP_URL',
  whatsapp: 'WHATSAPP_PROVIDER',
  sms: 'TWILIO_SMS_FROM',
};

/** Why a message on this channel was not sent: what the delivery log shows. */
export function noProviderReason(channel: ChannelName): string {
  return `no provider configured (${UNSET[channel]} is not set)`;
}

/**
 * The channel when no provider is configured: nothing leaves the machine, and the message is
 * `not_sent` in the delivery log. Each one is logged at info as one line with the delivery id and
 * the masked destination, never the subject, the text or the template parameters: they hold
 * one-time codes, names and appointment details, and a log is read by more people than the
 * delivery log (admins only), in every mode, development included.
 */
export class LogChannel implements Channel {
  readonly provider = 'log';

  constructor(
    readonly name: ChannelName,
    private readonly log: Pick<Logger, 'info'>,
  ) {}

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const reason = noProviderReason(this.name);
    this.log.info(
      {
        channel: this.name,
        provider: this.provider,
        deliveryId: message.id,
        to: maskedDestination(message),
      },
      `${this.name} message not sent: ${reason}; it is kept in the delivery log (GET /api/v1/notifications, for admins)`,
    );
    return { notSent: reason };
  }
}
