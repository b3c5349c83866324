import type { ChannelsConfig } from '../../config.js';
import { unavailable } from '../../http/problem.js';

export type CodeChannel = 'email' | 'sms' | 'whatsapp';

/**
 * The channels with a provider configured. A channel without one delivers nowhere (it only logs
 * that the message was not sent), so a code sent there could never be typed in.
 */
export type CodeChannels = Record<CodeChannel, boolean>;

export function codeChannels(channels: ChannelsConfig): CodeChannels {
  return {
    email: channels.email !== undefined,
    sms: channels.sms !== undefined,
    whatsapp: channels.whatsapp !== undefined,
  };
}

/**
 * The channel for an e-mail code; 503 without an e-mail provider. The callers ask before they
 * count or issue anything.
 */
export function emailCodeChannel(available: CodeChannels): 'email' {
  if (available.email) return 'email';
  throw unavailable(
    'E-mail codes cannot be sent: this clinic has no e-mail provider configured. Ask the clinic.',
  );
}

/**
 * WhatsApp when the user chose it (WhatsApp needs a recorded opt-in) and it has a provider,
 * else SMS; 503 when neither can deliver.
 */
export function phoneCodeChannel(
  user: { notifyWhatsapp: boolean; whatsappOptInAt: Date | null },
  available: CodeChannels,
): 'sms' | 'whatsapp' {
  const optedIn = user.notifyWhatsapp && user.whatsappOptInAt !== null;
  if (optedIn && available.whatsapp) return 'whatsapp';
  if (available.sms) return 'sms';
  throw unavailable(
    available.whatsapp
      ? 'Phone codes cannot be sent by SMS: this clinic has no SMS provider configured. Turn on ' +
          'WhatsApp messages in your notification settings, or ask the clinic.'
      : 'Phone codes cannot be sent: this clinic has no SMS or WhatsApp provider configured. ' +
          'Ask the clinic.',
  );
}
