import type { TwilioAccount } from '../../../config.js';
import {
  PermanentDeliveryError,
  type Channel,
  type DeliveryReceipt,
  type OutgoingMessage,
} from '../message.js';
import {
  basicAuth,
  DEFAULT_PROVIDER_TIMEOUT_MS,
  joinUrl,
  postToProvider,
  type ProviderErrorDetails,
} from './http.js';
import { e164Destination } from './phone.js';
import { sensitiveValues } from './redact.js';

/**
 * Twilio's Programmable Messaging: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded,
 * HTTP Basic with the account SID and auth token, answered with the message's `sid`. Plain HTTP
 * rather than the `twilio` SDK: one request, and easy to point at a local server in tests.
 */
async function createTwilioMessage(
  account: TwilioAccount,
  fields: Record<string, string>,
  message: OutgoingMessage,
  timeoutMs: number,
): Promise<DeliveryReceipt> {
  const answer = (await postToProvider({
    provider: 'Twilio',
    url: joinUrl(
      account.apiUrl,
      `2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`,
    ),
    headers: {
      authorization: basicAuth(account.accountSid, account.authToken),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams(fields).toString(),
    timeoutMs,
    describeError: describeTwilioError,
    sensitive: [...sensitiveValues(message), account.authToken, account.accountSid],
  })) as { sid?: unknown } | undefined;
  return { providerMessageId: typeof answer?.sid === 'string' ? answer.sid : undefined };
}

/** Twilio's error body: `{code, message, more_info, status}`. */
function describeTwilioError(body: unknown): ProviderErrorDetails {
  const { code, message } = body as { code?: unknown; message?: unknown };
  return {
    code: typeof code === 'number' || typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

export interface TwilioSmsOptions {
  account: TwilioAccount;
  /** The sending number, E.164. */
  from: string;
  timeoutMs?: number;
}

/** SMS through Twilio: `From`, `To`, `Body` (the rendered SMS text). */
export class TwilioSmsChannel implements Channel {
  readonly name = 'sms' as const;
  readonly provider = 'twilio';

  constructor(private readonly options: TwilioSmsOptions) {}

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const to = e164Destination(message);
    return createTwilioMessage(
      this.options.account,
      { From: this.options.from, To: to, Body: message.text },
      message,
      this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
    );
  }
}

export interface TwilioWhatsAppOptions {
  account: TwilioAccount;
  /** The WhatsApp sender, E.164 (sent as `whatsapp:+…`). */
  from: string;
  /**
   * Approved templates from Twilio's Content Template Builder: template name, or
   * `name:language`, → Content SID (`HX…`). Undefined: the rendered text goes as `Body`.
   */
  contentSids: Record<string, string> | undefined;
  timeoutMs?: number;
}

/**
 * WhatsApp through Twilio. With a content SID map, the template goes as `ContentSid` and its
 * body parameters as `ContentVariables` (`{"1": …, "2": …}`), as Twilio's "send templates
 * created with the Content Template Builder" describes; without one, the rendered text goes as
 * `Body` (which WhatsApp delivers only inside a 24-hour conversation window, or in the sandbox).
 */
export class TwilioWhatsAppChannel implements Channel {
  readonly name = 'whatsapp' as const;
  readonly provider = 'twilio';

  constructor(private readonly options: TwilioWhatsAppOptions) {}

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const to = e164Destination(message);
    const fields: Record<string, string> = {
      From: `whatsapp:${this.options.from}`,
      To: `whatsapp:${to}`,
    };
    const sids = this.options.contentSids;
    if (sids) {
      const template = message.whatsappTemplate;
      if (!template) {
        throw new PermanentDeliveryError('WhatsApp messages need an approved template');
      }
      const contentSid = sids[`${template.name}:${template.language}`] ?? sids[template.name];
      if (!contentSid) {
        throw new PermanentDeliveryError(
          `no Twilio Content SID for WhatsApp template ${template.name} (${template.language}) in TWILIO_WHATSAPP_CONTENT_SIDS`,
        );
      }
      fields.ContentSid = contentSid;
      if (template.parameters.length) {
        fields.ContentVariables = JSON.stringify(
          Object.fromEntries(template.parameters.map((value, index) => [String(index + 1), value])),
        );
      }
    } else {
      fields.Body = message.text;
    }
    return createTwilioMessage(
      this.options.account,
      fields,
      message,
      this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
    );
  }
}
