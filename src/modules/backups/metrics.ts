import { Gauge, type Registry } from 'prom-client';
import type { BackupMonitor } from './backup-monitor.js';

/**
 * `clinicdesk_backup_failing{part}` (1 while the base backup, WAL archiving, the files copy,
 * the verification, the copy to the bucket or its verification fails), `clinicdesk_backup_wal_archive_failures_total` (PostgreSQL's count
 * since its statistics were reset) and the times of the last base backup and verification, so
 * an alert fires on a failure or on a backup grown too old. Read when scraped.
 */
export function registerBackupMetrics(registry: Registry, monitor: BackupMonitor): void {
  new Gauge({
    name: 'clinicdesk_backup_enabled',
    help: '1 when the app backs up its embedded database; 0 with DATABASE_URL or BACKUP_SCHEDULE=off.',
    registers: [registry],
    async collect() {
      this.set((await monitor.snapshot()).enabled ? 1 : 0);
    },
  });
  new Gauge({
    name: 'clinicdesk_backup_failing',
    help: '1 while this part of the backups fails (see /health for why).',
    labelNames: ['part'],
    registers: [registry],
    async collect() {
      const { failing } = await monitor.snapshot();
      this.set({ part: 'base_backup' }, failing.baseBackup ? 1 : 0);
      this.set({ part: 'wal_archive' }, failing.walArchive ? 1 : 0);
      this.set({ part: 'files' }, failing.files ? 1 : 0);
      this.set({ part: 'verify' }, failing.verify ? 1 : 0);
      this.set({ part: 'bucket' }, failing.bucket ? 1 : 0);
      this.set({ part: 'bucket_verify' }, failing.bucketVerify ? 1 : 0);
    },
  });
  new Gauge({
    name: 'clinicdesk_backup_wal_archive_failures_total',
    help: 'Failed attempts to archive a WAL segment (pg_stat_archiver.failed_count).',
    registers: [registry],
    async collect() {
      this.set((await monitor.snapshot()).archiveFailures);
    },
  });
  new Gauge({
    name: 'clinicdesk_backup_last_base_backup_timestamp_seconds',
    help: 'When the newest complete base backup finished (Unix time); 0 before the first.',
    registers: [registry],
    async collect() {
      const seconds = (await monitor.snapshot()).lastBaseBackupSeconds;
      this.set(seconds ?? 0);
    },
  });
  new Gauge({
    name: 'clinicdesk_backup_last_verified_timestamp_seconds',
    help: 'When a backup last passed verification (Unix time); 0 before the first.',
    registers: [registry],
    async collect() {
      const seconds = (await monitor.snapshot()).lastVerifySeconds;
      this.set(seconds ?? 0);
    },
  });
  new Gauge({
    name: 'clinicdesk_backup_last_bucket_copy_timestamp_seconds',
    help: "When the backups' copy was last sent to the bucket (Unix time); 0 without a bucket.",
    registers: [registry],
    async collect() {
      this.set((await monitor.snapshot()).lastBucketCopySeconds ?? 0);
    },
  });
}
