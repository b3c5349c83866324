import {
  PermanentDeliveryError,
  type Channel,
  type DeliveryReceipt,
  type OutgoingMessage,
} from '../message.js';
import {
  DEFAULT_PROVIDER_TIMEOUT_MS,
  joinUrl,
  postToProvider,
  type ProviderErrorDetails,
} from './http.js';
import { e164Destination } from './phone.js';
import { sensitiveValues } from './redact.js';

export interface WhatsAppCloudOptions {
  /** `https://graph.facebook.com/v21.0` */
  apiUrl: string;
  token: string;
  phoneNumberId: string;
  timeoutMs?: number;
}

interface GraphError {
  error?: {
    message?: string;
    code?: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_data?: { details?: string };
  };
}

/**
 * Graph API error codes that mean "not now" even when they come with a 400: rate limits
 * (4, 80007, 130429 throughput, 131048 spam rate, 131056 pair rate) and temporary failures
 * (1, 2, 131000, 131016), per Meta's Cloud API error-code reference.
 */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 80007, 130429, 131000, 131016, 131048, 131056]);

/**
 * Authentication templates (docs/whatsapp-templates.md): their "Copy code" button is a URL
 * button that takes the code again, as button 0's parameter (Meta's "copy code authentication
 * templates" guide).
 */
const COPY_CODE_TEMPLATES = new Set(['one_time_code']);

/**
 * WhatsApp through Meta's WhatsApp Business Cloud API: `POST /{phone-number-id}/messages` with a
 * template message (business-initiated messages must use an approved template), answered with
 * `messages[0].id` (a `wamid.…`).
 */
export class WhatsAppCloudChannel implements Channel {
  readonly name = 'whatsapp' as const;
  readonly provider = 'whatsapp-cloud';
  private readonly timeoutMs: number;

  constructor(private readonly options: WhatsAppCloudOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const template = message.whatsappTemplate;
    if (!template) {
      throw new PermanentDeliveryError('WhatsApp messages need an approved template');
    }
    const to = e164Destination(message).slice(1);
    const text = (value: string) => ({ type: 'text', text: value });
    const components: object[] = [];
    if (template.parameters.length) {
      components.push({ type: 'body', parameters: template.parameters.map(text) });
    }
    const code = template.parameters[0];
    if (COPY_CODE_TEMPLATES.has(template.name) && code !== undefined) {
      components.push({ type: 'button', sub_type: 'url', index: '0', parameters: [text(code)] });
    }
    const body = {
      messaging_product: 'whatsapp',
      to,
      type: 'template',
      template: {
        name: template.name,
        language: { code: template.language },
        ...(components.length && { components }),
      },
    };
    const answer = (await postToProvider({
      provider: 'WhatsApp Cloud API',
      url: joinUrl(
        this.options.apiUrl,
        `${encodeURIComponent(this.options.phoneNumberId)}/messages`,
      ),
      headers: {
        authorization: `Bearer ${this.options.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      timeoutMs: this.timeoutMs,
      describeError: describeGraphError,
      sensitive: [...sensitiveValues(message), this.options.token],
    })) as { messages?: { id?: unknown }[] } | undefined;
    const id = answer?.messages?.[0]?.id;
    return { providerMessageId: typeof id === 'string' ? id : undefined };
  }
}

function describeGraphError(body: unknown): ProviderErrorDetails {
  const error = (body as GraphError).error;
  if (!error) return {};
  const details = error.error_data?.details;
  return {
    code: error.code,
    message: [error.message, details].filter(Boolean).join(' — '),
    transient: error.is_transient === true || TRANSIENT_CODES.has(error.code ?? -1),
  };
}
