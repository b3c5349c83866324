import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { timestamptz } from './columns.js';
import { appointments } from './scheduling.js';

/**
 * What a professional wrote when finishing a consultation. Clinical content: kept apart from the
 * appointment, which admins see. The queue owns it for now, as the one module that writes it (at
 * finish); the clinical records module will own it when it comes, and read it alone.
 */
export const consultationNotes = pgTable('consultation_notes', {
  appointmentId: uuid('appointment_id')
    .primaryKey()
    .references(() => appointments.id),
  notes: text('notes').notNull(),
  writtenBy: uuid('written_by').references(() => users.id),
  writtenAt: timestamptz('written_at').notNull().defaultNow(),
});

/**
 * Tokens of the waiting-room screens: a screen cannot sign in, so it holds a secret token
 * (only its SHA-256 is stored) that an admin creates and can revoke.
 */
export const displayTokens = pgTable('display_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  revokedAt: timestamptz('revoked_at'),
});
