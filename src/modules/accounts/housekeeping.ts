import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { deleteInBatches } from '../../db/delete-in-batches.js';
import { oneTimeCodes, sessions } from '../../db/schema/accounts.js';
import type { Clock } from '../../lib/clock.js';

/** Ended sessions and codes are kept this long (for support questions), then deleted. */
const KEEP_MS = 7 * 86_400_000;
/**
 * Deletes what no longer serves: sessions that expired or were signed out, and one-time codes
 * that expired, a week after the fact. Nothing here is evidence (the audit log is), and a
 * session or code row holds only hashes. Safe with several workers at once.
 */
export class AccountsHousekeeping {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Returns how many rows it deleted. */
  async run(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - KEEP_MS).toISOString();
    let deleted = 0;
    for (const [table, ended] of [
      [sessions, sql`expires_at < ${cutoff}::timestamptz or revoked_at < ${cutoff}::timestamptz`],
      [oneTimeCodes, sql`expires_at < ${cutoff}::timestamptz`],
    ] as const) {
      deleted += await deleteInBatches(
        this.db,
        (limit) => sql`
          delete from ${table} where id in (
            select id from ${table} where ${ended} limit ${limit} for update skip locked)`,
      );
    }
    return deleted;
  }
}
