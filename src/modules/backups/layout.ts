import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * What BACKUP_DIR holds:
 * - `wal/`: every archived WAL segment (written by PostgreSQL's basic_archive);
 * - `base/<id>/`: one base backup each, its cluster copy in `postgres/`, the superuser's
 *   password and `manifest.json`, written last (a folder without it is incomplete and ignored);
 * - `files/`: a copy of DATA_DIR/files (photos, lab reports); a file deleted there stays while
 *   a restore may reach a moment that names it (files-retention.ts, `files-gone.json`);
 * - `status.json`: the outcome of each backup task (status-file.ts);
 * - `bucket.json`: how far the copy in the bucket goes (bucket-upload.ts).
 */
export function backupLayout(backupDir: string) {
  const root = path.resolve(backupDir);
  return {
    root,
    wal: path.join(root, 'wal'),
    base: path.join(root, 'base'),
    files: path.join(root, 'files'),
    status: path.join(root, 'status.json'),
  };
}

export interface BaseBackupManifest {
  id: string;
  label: string;
  /** ISO times: the backup's data is consistent from `stoppedAt` on. */
  startedAt: string;
  stoppedAt: string;
  startLsn: string;
  /** The first WAL segment a restore of this backup needs (older ones may be pruned). */
  startWal: string;
  stopLsn: string;
  stopWal: string;
  appVersion: string;
  postgresVersion: string;
  fileCount: number;
  bytes: number;
}

export interface BaseBackup {
  folder: string;
  manifest: BaseBackupManifest;
}

/** The complete base backups, oldest first. */
export async function listBaseBackups(backupDir: string): Promise<BaseBackup[]> {
  const { base } = backupLayout(backupDir);
  const names = await fs.readdir(base).catch(() => [] as string[]);
  const backups: BaseBackup[] = [];
  for (const name of names) {
    const folder = path.join(base, name);
    const text = await fs.readFile(path.join(folder, 'manifest.json'), 'utf8').catch(() => '');
    if (!text) continue;
    backups.push({ folder, manifest: JSON.parse(text) as BaseBackupManifest });
  }
  return backups.sort((a, b) => a.manifest.startedAt.localeCompare(b.manifest.startedAt));
}

/** A folder name that sorts by time: `20261201T131400123Z`. */
export function backupId(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}
