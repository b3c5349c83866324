import fs from 'node:fs/promises';
import path from 'node:path';
import { backupLayout, listBaseBackups } from './layout.js';

const DAY_MS = 24 * 60 * 60_000;
/** A WAL segment's name: timeline, log and segment, 8 hex digits each. */
const SEGMENT = /^[0-9A-F]{24}/;

/**
 * Deletes base backups started more than `retentionDays` ago, always keeping the newest, then
 * the archived WAL older than the oldest kept backup's first segment: no kept backup can use it.
 * basic_archive's names sort by position in the WAL, so "older" is a string comparison; a
 * timeline's `.history` files are kept. Returns how many files and folders went.
 */
export async function pruneBackups(
  backupDir: string,
  retentionDays: number,
  now: Date = new Date(),
): Promise<number> {
  const layout = backupLayout(backupDir);
  const backups = await listBaseBackups(backupDir);
  if (!backups.length) return 0;
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const kept = backups.filter(
    (backup, index) =>
      index === backups.length - 1 || new Date(backup.manifest.startedAt).getTime() >= cutoff,
  );
  let removed = 0;
  for (const backup of backups) {
    if (kept.includes(backup)) continue;
    await fs.rm(backup.folder, { recursive: true, force: true });
    removed += 1;
  }
  const oldestNeeded = kept[0]!.manifest.startWal;
  for (const name of await fs.readdir(layout.wal).catch(() => [] as string[])) {
    const segment = SEGMENT.exec(name)?.[0];
    if (!segment || name.endsWith('.history') || segment >= oldestNeeded) continue;
    await fs.rm(path.join(layout.wal, name), { force: true });
    removed += 1;
  }
  return removed;
}
