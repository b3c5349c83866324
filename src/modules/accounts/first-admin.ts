import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { users } from '../../db/schema/accounts.js';
import { randomToken } from '../../lib/crypto.js';
import type { AccountsService } from './accounts-service.js';

/** Serialises creating the first admin and deactivating admins. */
export const ADMIN_LOCK = [0x436c696e, 0x41646d] as const;
export const DEFAULT_ADMIN_EMAIL = 'admin@clinicdesk.local';

/**
 * With no active admin in the database, creates one from ADMIN_EMAIL / ADMIN_PASSWORD. Without
 * ADMIN_PASSWORD a random password is generated and printed once, to the console only: never to
 * the log. Instances starting together serialise on an advisory lock, so only one admin is made.
 */
export async function ensureFirstAdmin(
  db: Db,
  accounts: AccountsService,
  settings: Config['firstAdmin'],
  log: Logger,
  print: (text: string) => void,
): Promise<void> {
  if (await hasActiveAdmin(db)) return;
  const password = settings.password ?? randomToken(15);
  const email = settings.email ?? DEFAULT_ADMIN_EMAIL;
  const created = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_LOCK[0]}, ${ADMIN_LOCK[1]})`);
    if (await hasActiveAdmin(tx)) return false;
    await accounts.createUser({ role: 'admin', email, name: settings.name, password }, tx);
    return true;
  });
  if (!created) return;
  log.info('created the first admin account');
  print(
    [
      '',
      '  ClinicDesk: the first admin account was created.',
      `    e-mail:   ${email}`,
      settings.password
        ? '    password: the one in ADMIN_PASSWORD'
        : `    password: ${password}    (shown only this once: write it down, then change it)`,
      '',
    ].join('\n'),
  );
}

async function hasActiveAdmin(db: Pick<Db, 'select'>): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .limit(1);
  return rows.length > 0;
}
