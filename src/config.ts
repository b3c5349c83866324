import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { S3StorageOptions } from './lib/storage/index.js';

const E164_PATTERN = '^\\+[1-9][0-9]{6,14}$';
/** `template_name=HX…` or `template_name:language=HX…` (a Twilio Content SID). */
const CONTENT_SID_ENTRY = '[A-Za-z0-9_]+(:[A-Za-z_-]+)?=HX[0-9a-fA-F]{32}';

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
  BACKUP_DIR: Type.Optional(Type.String({ minLength: 1 })),
  BACKUP_SCHEDULE: Type.Enum(['hourly', 'daily', 'weekly', 'off'], { default: 'daily' }),
  BACKUP_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 30 }),
  /** Also copy the backups to S3_BUCKET; on by default when S3_BUCKET is set. */
  BACKUP_S3: Type.Optional(Type.Boolean()),
  BACKUP_S3_PREFIX: Type.String({
    pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/$',
    maxLength: 100,
    default: 'backups/',
  }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  WEB_PROCESSES: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
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
  LOGIN_FAILURES_BEFORE_DELAY: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({ minimum: 1, default: 100 }),
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({ minimum: 1, default: 100 }),
  LOGIN_LOCKOUT_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 15 }),
  PASSWORD_RESET_MAX_PER_IP: Type.Integer({ minimum: 1, default: 30 }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  BOOKING_MIN_NOTICE: Type.String({ pattern: '^[0-9]+(m|h|d)$', default: '1h' }),
  BOOKING_HORIZON_DAYS: Type.Integer({ minimum: 1, maximum: 730, default: 90 }),
  NO_SHOW_AFTER_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 30 }),
  PUBLIC_DIRECTORY: Type.Boolean({ default: true }),
  REMINDER_OFFSETS: Type.String({
    pattern: '^[0-9]+[mhd]( *, *[0-9]+[mhd])*$',
    default: '24h',
    description: 'How long before an appointment reminders go: a comma list of 30m, 2h, 1d…',
  }),
  CLINIC_NAME: Type.String({ minLength: 1, maxLength: 80, default: 'ClinicDesk' }),
  CLINIC_ADDRESS: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  CLINIC_PHONE: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  PUBLIC_URL: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://' })),
  NOTIFICATION_WORKER: Type.Union([Type.Literal('in-app'), Type.Literal('off')], {
    default: 'in-app',
  }),
  NOTIFICATION_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
  NOTIFICATION_RETRY_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  NOTIFICATION_LEASE_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  NOTIFICATION_RETENTION_DAYS: Type.Integer({
    minimum: 0,
    maximum: 36500,
    default: 365,
    description: 'Days the delivery log and processed outbox events are kept; 0 keeps them all',
  }),
  CEP_LOOKUP_URL: Type.Optional(Type.String({ pattern: '^https?://.*\\{cep\\}' })),
  CEP_LOOKUP_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 10000, default: 2000 }),
  S3_BUCKET: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1' }),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ minLength: 1 })),
  S3_SECRET_ACCESS_KEY: Type.Optional(Type.String({ minLength: 1 })),
  S3_FORCE_PATH_STYLE: Type.Optional(Type.Boolean()),
  SMTP_URL: Type.Optional(Type.String({ format: 'uri', pattern: '^smtps?://' })),
  MAIL_FROM: Type.Optional(Type.String({ pattern: '[^\\s<>@]+@[^\\s<>@]+\\.[^\\s<>@]+>?$' })),
  WHATSAPP_PROVIDER: Type.Enum(['none', 'cloud', 'twilio'], { default: 'none' }),
  WHATSAPP_CLOUD_URL: Type.String({
    format: 'uri',
    pattern: '^https?://',
    default: 'https://graph.facebook.com/v21.0',
  }),
  WHATSAPP_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  WHATSAPP_PHONE_NUMBER_ID: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  TWILIO_API_URL: Type.String({
    format: 'uri',
    pattern: '^https?://',
    default: 'https://api.twilio.com',
  }),
  TWILIO_ACCOUNT_SID: Type.Optional(Type.String({ pattern: '^AC[0-9a-fA-F]{32}$' })),
  TWILIO_AUTH_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  TWILIO_WHATSAPP_FROM: Type.Optional(Type.String({ pattern: E164_PATTERN })),
  TWILIO_WHATSAPP_CONTENT_SIDS: Type.Optional(
    Type.String({
      pattern: `^${CONTENT_SID_ENTRY}( *, *${CONTENT_SID_ENTRY})*$`,
    }),
  ),
  TWILIO_SMS_FROM: Type.Optional(Type.String({ pattern: E164_PATTERN })),
});

type Env = Static<typeof EnvSchema>;

const secretVariables = new Set(['SMTP_URL', 'WHATSAPP_TOKEN', 'TWILIO_AUTH_TOKEN']);

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /**
   * Base backups and WAL archiving of the embedded server (src/modules/backups). Off with
   * DATABASE_URL: a managed server is backed up by its provider.
   */
  backups: {
    /** BACKUP_DIR, by default DATA_DIR/backups (better on another disk). */
    dir: string;
    schedule: 'hourly' | 'daily' | 'weekly' | 'off';
    retentionDays: number;
    /** The backups' copy in S3_BUCKET under BACKUP_S3_PREFIX; undefined without a bucket. */
    bucket: { s3: S3StorageOptions; prefix: string } | undefined;
  };
  /** HTTP server processes sharing the port (node:cluster); 1 serves from the main process. */
  webProcesses: number;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: boolean;
  bodyLimitBytes: number;
  clinic: {
    timeZone: string;
    country: string;
    defaultLanguage: Env['DEFAULT_LANGUAGE'];
    /** What prescriptions print at the top. */
    name: string;
    address: string | null;
    phone: string | null;
  };
  /** Where the clinic's users reach this server (prescriptions' QR codes point under it). */
  publicUrl: string;
  firstAdmin: { email: string | undefined; password: string | undefined; name: string };
  sessions: { ttlMinutes: number; cookieSecure: boolean };
  /** See LoginThrottleSettings (src/modules/accounts/login-throttle.ts). */
  loginThrottle: {
    /** Failures for an account from one client before each next try from it waits longer. */
    failuresBeforeDelay: number;
    /** Failures for an account from all clients before only known clients may try. */
    maxFailuresPerAccount: number;
    /** Failures from one IP before only clients known to the account may try. */
    maxFailuresPerIp: number;
    /** The counting window and the longest delay. */
    lockoutMinutes: number;
  };
  /** Password-reset code requests and wrong codes per client IP per hour. */
  passwordResetMaxPerIp: number;
  metricsToken: string | undefined;
  booking: { minNoticeMinutes: number; horizonDays: number };
  /** The professionals, specialties and free slots readable signed out (the public pages). */
  publicDirectory: boolean;
  /** Minutes after an appointment's end without check-in before the worker marks a no-show. */
  queue: { noShowAfterMinutes: number };
  /** Minutes before an appointment's start that a reminder goes, distinct, largest first. */
  reminders: { offsetsMinutes: number[] };
  notifications: {
    clinicName: string;
    /** `in-app`: the app delivers; `off`: separate workers (`npm run worker`) do. */
    worker: 'in-app' | 'off';
    maxAttempts: number;
    /** The first retry's delay; each next one doubles it. */
    retrySeconds: number;
    /** How long a worker owns a message it is sending: after that, another may take it. */
    leaseSeconds: number;
    /** Days closed messages and processed events are kept (0: for good). */
    retentionDays: number;
  };
  cepLookup: { url: string | undefined; timeoutMs: number };
  s3: S3StorageOptions | undefined;
  /** Notification providers; an unset channel is only logged (channels/log-channel.ts). */
  channels: ChannelsConfig;
}

export interface TwilioAccount {
  apiUrl: string;
  accountSid: string;
  authToken: string;
}

export interface ChannelsConfig {
  email: { smtpUrl: string; from: string } | undefined;
  whatsapp:
    | { provider: 'cloud'; apiUrl: string; token: string; phoneNumberId: string }
    | {
        provider: 'twilio';
        account: TwilioAccount;
        from: string;
        /** Template name, or `name:language`, → Content SID; undefined: send the text as Body. */
        contentSids: Record<string, string> | undefined;
      }
    | undefined;
  sms: { provider: 'twilio'; account: TwilioAccount; from: string } | undefined;
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
    // Secrets are named, never echoed: start-up errors end up in logs.
    const given = name && !secretVariables.has(name) ? environment[name] : undefined;
    return `${name || 'environment'} ${message}${given === undefined ? '' : ` (got "${given}")`}`;
  });
  const env = converted as Env;
  if (!problems.length && !isValidTimeZone(env.CLINIC_TIMEZONE)) {
    problems.push(`CLINIC_TIMEZONE must be an IANA time zone name (got "${env.CLINIC_TIMEZONE}")`);
  }
  const reminderProblem = problems.length ? undefined : checkReminderOffsets(env.REMINDER_OFFSETS);
  if (reminderProblem) problems.push(reminderProblem);
  if (!problems.length) problems.push(...channelProblems(env));
  if (problems.length) throw new ConfigError(problems);

  const s3: S3StorageOptions | undefined = env.S3_BUCKET
    ? {
        bucket: env.S3_BUCKET,
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        // S3-compatible servers (MinIO, s3rver) usually want path-style URLs.
        forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      }
    : undefined;
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    backups: {
      dir: path.resolve(env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups')),
      schedule: env.BACKUP_SCHEDULE,
      retentionDays: env.BACKUP_RETENTION_DAYS,
      bucket: s3 && env.BACKUP_S3 !== false ? { s3, prefix: env.BACKUP_S3_PREFIX } : undefined,
    },
    webProcesses: env.WEB_PROCESSES,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    clinic: {
      timeZone: env.CLINIC_TIMEZONE,
      country: env.CLINIC_COUNTRY,
      defaultLanguage: env.DEFAULT_LANGUAGE,
      name: env.CLINIC_NAME,
      address: env.CLINIC_ADDRESS ?? null,
      phone: env.CLINIC_PHONE ?? null,
    },
    publicUrl: (env.PUBLIC_URL ?? `http://${localHost(env.HOST)}:${env.PORT}`).replace(/\/+$/, ''),
    firstAdmin: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD, name: env.ADMIN_NAME },
    sessions: {
      ttlMinutes: env.SESSION_TTL_MINUTES,
      cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    },
    loginThrottle: {
      failuresBeforeDelay: env.LOGIN_FAILURES_BEFORE_DELAY,
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES,
    },
    passwordResetMaxPerIp: env.PASSWORD_RESET_MAX_PER_IP,
    metricsToken: env.METRICS_TOKEN,
    booking: {
      minNoticeMinutes: durationMinutes(env.BOOKING_MIN_NOTICE),
      horizonDays: env.BOOKING_HORIZON_DAYS,
    },
    publicDirectory: env.PUBLIC_DIRECTORY,
    queue: { noShowAfterMinutes: env.NO_SHOW_AFTER_MINUTES },
    reminders: { offsetsMinutes: reminderOffsets(env.REMINDER_OFFSETS) },
    notifications: {
      clinicName: env.CLINIC_NAME,
      worker: env.NOTIFICATION_WORKER,
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
      retrySeconds: env.NOTIFICATION_RETRY_SECONDS,
      leaseSeconds: env.NOTIFICATION_LEASE_SECONDS,
      retentionDays: env.NOTIFICATION_RETENTION_DAYS,
    },
    cepLookup: { url: env.CEP_LOOKUP_URL, timeoutMs: env.CEP_LOOKUP_TIMEOUT_MS },
    s3,
    channels: channelsConfig(env),
  };
}

export const configVariableNames = Object.keys(EnvSchema.properties);

/** The address this machine's own browser reaches a server listening on `host` at. */
function localHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** `90m`, `1h`, `2d` → minutes. */
function durationMinutes(value: string): number {
  const amount = Number(value.slice(0, -1));
  return amount * { m: 1, h: 60, d: 1440 }[value.slice(-1) as 'm' | 'h' | 'd'];
}

/** `24h, 1h` → [1440, 60]: distinct, largest first. */
function reminderOffsets(value: string): number[] {
  const minutes = value.split(',').map((part) => durationMinutes(part.trim()));
  return [...new Set(minutes)].sort((a, b) => b - a);
}

/** Reminders go between 1 minute and 30 days ahead. */
function checkReminderOffsets(value: string): string | undefined {
  const offsets = reminderOffsets(value);
  if (offsets.every((minutes) => minutes >= 1 && minutes <= 30 * 1440)) return undefined;
  return `REMINDER_OFFSETS must list durations between 1m and 30d (got "${value}")`;
}

/** Each provider's required variables, named when missing. */
function channelProblems(env: Env): string[] {
  const required: [when: string, names: (keyof Env)[]][] = [];
  if (env.SMTP_URL) required.push(['SMTP_URL is set', ['MAIL_FROM']]);
  if (env.WHATSAPP_PROVIDER === 'cloud') {
    required.push(['WHATSAPP_PROVIDER=cloud', ['WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID']]);
  }
  if (env.WHATSAPP_PROVIDER === 'twilio') {
    required.push([
      'WHATSAPP_PROVIDER=twilio',
      ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_WHATSAPP_FROM'],
    ]);
  }
  if (env.TWILIO_SMS_FROM) {
    required.push(['TWILIO_SMS_FROM is set', ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']]);
  }
  const problems = required.flatMap(([when, names]) =>
    names.filter((name) => !env[name]).map((name) => `${name} is required when ${when}`),
  );
  return [...new Set(problems)];
}

function channelsConfig(env: Env): ChannelsConfig {
  const twilio = (): TwilioAccount => ({
    apiUrl: env.TWILIO_API_URL,
    accountSid: env.TWILIO_ACCOUNT_SID!,
    authToken: env.TWILIO_AUTH_TOKEN!,
  });
  const contentSids = env.TWILIO_WHATSAPP_CONTENT_SIDS?.split(',').map((entry) => {
    const [template, sid] = entry.trim().split('=') as [string, string];
    return [template, sid] as const;
  });
  return {
    email: env.SMTP_URL ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM! } : undefined,
    whatsapp:
      env.WHATSAPP_PROVIDER === 'cloud'
        ? {
            provider: 'cloud',
            apiUrl: env.WHATSAPP_CLOUD_URL,
            token: env.WHATSAPP_TOKEN!,
            phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID!,
          }
        : env.WHATSAPP_PROVIDER === 'twilio'
          ? {
              provider: 'twilio',
              account: twilio(),
              from: env.TWILIO_WHATSAPP_FROM!,
              contentSids: contentSids && Object.fromEntries(contentSids),
            }
          : undefined,
    sms: env.TWILIO_SMS_FROM
      ? { provider: 'twilio', account: twilio(), from: env.TWILIO_SMS_FROM }
      : undefined,
  };
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
