import type { SQL } from 'drizzle-orm';
import type { Db } from './database.js';

/** Rows deleted per statement: each batch is a short transaction of its own. */
const BATCH = 1_000;

/**
 * Runs a delete of at most `limit` rows (its own `… limit ${limit} for update skip locked`)
 * again and again until one deletes fewer, or `maxBatches` have run; returns the rows deleted.
 * However much has piled up, no lock is held long, and rows another process holds are left
 * for the next run.
 */
export async function deleteInBatches(
  db: Db,
  deleteBatch: (limit: number) => SQL,
  maxBatches = Number.POSITIVE_INFINITY,
): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { count } = await db.execute(deleteBatch(BATCH));
    deleted += count;
    if (count < BATCH) break;
  }
  return deleted;
}
