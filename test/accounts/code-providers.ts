import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { startSmsProvider, type SmsProvider } from '../helpers/sms-provider.js';

export interface CodeProviders {
  mail: MailServer;
  /** Twilio's Messages API, for SMS and WhatsApp alike. */
  twilio: SmsProvider;
  /** The app's variables for the chosen channels (all three by default). */
  env(channels?: { email?: boolean; sms?: boolean; whatsapp?: boolean }): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real SMTP server and the local fake Twilio, for tests that ask for one-time codes: the app
 * sends a code only on a channel with a provider.
 */
export async function startCodeProviders(): Promise<CodeProviders> {
  const mail = await startMailServer();
  const twilio = await startSmsProvider();
  const account = {
    TWILIO_API_URL: twilio.url,
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'twilio-secret',
  };
  return {
    mail,
    twilio,
    env({ email = true, sms = true, whatsapp = true } = {}) {
      return {
        ...(email && { SMTP_URL: mail.url, MAIL_FROM: 'Clínica <no-reply@clinic.example>' }),
        ...((sms || whatsapp) && account),
        ...(sms && { TWILIO_SMS_FROM: '+5521900000000' }),
        ...(whatsapp && { WHATSAPP_PROVIDER: 'twilio', TWILIO_WHATSAPP_FROM: '+5521900000001' }),
      };
    },
    async close() {
      await Promise.all([mail.close(), twilio.close()]);
    },
  };
}
