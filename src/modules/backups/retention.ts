import fs from 'node:fs/promises';
import path from 'node:path';
import { backupLayout, listBaseBackups, type BaseBackupManifest } from './layout.js';
import { pruneGoneFiles } from './files-retention.js';
import { isOlderThanNeeded } from './wal-names.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Deletes base backups started more than `retentionDays` ago, always keeping the newest, then
 * the archived WAL older than the oldest kept backup's first segment: no kept backup can use it.
 * basic_archive's names sort by position in the WAL, so "older" is a string comparison; a
 * timeline's `.history` files are kept. Last, the copies of files deleted from DATA_DIR/files a
 * day or more before the oldest kept backup started (the day: room for a file deleted a little
 * before the row naming it changed). Returns how many files and folders went.
 */
export async function pruneBackups(
  backupDir: string,
  retentionDays: number,
  now: Date = new Date(),
): Promise<number> {
  const layout = backupLayout(backupDir);
  const backups = await listBaseBackups(backupDir);
  if (!backups.length) return 0;
  const kept = keptBackups(backups, retentionDays, now);
  let removed = 0;
  for (const backup of backups) {
    if (kept.includes(backup)) continue;
    await fs.rm(backup.folder, { recursive: true, force: true });
    removed += 1;
  }
  const oldestNeeded = kept[0]!.manifest.startWal;
  for (const name of await fs.readdir(layout.wal).catch(() => [] as string[])) {
    if (!isOlderThanNeeded(name, oldestNeeded)) continue;
    await fs.rm(path.join(layout.wal, name), { force: true });
    removed += 1;
  }
  const oldestStart = Date.parse(kept[0]!.manifest.startedAt);
  return removed + (await pruneGoneFiles(backupDir, new Date(oldestStart - DAY_MS)));
}

/**
 * The backups retention keeps, of a list sorted oldest first: those started within
 * `retentionDays`, and the newest whatever its age. The bucket's copy is pruned by the same rule.
 */
export function keptBackups<T extends { manifest: BaseBackupManifest }>(
  backups: T[],
  retentionDays: number,
  now: Date,
): T[] {
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  return backups.filter(
    (backup, index) =>
      index === backups.length - 1 || new Date(backup.manifest.startedAt).getTime() >= cutoff,
  );
}
