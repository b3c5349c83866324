import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { create as createTar } from 'tar';
import type { BackupBucket } from './bucket.js';
import { writeJsonFile } from './json-file.js';
import { backupLayout, listBaseBackups, type BaseBackup } from './layout.js';
import { isArchivedName, isPlainSegment } from './wal-names.js';

/**
 * What has reached the bucket, in BACKUP_DIR/bucket.json: the archive's files up to a name
 * (they are sent in name order, which is WAL order) and the base backups sent whole. Kept for
 * one bucket: pointed at another, everything is sent again.
 */
interface UploadState {
  bucket: string;
  walThrough?: string;
  baseBackups: string[];
}

export interface UploadResult {
  wal: number;
  baseBackups: number;
}

/**
 * Sends what BACKUP_DIR holds and the bucket lacks: the archived WAL (gzipped) in WAL order,
 * then each base backup as one tarball, its password file and, last, its manifest, once the
 * bucket has the WAL up to the backup's stop point: a manifest in the bucket means that
 * backup restores from the bucket alone. An interrupted run resends from where it stopped.
 */
export async function uploadToBucket(
  backupDir: string,
  bucket: BackupBucket,
): Promise<UploadResult> {
  const layout = backupLayout(backupDir);
  const state = await readState(backupDir, bucket);
  const result: UploadResult = { wal: 0, baseBackups: 0 };
  try {
    const names = (await fs.readdir(layout.wal).catch(() => [] as string[]))
      .filter(isArchivedName)
      .sort();
    for (const name of names) {
      if (state.walThrough !== undefined && name <= state.walThrough) continue;
      // Waits for a segment not yet gzipped, so the mark never passes a file left unsent.
      if (isPlainSegment(name)) break;
      await bucket.upload(`wal/${name}`, path.join(layout.wal, name));
      state.walThrough = name;
      result.wal += 1;
    }
    const backups = await listBaseBackups(backupDir);
    for (const backup of backups) {
      if (state.baseBackups.includes(backup.manifest.id)) continue;
      if (state.walThrough === undefined || state.walThrough < backup.manifest.stopWal) continue;
      await uploadBaseBackup(bucket, backup);
      state.baseBackups.push(backup.manifest.id);
      result.baseBackups += 1;
    }
    // Forgets the backups retention removed here: the bucket's own retention removes its copy.
    const local = new Set(backups.map((backup) => backup.manifest.id));
    state.baseBackups = state.baseBackups.filter((id) => local.has(id));
  } finally {
    await writeJsonFile(stateFile(backupDir), state);
  }
  return result;
}

async function uploadBaseBackup(bucket: BackupBucket, backup: BaseBackup): Promise<void> {
  const prefix = `base/${backup.manifest.id}`;
  const tarball = createTar({ gzip: true, cwd: path.join(backup.folder, 'postgres') }, ['.']);
  await bucket.upload(`${prefix}/postgres.tar.gz`, Readable.from(tarball));
  await bucket.upload(`${prefix}/postgres.password`, path.join(backup.folder, 'postgres.password'));
  await bucket.putText(`${prefix}/manifest.json`, `${JSON.stringify(backup.manifest, null, 2)}\n`);
}

function stateFile(backupDir: string): string {
  return path.join(backupLayout(backupDir).root, 'bucket.json');
}

async function readState(backupDir: string, bucket: BackupBucket): Promise<UploadState> {
  const text = await fs.readFile(stateFile(backupDir), 'utf8').catch(() => '');
  const fresh: UploadState = { bucket: bucket.describe(), baseBackups: [] };
  try {
    const state = text ? (JSON.parse(text) as UploadState) : fresh;
    return state.bucket === fresh.bucket ? state : fresh;
  } catch {
    return fresh; // a hand-edited file: sending everything again is safe
  }
}
