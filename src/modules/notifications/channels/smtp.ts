import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import {
  PermanentDeliveryError,
  type Channel,
  type DeliveryReceipt,
  type OutgoingMessage,
} from '../message.js';
import { RetryableDeliveryError } from './http.js';
import { scrub, sensitiveValues } from './redact.js';

export interface SmtpOptions {
  /** `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (TLS). */
  url: string;
  /** `"Clínica <no-reply@clinic.example>"` */
  from: string;
  /** Connection, greeting and socket timeouts; 10 s by default. */
  timeoutMs?: number;
}

/** SMTP replies that mean the server refuses our credentials, not the message. */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

/**
 * E-mail through an SMTP server with nodemailer: one pooled transport (a few connections, kept
 * open between messages) per app, closed by `close()`. Each message gets a Message-ID derived
 * from its delivery id, so a retried message carries the same one and inboxes can drop repeats.
 */
export class SmtpChannel implements Channel {
  readonly name = 'email' as const;
  readonly provider = 'smtp';
  private readonly transport: ReturnType<typeof createTransport>;
  private readonly idDomain: string;

  constructor(
    private readonly options: SmtpOptions,
    log: Pick<Logger, 'warn'>,
  ) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const url = new URL(options.url);
    // A password must not cross the network in the clear: with credentials, smtp:// must
    // upgrade with STARTTLS unless the server is on this machine (`?requireTLS=false` in the
    // URL overrides it, as the URL's settings override these).
    const hasCredentials = url.username !== '' || url.password !== '';
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    this.transport = createTransport({
      url: options.url,
      pool: true,
      maxConnections: 3,
      requireTLS: url.protocol === 'smtp:' && hasCredentials && !loopback,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: 3 * timeoutMs,
    });
    // A pooled connection that fails while idle is reported here; the next send reconnects.
    this.transport.on('error', (error: Error) => {
      log.warn({ channel: 'email', err: smtpError(error, []) }, 'SMTP connection error');
    });
    // The Message-ID's right part: the sender's domain, as mail servers expect.
    this.idDomain = /@([^\s<>@]+?)>?\s*$/.exec(options.from)?.[1] ?? 'clinicdesk';
  }

  /** `<delivery-id@clinic.example>`: the same for every attempt of one delivery. */
  messageIdOf(message: OutgoingMessage): string {
    return `<${message.id}@${this.idDomain}>`;
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const address = message.to.email;
    if (!address) throw new PermanentDeliveryError('the recipient has no e-mail address');
    const messageId = this.messageIdOf(message);
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: { name: message.to.name, address },
        subject: message.subject ?? '',
        text: message.text,
        html: message.html,
        attachments: message.attachments?.map((attachment) => ({
          filename: attachment.filename,
          contentType: attachment.contentType,
          content: attachment.content,
        })),
        messageId,
      });
    } catch (error) {
      throw smtpError(error, sensitiveValues(message));
    }
    return { providerMessageId: messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * nodemailer's error → the worker's: a 5xx reply to the message or its recipient (no such
 * mailbox, message refused) and an address nodemailer cannot use are permanent; credentials
 * refused, 4xx replies, timeouts and connection errors are retried. The text keeps the reply
 * code and the server's words, scrubbed of addresses.
 */
function smtpError(error: unknown, sensitive: readonly string[]): Error {
  const { code, responseCode, response, message } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  const said = typeof response === 'string' ? response : typeof message === 'string' ? message : '';
  const summary = scrub(
    `SMTP ${[reply, typeof code === 'string' ? code : undefined].filter(Boolean).join(' ')}: ${said}`,
    sensitive,
  );
  const authProblem = code === 'EAUTH' || (reply !== undefined && AUTH_REPLIES.has(reply));
  const permanent =
    !authProblem &&
    ((reply !== undefined && reply >= 500 && reply < 600) ||
      (reply === undefined && code === 'EENVELOPE'));
  return permanent ? new PermanentDeliveryError(summary) : new RetryableDeliveryError(summary);
}
