import pino, { type DestinationStream, type Logger } from 'pino';
import { sha256 } from './crypto.js';

/**
 * Values that must never reach a log: credentials, one-time codes and personal data. Request
 * bodies are not logged at all; these paths cover objects that code logs on purpose.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...['password', 'newPassword', 'currentPassword', 'passwordHash', 'token', 'csrfToken', 'code']
    .concat(['email', 'phone', 'cpf', 'name', 'birthDate'])
    .flatMap((field) => [field, `*.${field}`]),
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: withoutQueryText },
    },
    destination,
  );
}

/**
 * Drizzle puts a failed query's SQL and its parameters (names, CPFs, e-mails) in its error
 * message. The log keeps the driver's reason and a short hash of the SQL text, which finds the
 * statement in the code (`queryHash` in docs/security.md), never the SQL or the values.
 */
function withoutQueryText(error: Error) {
  // `err` may be anything a caller logged under that name: only errors are reshaped.
  if (!(error instanceof Error)) return pino.stdSerializers.err(error);
  const query = (error as { query?: unknown }).query;
  const failedQuery = typeof query === 'string' || error.message.startsWith('Failed query:');
  if (!failedQuery) return pino.stdSerializers.err(error);
  const sql = typeof query === 'string' ? query : error.message.split('\n')[0]!;
  const queryHash = sha256(sql.replace(/^Failed query: /, ''))
    .toString('hex')
    .slice(0, 12);
  const reason = error.cause instanceof Error ? error.cause.message : undefined;
  const sqlState = (error.cause as { code?: unknown } | undefined)?.code;
  const message = `Failed query ${queryHash}${reason ? `: ${reason}` : ''}`;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    type: error.constructor.name,
    message,
    queryHash,
    // `code` itself is a redacted path (one-time codes); the SQLSTATE goes by its own name.
    ...(sqlState !== undefined && { sqlState }),
    stack: [`${error.name}: ${message}`, ...frames].join('\n'),
  };
}
