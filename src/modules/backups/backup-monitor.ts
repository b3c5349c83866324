import type postgres from 'postgres';
import { listBaseBackups } from './layout.js';
import { readStatus, type Outcome } from './status-file.js';

/** What `/health` says of backups (its `backups` detail). */
export interface BackupHealth {
  status: 'ok' | 'failing' | 'off';
  /** Why off, or what fails: for a person reading the health check. */
  problems: string[];
  lastBaseBackupAt?: string;
  lastArchivedAt?: string;
  lastVerifiedAt?: string;
  lastCopiedToBucketAt?: string;
  lastBucketVerifiedAt?: string;
}

export interface BackupSnapshot {
  enabled: boolean;
  health: BackupHealth;
  failing: {
    baseBackup: boolean;
    walArchive: boolean;
    files: boolean;
    verify: boolean;
    bucket: boolean;
    bucketVerify: boolean;
  };
  archiveFailures: number;
  lastBaseBackupSeconds: number | undefined;
  lastVerifySeconds: number | undefined;
  /** Undefined without a bucket, or before its first copy. */
  lastBucketCopySeconds: number | undefined;
}

const CACHE_MS = 2_000;

/**
 * Reads the state of the backups for `/health` and `/metrics`: PostgreSQL's archiver
 * statistics, and the outcomes the backup tasks recorded in BACKUP_DIR/status.json. Any
 * process of the app can answer, whichever ran the tasks. A failure here is a detail of the
 * answer, never a failed request.
 */
export class BackupMonitor {
  private cached: { at: number; snapshot: Promise<BackupSnapshot> } | undefined;

  constructor(
    private readonly sql: postgres.Sql,
    /** Undefined when backups are off; `reason` says why. */
    private readonly backupDir: string | undefined,
    private readonly reason: string,
  ) {}

  snapshot(): Promise<BackupSnapshot> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.snapshot;
    const snapshot = this.read();
    this.cached = { at: Date.now(), snapshot };
    return snapshot;
  }

  private async read(): Promise<BackupSnapshot> {
    if (!this.backupDir) {
      return {
        enabled: false,
        health: { status: 'off', problems: [this.reason] },
        failing: {
          baseBackup: false,
          walArchive: false,
          files: false,
          verify: false,
          bucket: false,
          bucketVerify: false,
        },
        archiveFailures: 0,
        lastBaseBackupSeconds: undefined,
        lastVerifySeconds: undefined,
        lastBucketCopySeconds: undefined,
      };
    }
    const [status, backups, archiver] = await Promise.all([
      readStatus(this.backupDir),
      listBaseBackups(this.backupDir),
      this.archiver(),
    ]);
    const problems: string[] = [];
    const failed = (outcome: Outcome | undefined, what: string) => {
      if (!outcome || outcome.ok) return false;
      problems.push(`${what} failed at ${outcome.at}: ${outcome.error ?? 'unknown error'}`);
      return true;
    };
    const baseBackup = failed(status.baseBackup, 'the last base backup');
    const files = failed(status.files, 'the last copy of the files');
    failed(status.retention, 'the last removal of old backups');
    failed(status.walCompression, 'the last compression of archived WAL');
    const verify = failed(status.verify, 'the last backup verification');
    const bucket = failed(status.bucket, 'the last copy to the bucket');
    const bucketVerify = failed(status.bucketVerify, "the last verification of the bucket's copy");
    if (archiver.problem) problems.push(archiver.problem);
    const newest = backups.at(-1)?.manifest.stoppedAt;
    const okAt = (outcome: Outcome | undefined) => (outcome?.ok ? outcome.at : undefined);
    const verifiedAt = okAt(status.verify);
    const copiedAt = okAt(status.bucket);
    const bucketVerifiedAt = okAt(status.bucketVerify);
    return {
      enabled: true,
      health: {
        status: problems.length ? 'failing' : 'ok',
        problems,
        ...(newest ? { lastBaseBackupAt: newest } : {}),
        ...(archiver.lastArchivedAt ? { lastArchivedAt: archiver.lastArchivedAt } : {}),
        ...(verifiedAt ? { lastVerifiedAt: verifiedAt } : {}),
        ...(copiedAt ? { lastCopiedToBucketAt: copiedAt } : {}),
        ...(bucketVerifiedAt ? { lastBucketVerifiedAt: bucketVerifiedAt } : {}),
      },
      failing: {
        baseBackup,
        walArchive: archiver.problem !== undefined,
        files,
        verify,
        bucket,
        bucketVerify,
      },
      archiveFailures: archiver.failures,
      lastBaseBackupSeconds: seconds(newest),
      lastVerifySeconds: seconds(verifiedAt),
      lastBucketCopySeconds: seconds(copiedAt),
    };
  }

  /** Archiving fails when its last failure is newer than its last success. */
  private async archiver() {
    try {
      const [row] = await this.sql<
        {
          failures: string;
          archivedAt: number | null;
          failedAt: number | null;
          failedWal: string | null;
          mode: string;
        }[]
      >`select failed_count::text as failures,
               extract(epoch from last_archived_time)::float8 * 1000 as "archivedAt",
               extract(epoch from last_failed_time)::float8 * 1000 as "failedAt",
               last_failed_wal as "failedWal",
               current_setting('archive_mode') as mode
        from pg_stat_archiver`;
      const failing = row?.failedAt && (!row.archivedAt || row.failedAt > row.archivedAt);
      const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : undefined);
      return {
        failures: Number(row?.failures ?? 0),
        lastArchivedAt: iso(row?.archivedAt),
        problem:
          row?.mode !== 'on'
            ? 'WAL archiving is off in the running PostgreSQL server (restart the app)'
            : failing
              ? `archiving WAL segment ${row.failedWal} failed at ${iso(row.failedAt)}` +
                ' (PostgreSQL retries it; see its log in DATA_DIR/postgres/log)'
              : undefined,
      };
    } catch (error) {
      return {
        failures: 0,
        lastArchivedAt: undefined,
        problem: `the archiver's state could not be read: ${(error as Error).message}`,
      };
    }
  }
}

function seconds(iso: string | undefined): number | undefined {
  return iso ? Date.parse(iso) / 1000 : undefined;
}
