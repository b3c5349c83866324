import { PermanentDeliveryError } from '../message.js';
import { scrub } from './redact.js';

/** How long an HTTP provider may take to answer before the attempt counts as failed. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

/**
 * A delivery attempt that failed for a passing reason (rate limit, provider down, timeout,
 * network): the worker retries it. A plain `Error` to the worker; `retryAfterMs` is the
 * provider's `Retry-After`, when it gave one.
 */
export class RetryableDeliveryError extends Error {
  override name = 'RetryableDeliveryError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What a provider's error answer says, as far as the adapter can tell. */
export interface ProviderErrorDetails {
  code?: string | number;
  message?: string;
  /** The provider says trying again later may work, whatever the HTTP status. */
  transient?: boolean;
}

export interface ProviderRequest {
  /** For error texts: `Twilio`, `WhatsApp Cloud API`. */
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Reads the provider's error body (already parsed as JSON when it is JSON). */
  describeError: (body: unknown) => ProviderErrorDetails;
  /** Values to keep out of error texts: the destination, the text, the credentials. */
  sensitive: readonly (string | undefined)[];
}

/**
 * POSTs to a provider and returns its parsed 2xx answer (`undefined` when not JSON: the message
 * was accepted all the same, and sending it again would send it twice).
 *
 * Failures: 429, 5xx, 401 (credentials: the operator's fix makes the retries pass), network
 * errors and timeouts, and errors the provider marks as transient → RetryableDeliveryError;
 * any other 4xx → PermanentDeliveryError. Error texts hold the status and the provider's code
 * and message, scrubbed; never the URL, the headers or the request body.
 */
export async function postToProvider(request: ProviderRequest): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'error',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new RetryableDeliveryError(
      `${request.provider}: no answer (${networkReason(error, request.timeoutMs)})`,
    );
  }
  const body = parseJson(text);
  if (response.ok) return body;

  const details = body === undefined ? {} : safeDescribe(request.describeError, body);
  const code = details.code === undefined ? '' : ` (error ${details.code})`;
  const said = details.message ? `: ${scrub(details.message, request.sensitive)}` : '';
  const summary = `${request.provider} answered ${response.status}${code}${said}`;
  const status = response.status;
  if (status === 429 || status === 401 || status >= 500 || details.transient) {
    throw new RetryableDeliveryError(summary, retryAfterMs(response.headers.get('retry-after')));
  }
  if (status >= 400) throw new PermanentDeliveryError(summary);
  // 1xx/3xx (redirects are refused): not an answer the API gives; try again later.
  throw new RetryableDeliveryError(summary);
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** `https://api.example.com/` + `/v1/x` without a doubled slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function safeDescribe(
  describe: ProviderRequest['describeError'],
  body: unknown,
): ProviderErrorDetails {
  try {
    return describe(body);
  } catch {
    return {};
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `timed out after ${timeoutMs} ms`;
  }
  // undici's "fetch failed" carries the system error (ECONNREFUSED, ENOTFOUND…) as its cause.
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'network error';
}

/** `Retry-After: 30` or an HTTP date → milliseconds from now. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
