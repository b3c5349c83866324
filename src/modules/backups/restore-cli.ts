/* eslint-disable no-console -- a command-line tool reports to its terminal */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../lib/logger.js';
import { BackupBucket } from './bucket.js';
import { restoreFromBucket } from './bucket-restore.js';
import { restoreBackup, type RecoveryTarget } from './restore.js';

// `npm run restore -- --to "2026-12-01T10:14:00-03:00" --into ./data-restored` (or `--to latest`):
// restores BACKUP_DIR's backup (or, with `--from bucket`, the bucket's copy) into a new, empty
// data folder. See docs/operations.md.
const usage =
  'Usage: npm run restore -- --into <new data folder> [--to <ISO time with offset> | --to latest]' +
  ' [--from backup-dir | --from bucket]';
const { values } = parseArgs({
  options: {
    to: { type: 'string', default: 'latest' },
    into: { type: 'string' },
    from: { type: 'string', default: 'backup-dir' },
  },
});
const config = loadConfig();
if (config.databaseUrl) {
  console.error(
    'DATABASE_URL is set: that PostgreSQL is backed up and restored by its provider, not by ' +
      'ClinicDesk (docs/operations.md says what to ask of it).',
  );
  process.exit(2);
}
if (!values.into || !['backup-dir', 'bucket'].includes(values.from)) {
  console.error(usage);
  process.exit(2);
}
const bucketSettings = config.backups.bucket;
if (values.from === 'bucket' && !bucketSettings) {
  console.error(
    '--from bucket needs the bucket: set S3_BUCKET (and S3_ENDPOINT, the keys) as the app had ' +
      'them, and not BACKUP_S3=false.',
  );
  process.exit(2);
}
let target: RecoveryTarget = { latest: true };
if (values.to !== 'latest') {
  const time = new Date(values.to);
  if (Number.isNaN(time.getTime()) || !/(Z|[+-]\d\d:?\d\d)$/i.test(values.to)) {
    console.error(
      `--to needs a time with its offset, like 2026-12-01T10:14:00-03:00 (got "${values.to}")`,
    );
    console.error(usage);
    process.exit(2);
  }
  if (time.getTime() > Date.now()) {
    console.error(`--to ${values.to} is in the future; use --to latest for the newest state.`);
    process.exit(2);
  }
  target = { time };
}
const into = path.resolve(values.into);
const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const bucket = values.from === 'bucket' ? new BackupBucket(bucketSettings!) : undefined;
try {
  const backup = bucket
    ? await restoreFromBucket({ bucket, dataDir: into, target, log })
    : await restoreBackup({ backupDir: config.backups.dir, dataDir: into, target, log });
  console.log(
    `Restored into ${into}, from ${bucket ? "the bucket's" : 'the'} base backup ` +
      `${backup.manifest.id} (finished ` +
      `${backup.manifest.stoppedAt}) and the archived WAL ` +
      ('time' in target ? `up to ${target.time.toISOString()}.` : 'up to its end.'),
  );
  console.log('Next steps:');
  console.log(`  1. Stop the app if it still runs on the old data folder.`);
  console.log(`  2. Start it on the restored one: DATA_DIR=${into} npm start`);
  console.log(
    '     (it archives to BACKUP_DIR, by default inside the new folder, and takes a new base backup at once).',
  );
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  bucket?.close();
}
