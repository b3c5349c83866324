import path from 'node:path';
import type postgres from 'postgres';
import type { Logger } from 'pino';
import { BackupMonitor } from './backup-monitor.js';
import type { BackupBucket } from './bucket.js';
import { sendAndFetchBack } from './bucket-restore.js';
import { pruneBucket } from './bucket-retention.js';
import { uploadToBucket } from './bucket-upload.js';
import { takeBaseBackup } from './base-backup.js';
import { copyTree } from './copy-tree.js';
import { noteGoneFiles } from './files-retention.js';
import { backupLayout, listBaseBackups } from './layout.js';
import { pruneBackups } from './retention.js';
import { readStatus, recordOutcome, type BackupStatus } from './status-file.js';
import { verifyLatestBackup } from './verify.js';
import { compressArchivedWal } from './wal-compression.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
export const BASE_BACKUP_EVERY = { hourly: 60 * MINUTE, daily: DAY, weekly: 7 * DAY } as const;
const VERIFY_EVERY = 7 * DAY;
/**
 * How often the scheduler looks at what is due. Each look gzips the WAL archived since and
 * sends it to the bucket: with archive_timeout at a minute, the bucket is a few minutes behind.
 */
const TICK_MS = MINUTE;
const FILES_COPY_EVERY = 5 * MINUTE;

export interface BackupSchedulerOptions {
  sql: postgres.Sql;
  dataDir: string;
  backupDir: string;
  schedule: keyof typeof BASE_BACKUP_EVERY;
  retentionDays: number;
  /** DATA_DIR/files is copied too; not when files live in S3 (the bucket keeps them). */
  localFiles: boolean;
  /** The backups' copy in a bucket, sent after each look and verified weekly too. */
  bucket?: BackupBucket;
  log: Logger;
}

/**
 * The backup jobs of the process that owns the embedded server: a base backup at once when
 * there is none and then on BACKUP_SCHEDULE, retention after each, the files copy refreshed
 * every few minutes, and the latest backup verified weekly. Each outcome is logged and recorded
 * in BACKUP_DIR/status.json (read by /health and /metrics); a failure is retried at the next
 * look and never reaches the clinic's requests. (WAL is archived by PostgreSQL itself.)
 */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly log: Logger;
  private readonly monitor: BackupMonitor;
  private filesCopiedAt = 0;

  constructor(private readonly options: BackupSchedulerOptions) {
    this.log = options.log.child({ component: 'backups' });
    this.monitor = new BackupMonitor(options.sql, options.backupDir, '');
  }

  start(): void {
    const tick = () => {
      this.running ??= this.runDue()
        .catch((err: unknown) => this.log.error({ err }, 'the backup jobs failed; next look later'))
        .finally(() => (this.running = undefined));
      this.timer = setTimeout(tick, TICK_MS);
    };
    // A moment after start-up, so the first base backup does not compete with it.
    this.timer = setTimeout(tick, 2_000);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
    this.options.bucket?.close();
  }

  /** Runs whatever is due now (the timer calls it; tests call it directly). */
  async runDue(now: Date = new Date()): Promise<void> {
    const { options } = this;
    const { bucket } = options;
    const status = await readStatus(options.backupDir);
    const newest = (await listBaseBackups(options.backupDir)).at(-1);
    const backupDue =
      !newest ||
      now.getTime() - Date.parse(newest.manifest.startedAt) >= BASE_BACKUP_EVERY[options.schedule];
    if (options.localFiles && now.getTime() - this.filesCopiedAt >= FILES_COPY_EVERY) {
      await this.task('files', () => this.copyFiles(now));
      this.filesCopiedAt = now.getTime();
    }
    if (backupDue) {
      await this.task('baseBackup', async () => {
        const manifest = await takeBaseBackup(options);
        this.log.info({ baseBackup: manifest.id, bytes: manifest.bytes }, 'base backup taken');
        return manifest.id;
      });
    }
    await this.task('walCompression', async () => {
      await compressArchivedWal(options.backupDir);
      return undefined;
    });
    if (bucket) {
      await this.task('bucket', async () => {
        const sent = await uploadToBucket(options.backupDir, bucket);
        if (sent.baseBackups) this.log.info({ ...sent, to: bucket.describe() }, 'backup copied');
        return undefined;
      });
    }
    if (backupDue) {
      await this.task('retention', async () => {
        const removed = await pruneBackups(options.backupDir, options.retentionDays, now);
        const fromBucket = bucket ? await pruneBucket(bucket, options.retentionDays, now) : 0;
        if (removed || fromBucket) {
          this.log.info({ removed, fromBucket }, 'old backups and WAL removed');
        }
        return undefined;
      });
    }
    // PostgreSQL logs its archive failures in its own log; the app's log says so too.
    const { failing, health } = await this.monitor.snapshot();
    if (failing.walArchive) {
      this.log.error({ problems: health.problems }, 'WAL archiving is failing');
    }
    if (!newest) return;
    if (isDue(status.verify, now, VERIFY_EVERY)) {
      await this.task('verify', async () => {
        const result = await verifyLatestBackup({ ...options, log: this.log });
        this.log.info(result, 'backup verified: it restores, with every row');
        return result.baseBackup;
      });
    }
    if (bucket && isDue(status.bucketVerify, now, VERIFY_EVERY)) {
      await this.task('bucketVerify', async () => {
        const result = await verifyLatestBackup({
          ...options,
          log: this.log,
          fetchCopy: (into) => sendAndFetchBack(options.backupDir, bucket, into, this.log),
        });
        this.log.info(result, "the bucket's copy verified: it restores, with every row");
        return result.baseBackup;
      });
    }
  }

  private async copyFiles(now: Date): Promise<undefined> {
    await copyFilesToBackup(this.options.dataDir, this.options.backupDir, now);
    return undefined;
  }

  private async task(name: keyof BackupStatus, run: () => Promise<string | undefined>) {
    try {
      const baseBackup = await run();
      await recordOutcome(this.options.backupDir, name, {
        ok: true,
        at: new Date().toISOString(),
        ...(baseBackup ? { baseBackup } : {}),
      });
    } catch (error) {
      this.log.error({ err: error, task: name }, 'a backup task failed; it is tried again later');
      await recordOutcome(this.options.backupDir, name, {
        ok: false,
        at: new Date().toISOString(),
        error: (error as Error).message,
      }).catch((err: unknown) => this.log.error({ err }, 'could not record the backup status'));
    }
  }
}

/**
 * Refreshes BACKUP_DIR/files from DATA_DIR/files: new and changed files are copied. A file
 * deleted since stays (a restore to an earlier point may name it) until retention says no
 * restore can reach it (files-retention.ts).
 */
export async function copyFilesToBackup(
  dataDir: string,
  backupDir: string,
  now: Date = new Date(),
): Promise<void> {
  const { paths } = await copyTree(path.join(dataDir, 'files'), backupLayout(backupDir).files, {
    onlyNew: true,
  });
  await noteGoneFiles(new Set(paths), backupDir, now);
}

/** A failed verification is tried again after an hour, not at every look: it restores a copy. */
const VERIFY_RETRY = 60 * MINUTE;

/** Due when never done, or when the last outcome is old enough. */
function isDue(outcome: BackupStatus['verify'], now: Date, everyMs: number): boolean {
  if (!outcome) return true;
  return now.getTime() - Date.parse(outcome.at) >= (outcome.ok ? everyMs : VERIFY_RETRY);
}
