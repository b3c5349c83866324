import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { handToServerUser } from '../../db/embedded-postgres.js';
import type { BackupBucket } from './bucket.js';
import { downloadFromBucket } from './bucket-download.js';
import { uploadToBucket } from './bucket-upload.js';
import type { BaseBackup } from './layout.js';
import { backupLayout } from './layout.js';
import {
  refuseUnlessEmpty,
  restoreBackup,
  type RecoveryTarget,
  type RestoreRequest,
} from './restore.js';
import { compressArchivedWal } from './wal-compression.js';

/**
 * Fills the empty folder `into` with the bucket's copy for `target`, readable by the server's
 * OS user (PostgreSQL's restore_command reads the WAL from it), and returns it as a backup
 * folder to restore from.
 */
export async function fetchFromBucket(
  bucket: BackupBucket,
  target: RecoveryTarget,
  into: string,
  log: Logger,
): Promise<string> {
  await downloadFromBucket(bucket, target, into);
  await handToServerUser(backupLayout(into).wal, log);
  return into;
}

/**
 * `npm run restore -- --from bucket`: the restore when BACKUP_DIR is lost with its disk. The
 * bucket's copy is downloaded beside the new data folder, restored from, and removed.
 */
export async function restoreFromBucket(
  request: Omit<RestoreRequest, 'backupDir'> & { bucket: BackupBucket },
): Promise<BaseBackup> {
  const dataDir = path.resolve(request.dataDir);
  await refuseUnlessEmpty(dataDir); // before a download that may take a while
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const scratch = await fs.mkdtemp(path.join(path.dirname(dataDir), '.clinicdesk-download-'));
  // Run as root, the server runs as "postgres", which passes through to the WAL by name.
  await fs.chmod(scratch, 0o711);
  try {
    const backupDir = await fetchFromBucket(
      request.bucket,
      request.target,
      path.join(scratch, 'backup'),
      request.log,
    );
    return await restoreBackup({ ...request, dataDir, backupDir });
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * For the verification of the bucket's copy: first sends it what BACKUP_DIR has (the restore
 * point's segment is archived by now), then fetches it back into `into`.
 */
export async function sendAndFetchBack(
  backupDir: string,
  bucket: BackupBucket,
  into: string,
  log: Logger,
): Promise<string> {
  await compressArchivedWal(backupDir);
  await uploadToBucket(backupDir, bucket);
  return fetchFromBucket(bucket, { latest: true }, into, log);
}
