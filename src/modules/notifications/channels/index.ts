import type { Logger } from 'pino';
import type { Config } from '../../../config.js';
import type { Channel, ChannelName } from '../message.js';
import { LogChannel } from './log-channel.js';
import { SmtpChannel } from './smtp.js';
import { TwilioSmsChannel, TwilioWhatsAppChannel } from './twilio.js';
import { WhatsAppCloudChannel } from './whatsapp-cloud.js';

export { DEFAULT_PROVIDER_TIMEOUT_MS, RetryableDeliveryError } from './http.js';
export { LogChannel, noProviderReason } from './log-channel.js';
export { maskEmail, maskPhone } from './redact.js';
export { SmtpChannel } from './smtp.js';
export { TwilioSmsChannel, TwilioWhatsAppChannel } from './twilio.js';
export { WhatsAppCloudChannel } from './whatsapp-cloud.js';

export type Channels = Record<ChannelName, Channel>;

export interface CreateChannelsOptions {
  /** HTTP providers' timeout; 10 s by default. */
  timeoutMs?: number;
}

/**
 * One adapter per channel, from the configuration: SMTP for e-mail when `SMTP_URL` is set, the
 * WhatsApp Cloud API or Twilio per `WHATSAPP_PROVIDER`, Twilio SMS when `TWILIO_SMS_FROM` is set;
 * any other channel is a LogChannel (its messages are `not_sent`). Create once per app (the SMTP pool lives in it) and end
 * with `closeChannels`.
 */
export function createChannels(
  config: Pick<Config, 'channels'>,
  log: Pick<Logger, 'info' | 'warn'>,
  options: CreateChannelsOptions = {},
): Channels {
  const { email, whatsapp, sms } = config.channels;
  const { timeoutMs } = options;
  const logChannel = (name: ChannelName) => new LogChannel(name, log);
  return {
    email: email
      ? new SmtpChannel({ url: email.smtpUrl, from: email.from, timeoutMs }, log)
      : logChannel('email'),
    whatsapp:
      whatsapp?.provider === 'cloud'
        ? new WhatsAppCloudChannel({ ...whatsapp, timeoutMs })
        : whatsapp?.provider === 'twilio'
          ? new TwilioWhatsAppChannel({ ...whatsapp, timeoutMs })
          : logChannel('whatsapp'),
    sms: sms ? new TwilioSmsChannel({ ...sms, timeoutMs }) : logChannel('sms'),
  };
}

/** Closes what the channels hold open (the SMTP pool); never throws. */
export async function closeChannels(channels: Partial<Channels>): Promise<void> {
  await Promise.allSettled(Object.values(channels).map(async (channel) => channel?.close?.()));
}
