import pino, { type DestinationStream, type Logger } from 'pino';

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
      serializers: { err: withoutQueryParameters },
    },
    destination,
  );
}

/**
 * Drizzle puts a failed query's parameters (names, CPFs, e-mails) in its error message; the log
 * keeps the SQL and the driver's reason, never the values.
 */
function withoutQueryParameters(error: Error) {
  const serialized = pino.stdSerializers.err(error) as ReturnType<
    typeof pino.stdSerializers.err
  > & {
    params?: unknown;
  };
  const strip = (text: string | undefined) =>
    text?.replace(/\nparams: .*?(?=: [^:\n]*$|\n|$)/gm, '');
  // DrizzleQueryError also carries the values as a `params` property.
  const { params: _values, ...rest } = serialized;
  return {
    ...rest,
    message: strip(serialized.message) ?? '',
    stack: strip(serialized.stack) ?? '',
  };
}
