import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { userRole, users } from './accounts.js';
import { timestamptz } from './columns.js';

/** Who read or changed which patient's data. Append-only: a trigger refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamptz('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorRole: userRole('actor_role'),
    action: text('action').notNull(),
    patientUserId: uuid('patient_user_id')
      .notNull()
      .references(() => users.id),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (table) => [
    index('audit_log_patient_at_idx').on(table.patientUserId, table.at),
    index('audit_log_actor_at_idx').on(table.actorUserId, table.at),
    index('audit_log_at_idx').on(table.at),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
