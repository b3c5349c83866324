import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Every environment variable the app reads, with its default. `.env.example` and the README's
 * configuration table list the same variables; a test keeps the three in step.
 */
const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'development' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
  }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024, default: 262144 }),
  CLINIC_TIMEZONE: Type.String({ default: 'America/Sao_Paulo' }),
  CLINIC_COUNTRY: Type.String({ pattern: '^[A-Z]{2}$', default: 'BR' }),
  DEFAULT_LANGUAGE: Type.Enum(['pt-BR', 'en'], { default: 'pt-BR' }),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, maxLength: 256 })),
  ADMIN_NAME: Type.String({ minLength: 1, default: 'Clinic administrator' }),
  SESSION_TTL_MINUTES: Type.Integer({ minimum: 5, maximum: 60 * 24 * 90, default: 720 }),
  COOKIE_SECURE: Type.Optional(Type.Boolean()),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({ minimum: 1, default: 10 }),
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({ minimum: 1, default: 100 }),
  LOGIN_LOCKOUT_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 15 }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  BOOKING_MIN_NOTICE: Type.String({ pattern: '^[0-9]+(m|h|d)$', default: '1h' }),
  BOOKING_HORIZON_DAYS: Type.Integer({ minimum: 1, maximum: 730, default: 90 }),
  NO_SHOW_AFTER_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 30 }),
  CEP_LOOKUP_URL: Type.Optional(Type.String({ pattern: '^https?://.*\\{cep\\}' })),
  CEP_LOOKUP_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 10000, default: 2000 }),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1' }),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  S3_FORCE_PATH_STYLE: Type.Optional(Type.Boolean()),
});

type Env = Static<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: boolean;
  bodyLimitBytes: number;
  clinic: { timeZone: string; country: string; defaultLanguage: Env['DEFAULT_LANGUAGE'] };
  firstAdmin: { email: string | undefined; password: string | undefined; name: string };
  sessions: { ttlMinutes: number; cookieSecure: boolean };
  loginThrottle: {
    maxFailuresPerAccount: number;
    maxFailuresPerIp: number;
    lockoutMinutes: number;
  };
  metricsToken: string | undefined;
  booking: { minNoticeMinutes: number; horizonDays: number };
  /** Minutes after an appointment's end without check-in before the worker marks a no-show. */
  queue: { noShowAfterMinutes: number };
  cepLookup: { url: string | undefined; timeoutMs: number };
  s3:
    | {
        bucket: string;
        endpoint: string | undefined;
        region: string;
        forcePathStyle: boolean;
        accessKeyId: string | undefined;
        secretAccessKey: string | undefined;
      }
    | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment into a typed config; any wrong value throws a ConfigError naming it. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = environment[name];
    // An empty assignment (`PORT=`) means "not set", as in most .env tooling.
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  const withDefaults = Value.Default(EnvSchema, raw);
  const converted = Value.Convert(EnvSchema, withDefaults);
  const problems = Value.Errors(EnvSchema, converted).map((error) => {
    const name = error.instancePath.replace(/^\//, '');
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const message = allowed ? `must be one of ${allowed.join(', ')}` : error.message;
    const given = name ? environment[name] : undefined;
    return `${name || 'environment'} ${message}${given === undefined ? '' : ` (got "${given}")`}`;
  });
  const env = converted as Env;
  if (!problems.length && !isValidTimeZone(env.CLINIC_TIMEZONE)) {
    problems.push(`CLINIC_TIMEZONE must be an IANA time zone name (got "${env.CLINIC_TIMEZONE}")`);
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    clinic: {
      timeZone: env.CLINIC_TIMEZONE,
      country: env.CLINIC_COUNTRY,
      defaultLanguage: env.DEFAULT_LANGUAGE,
    },
    firstAdmin: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME },
    sessions: {
      ttlMinutes: env.SESSION_TTL_MINUTES,
      cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    },
    loginThrottle: {
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES,
    },
    metricsToken: env.METRICS_TOKEN,
    booking: {
      minNoticeMinutes: durationMinutes(env.BOOKING_MIN_NOTICE),
      horizonDays: env.BOOKING_HORIZON_DAYS,
    },
    queue: { noShowAfterMinutes: env.NO_SHOW_AFTER_MINUTES },
    cepLookup: { url: env.CEP_LOOKUP_URL, timeoutMs: env.CEP_LOOKUP_TIMEOUT_MS },
    s3: env.S3_BUCKET
      ? {
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          // S3-compatible servers (MinIO, s3rver) usually want path-style URLs.
          forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        }
      : undefined,
  };
}

export const configVariableNames = Object.keys(EnvSchema.properties);

/** `90m`, `1h`, `2d` → minutes. */
function durationMinutes(value: string): number {
  const amount = Number(value.slice(0, -1));
  return amount * { m: 1, h: 60, d: 1440 }[value.slice(-1) as 'm' | 'h' | 'd'];
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
