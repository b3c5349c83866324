import fs from 'node:fs/promises';
import path from 'node:path';
import { extract as extractTar } from 'tar';
import type { BackupBucket } from './bucket.js';
import { chooseBaseBackup } from './choose-backup.js';
import { backupLayout, type BaseBackupManifest } from './layout.js';
import type { RecoveryTarget } from './restore.js';
import { isArchivedName } from './wal-names.js';

/** Downloads run a few at a time: the archive is many small objects. */
const PARALLEL_DOWNLOADS = 8;

/** The complete base backups in the bucket (those with a manifest), oldest first. */
export async function listBucketBackups(
  bucket: BackupBucket,
): Promise<{ manifest: BaseBackupManifest }[]> {
  const keys = (await bucket.list('base/')).filter((key) => key.endsWith('/manifest.json'));
  const backups = await Promise.all(
    keys.map(async (key) => ({
      manifest: JSON.parse(await bucket.getText(key)) as BaseBackupManifest,
    })),
  );
  return backups.sort((a, b) => a.manifest.startedAt.localeCompare(b.manifest.startedAt));
}

/**
 * Rebuilds, in the empty folder `backupDir`, what BACKUP_DIR held for a restore to `target`:
 * the base backup chosen from the bucket's and the archived WAL from its first segment on
 * (with every timeline's history). restoreBackup then restores from it as from BACKUP_DIR.
 */
export async function downloadFromBucket(
  bucket: BackupBucket,
  target: RecoveryTarget,
  backupDir: string,
): Promise<BaseBackupManifest> {
  const layout = backupLayout(backupDir);
  const { manifest } = chooseBaseBackup(
    await listBucketBackups(bucket),
    target,
    `the bucket (${bucket.describe()})`,
  );
  const folder = path.join(layout.base, manifest.id);
  await fs.mkdir(path.join(folder, 'postgres'), { recursive: true, mode: 0o700 });
  await fs.mkdir(layout.wal, { recursive: true, mode: 0o700 });
  const tarball = path.join(folder, 'postgres.tar.gz');
  await bucket.download(`base/${manifest.id}/postgres.tar.gz`, tarball);
  await extractTar({ file: tarball, cwd: path.join(folder, 'postgres') });
  await fs.rm(tarball);
  await bucket.download(
    `base/${manifest.id}/postgres.password`,
    path.join(folder, 'postgres.password'),
  );
  const wal = (await bucket.list('wal/'))
    .map((key) => key.slice('wal/'.length))
    .filter(
      (name) => isArchivedName(name) && (name >= manifest.startWal || name.endsWith('.history')),
    );
  let next = 0;
  const worker = async () => {
    while (next < wal.length) {
      const name = wal[next++]!;
      await bucket.download(`wal/${name}`, path.join(layout.wal, name));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
  // Last, as in BACKUP_DIR: the folder is a complete backup once its manifest is there.
  await fs.writeFile(path.join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
