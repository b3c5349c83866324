import { inArray } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.js';
import { users } from '../../db/schema/accounts.js';
import type { Recipient } from '../notifications/index.js';

const query = new QueryBuilder();

/**
 * The users as other modules read them, to join in their own queries: a read-only relation
 * (a plain subquery, which PostgreSQL folds into the query that joins it, so the plan and the
 * indexes are those of a join on the table) without the password hash. `alias` names it in
 * the query; two roles in one query (a patient and a professional) take two aliases.
 */
export function usersRelation(alias = 'users') {
  return query
    .select({
      id: users.id,
      role: users.role,
      name: users.name,
      nameFolded: users.nameFolded,
      email: users.email,
      phone: users.phone,
      language: users.language,
      emailVerifiedAt: users.emailVerifiedAt,
      phoneVerifiedAt: users.phoneVerifiedAt,
      active: users.active,
      createdAt: users.createdAt,
    })
    .from(users)
    .as(alias);
}

/** Who notices go to (the notifications' `RecipientDirectory`), in the caller's transaction. */
export async function recipientsById(
  executor: Executor,
  ids: string[],
): Promise<Map<string, Recipient>> {
  if (!ids.length) return new Map();
  const rows = await executor
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      email: users.email,
      phone: users.phone,
      language: users.language,
      active: users.active,
      notifyEmail: users.notifyEmail,
      notifySms: users.notifySms,
      notifyWhatsapp: users.notifyWhatsapp,
      whatsappOptInAt: users.whatsappOptInAt,
    })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}
