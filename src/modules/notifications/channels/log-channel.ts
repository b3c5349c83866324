import type { Logger } from 'pino';
import type { Channel, ChannelName, DeliveryReceipt, OutgoingMessage } from '../message.js';
import { maskedDestination } from './redact.js';

const UNSET: Record<ChannelName, string> = {
  email: 'SMTP_URL',
  whatsapp: 'WHATSAPP_PROVIDER',
  sms: 'TWILIO_SMS_FROM',
};

/**
 * The channel when no provider is configured: nothing leaves the machine. Each message is
 * logged at info as one line with the delivery id, the masked destination and the subject (its
 * digit runs hidden) or the WhatsApp template's name, never the text, the HTML or the template
 * parameters, which may hold a one-time code. The worker keeps the message in the delivery log.
 *
 * With `print` (the app passes one only when NODE_ENV=development) the whole message, text and
 * codes included, is also printed for the developer at the console, so that the embedded
 * default can be used without any account.
 */
export class LogChannel implements Channel {
  readonly provider = 'log';

  constructor(
    readonly name: ChannelName,
    private readonly log: Pick<Logger, 'info'>,
    private readonly print?: (text: string) => void,
  ) {}

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    this.log.info(
      {
        channel: this.name,
        provider: this.provider,
        deliveryId: message.id,
        to: maskedDestination(message),
        ...(message.subject !== undefined && { subject: hideDigits(message.subject) }),
        ...(message.whatsappTemplate && { template: message.whatsappTemplate.name }),
        ...(message.attachments?.length && {
          attachments: message.attachments.map((attachment) => attachment.filename),
        }),
      },
      `${this.name} message not sent: ${UNSET[this.name]} is not configured`,
    );
    this.print?.(printable(this.name, message));
    return {};
  }
}

/** `Seu código: 482913` → `Seu código: ******`. */
function hideDigits(text: string): string {
  return text.replace(/\d{4,}/g, (digits) => '*'.repeat(digits.length));
}

function printable(channel: ChannelName, message: OutgoingMessage): string {
  const destination = channel === 'email' ? message.to.email : message.to.phone;
  const lines = [
    `──── ${channel} (not sent: ${UNSET[channel]} is not configured) ────`,
    `To: ${message.to.name} <${destination ?? 'none'}>`,
  ];
  if (message.subject !== undefined) lines.push(`Subject: ${message.subject}`);
  const template = message.whatsappTemplate;
  if (template) {
    lines.push(
      `Template: ${template.name} (${template.language}) ${JSON.stringify(template.parameters)}`,
    );
  }
  if (message.attachments?.length) {
    lines.push(`Attachments: ${message.attachments.map((a) => a.filename).join(', ')}`);
  }
  lines.push('', message.text, '────');
  return lines.join('\n');
}
