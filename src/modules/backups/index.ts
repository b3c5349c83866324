// The backups module's front door: base backups and WAL archiving of the embedded PostgreSQL,
// point-in-time restore and verification (docs/operations.md).
export { BackupMonitor, type BackupHealth } from './backup-monitor.js';
export {
  BackupScheduler,
  copyFilesToBackup,
  type BackupSchedulerOptions,
} from './backup-scheduler.js';
export { takeBaseBackup } from './base-backup.js';
export { backupLayout, listBaseBackups, type BaseBackupManifest } from './layout.js';
export { registerBackupMetrics } from './metrics.js';
export { recoverInto, restoreBackup, RestoreError, type RecoveryTarget } from './restore.js';
export { pruneBackups } from './retention.js';
export { readStatus, recordOutcome, type BackupStatus } from './status-file.js';
export { compressArchivedWal } from './wal-compression.js';
export { verifyLatestBackup, VerifyError, type VerifyResult } from './verify.js';
