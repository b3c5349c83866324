import type { BackupBucket } from './bucket.js';
import { listBucketBackups } from './bucket-download.js';
import { keptBackups } from './retention.js';
import { isOlderThanNeeded } from './wal-names.js';

/**
 * The bucket's copy pruned by the rule BACKUP_DIR is: base backups past BACKUP_RETENTION_DAYS
 * but the newest, then the WAL no kept backup needs. A backup's manifest goes first, so a
 * half-deleted backup is never taken for a complete one. Returns how many objects went.
 */
export async function pruneBucket(
  bucket: BackupBucket,
  retentionDays: number,
  now: Date = new Date(),
): Promise<number> {
  const backups = await listBucketBackups(bucket);
  if (!backups.length) return 0;
  const kept = keptBackups(backups, retentionDays, now);
  let removed = 0;
  for (const backup of backups) {
    if (kept.includes(backup)) continue;
    const prefix = `base/${backup.manifest.id}/`;
    await bucket.deleteAll([`${prefix}manifest.json`]);
    const rest = (await bucket.list(prefix)).filter((key) => !key.endsWith('/manifest.json'));
    await bucket.deleteAll(rest);
    removed += 1 + rest.length;
  }
  const oldestNeeded = kept[0]!.manifest.startWal;
  const old = (await bucket.list('wal/')).filter((key) =>
    isOlderThanNeeded(key.slice('wal/'.length), oldestNeeded),
  );
  await bucket.deleteAll(old);
  return removed + old.length;
}
