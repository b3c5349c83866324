// The backups module's front door: base backups and WAL archiving of the embedded PostgreSQL,
// point-in-time restore and verification (docs/operations.md).
export { BackupMonitor, type BackupHealth } from './backup-monitor.js';
export {
  BackupScheduler,
  copyFilesToBackup,
  type BackupSchedulerOptions,
} from './backup-scheduler.js';
export { takeBaseBackup } from './base-backup.js';
export { BackupBucket, type BucketSettings } from './bucket.js';
export { downloadFromBucket, listBucketBackups } from './bucket-download.js';
export { restoreFromBucket, sendAndFetchBack } from './bucket-restore.js';
export { pruneBucket } from './bucket-retention.js';
export { uploadToBucket } from './bucket-upload.js';
export { backupLayout, listBaseBackups, type BaseBackupManifest } from './layout.js';
export { registerBackupMetrics } from './metrics.js';
export { recoverInto, restoreBackup, type RecoveryTarget } from './restore.js';
export { RestoreError } from './restore-error.js';
export { pruneBackups } from './retention.js';
export { readStatus, recordOutcome, type BackupStatus } from './status-file.js';
export { compressArchivedWal } from './wal-compression.js';
export { verifyLatestBackup, VerifyError, type VerifyResult } from './verify.js';
