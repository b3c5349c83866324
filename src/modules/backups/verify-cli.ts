/* eslint-disable no-console -- a command-line tool reports to its terminal */
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { loadConfig } from '../../config.js';
import { useEmbeddedPostgres } from '../../db/embedded-postgres.js';
import { createLogger } from '../../lib/logger.js';
import { BackupBucket } from './bucket.js';
import { sendAndFetchBack } from './bucket-restore.js';
import { recordOutcome } from './status-file.js';
import { verifyLatestBackup } from './verify.js';

// `npm run backup:verify`: restores the latest backup into a scratch folder and compares it with
// the live database (see verify.ts). Works with the app running or stopped; exits 1 on failure.
// `-- --from bucket` verifies the bucket's copy instead, after sending it what BACKUP_DIR has.
const { values } = parseArgs({ options: { from: { type: 'string', default: 'backup-dir' } } });
const config = loadConfig();
if (config.databaseUrl) {
  console.error(
    'DATABASE_URL is set: its provider backs it up; ClinicDesk has no backup to verify.',
  );
  process.exit(2);
}
if (!['backup-dir', 'bucket'].includes(values.from)) {
  console.error('Usage: npm run backup:verify [-- --from backup-dir | --from bucket]');
  process.exit(2);
}
if (values.from === 'bucket' && !config.backups.bucket) {
  console.error('--from bucket needs S3_BUCKET set (and not BACKUP_S3=false).');
  process.exit(2);
}
const bucket = values.from === 'bucket' ? new BackupBucket(config.backups.bucket!) : undefined;
const task = bucket ? 'bucketVerify' : 'verify';
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const server = await useEmbeddedPostgres({
  dataDir: config.dataDir,
  log,
  archiveDir: path.join(config.backups.dir, 'wal'),
});
const sql = postgres({
  ...server.connection,
  pass: server.connection.password,
  max: 2,
  onnotice: () => {},
});
let failed = false;
try {
  const backupDir = config.backups.dir;
  const result = await verifyLatestBackup({
    sql,
    backupDir,
    log,
    ...(bucket
      ? { fetchCopy: (into: string) => sendAndFetchBack(backupDir, bucket, into, log) }
      : {}),
  });
  await recordOutcome(config.backups.dir, task, {
    ok: true,
    at: new Date().toISOString(),
    baseBackup: result.baseBackup,
  });
  console.log(
    `${bucket ? "The bucket's copy" : 'Backup'} verified: base backup ${result.baseBackup} ` +
      `restored to ${result.restorePoint}, ` +
      `${result.tables} tables and ${result.rows} rows equal to the live database.`,
  );
} catch (error) {
  failed = true;
  const message = (error as Error).message;
  await recordOutcome(config.backups.dir, task, {
    ok: false,
    at: new Date().toISOString(),
    error: message,
  }).catch(() => {});
  console.error(`BACKUP VERIFICATION FAILED\n${message}`);
} finally {
  await sql.end({ timeout: 1 });
  await server.stop();
  bucket?.close();
}
process.exit(failed ? 1 : 0);
