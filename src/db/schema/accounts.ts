import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';

/**
 * postgres.js decodes a bytea into a slice of Node's shared 8 KiB buffer pool, and a slice that
 * is kept keeps its whole slab alive: the session cache's 32-byte CSRF hashes held 8 KiB each,
 * 66 MB for the sessions of one booking benchmark. Each value gets memory of its own.
 */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
  fromDriver: (value) => {
    const own = Buffer.allocUnsafeSlow(value.length);
    value.copy(own);
    return own;
  },
});

export const userRole = pgEnum('user_role', ['patient', 'professional', 'admin']);
export const language = pgEnum('language', ['pt-BR', 'en']);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    role: userRole('role').notNull(),
    // Stored lower-cased: e-mail addresses are unique regardless of case.
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** The name folded for search (lower case, no accents), kept by PostgreSQL itself. */
    nameFolded: text('name_folded')
      .notNull()
      .generatedAlwaysAs(sql`fold_text(name)`),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    language: language('language').notNull(),
    notifyEmail: boolean('notify_email').notNull().default(true),
    notifySms: boolean('notify_sms').notNull().default(true),
    notifyWhatsapp: boolean('notify_whatsapp').notNull().default(false),
    whatsappOptInAt: timestamptz('whatsapp_opt_in_at'),
    emailVerifiedAt: timestamptz('email_verified_at'),
    phoneVerifiedAt: timestamptz('phone_verified_at'),
    passwordChangedAt: timestamptz('password_changed_at').notNull().defaultNow(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_email_key').on(table.email),
    check('users_email_lower_case', sql`${table.email} = lower(${table.email})`),
    index('users_role_idx')
      .on(table.role)
      .where(sql`${table.active}`),
    // Substring search (LIKE '%…%') on the folded name, and its order.
    index('users_name_folded_trgm_idx').using('gin', table.nameFolded.op('gin_trgm_ops')),
    index('users_name_folded_idx').on(table.nameFolded),
    // E-mail prefix search, whatever the database's collation.
    index('users_email_prefix_idx').on(table.email.op('text_pattern_ops')),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // SHA-256 of the bearer token: a leaked table does not give working tokens.
    tokenHash: bytea('token_hash').notNull(),
    // Synchroniser token for cookie-authenticated unsafe requests (CSRF), also stored hashed.
    csrfTokenHash: bytea('csrf_token_hash').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (table) => [
    uniqueIndex('sessions_token_hash_key').on(table.tokenHash),
    index('sessions_user_id_idx').on(table.userId),
  ],
);

/** Counters of rate-limiter-flexible's Drizzle store (login throttling), shared by all instances. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamptz('expire'),
});

export const codePurpose = pgEnum('code_purpose', [
  'email_verification',
  'phone_verification',
  'password_reset',
]);

/** One-time codes: only their hash is kept; 10 minutes, single use, 5 wrong tries. */
export const oneTimeCodes = pgTable(
  'one_time_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: codePurpose('purpose').notNull(),
    /** The e-mail or phone it was sent to: a code proves that destination only. */
    destination: text('destination').notNull(),
    codeHash: text('code_hash').notNull(),
    wrongTries: smallint('wrong_tries').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (table) => [
    index('one_time_codes_user_idx').on(table.userId, table.purpose, table.createdAt),
    index('one_time_codes_destination_idx').on(table.destination, table.createdAt),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
