import fs from 'node:fs/promises';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackupBucket,
  BackupMonitor,
  BackupScheduler,
  compressArchivedWal,
  listBucketBackups,
  pruneBucket,
  readStatus,
  registerBackupMetrics,
  restoreFromBucket,
  sendAndFetchBack,
  takeBaseBackup,
  uploadToBucket,
  verifyLatestBackup,
  VerifyError,
} from '../../src/modules/backups/index.js';
import { startS3rver, type LocalS3 } from '../helpers/s3rver.js';
import { appointmentIds, clinicOnArchivingCluster } from './clinic.js';
import { archiveNow, log, scratchCluster } from './helpers.js';

const dirs: string[] = [];
let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3rver('clinicdesk-backups');
});
afterAll(async () => {
  await s3?.stop();
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

let prefixes = 0;
/** Each test its own prefix in the one bucket, as two clinics sharing a bucket would have. */
function bucketSettings() {
  prefixes += 1;
  return {
    s3: {
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    prefix: `clinic-${prefixes}/backups/`,
  };
}

/** The app's environment for files in the bucket (backups go there under the prefix too). */
function bucketEnv(prefix: string): Record<string, string> {
  return {
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    BACKUP_S3_PREFIX: prefix,
  };
}

describe('backups in an S3-compatible bucket (s3rver)', { timeout: 180_000 }, () => {
  it('restore from the bucket alone, with BACKUP_DIR and the data folder lost', async () => {
    const settings = bucketSettings();
    const bucket = new BackupBucket(settings);
    const { base, dataDir, backupDir, server, t, book } = await clinicOnArchivingCluster(
      dirs,
      bucketEnv(settings.prefix),
    );
    try {
      await takeBaseBackup({ sql: t.database.sql, dataDir, backupDir });
      const first = await book('08:00');
      const [row] = await t.database.sql<{ now: string }[]>`
        select clock_timestamp()::text as now`;
      const between = new Date(row!.now);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await book('09:00');
      // The photo goes to the bucket itself (S3_BUCKET): the bucket keeps it, not BACKUP_DIR.
      const photo = Buffer.from('a photo kept in the bucket');
      await t.services.storage.put('photos/in-bucket.jpg', photo, 'image/jpeg');
      await archiveNow(t.database.sql);
      // Segments not yet gzipped wait, and the base backup with them: in the bucket, a backup's
      // manifest means its WAL up to its stop point is there too.
      expect(await uploadToBucket(backupDir, bucket)).toEqual({ wal: 0, baseBackups: 0 });
      expect(await listBucketBackups(bucket)).toEqual([]);
      await compressArchivedWal(backupDir);
      const sent = await uploadToBucket(backupDir, bucket);
      expect(sent.baseBackups).toBe(1);
      expect(sent.wal).toBeGreaterThan(0);
      // What the bucket has is not sent twice.
      expect(await uploadToBucket(backupDir, bucket)).toEqual({ wal: 0, baseBackups: 0 });
      const keys = await bucket.list('');
      expect(keys.filter((key) => key.startsWith('base/'))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^base\/\d{8}T\d{9}Z\/manifest\.json$/),
          expect.stringMatching(/^base\/\d{8}T\d{9}Z\/postgres\.tar\.gz$/),
          expect.stringMatching(/^base\/\d{8}T\d{9}Z\/postgres\.password$/),
        ]),
      );
      expect(keys.some((key) => /^wal\/[0-9A-F]{24}\.gz$/.test(key))).toBe(true);
      await t.close();
      await server.stop();
      // The machine's disk is lost: the data folder and BACKUP_DIR with it.
      await fs.rm(dataDir, { recursive: true, force: true });
      await fs.rm(backupDir, { recursive: true, force: true });

      const toPoint = path.join(base, 'restored-to-point');
      await restoreFromBucket({
        bucket,
        dataDir: toPoint,
        target: { time: between },
        log,
        durable: false,
      });
      expect(await appointmentIds(toPoint)).toEqual([first]);

      const latest = path.join(base, 'restored-latest');
      await restoreFromBucket({ bucket, dataDir: latest, target: { latest: true }, log });
      expect(await appointmentIds(latest)).toEqual([first, second]);
      // The downloaded copy is gone; only the restored folders are left beside it.
      expect((await fs.readdir(base)).sort()).toEqual(['restored-latest', 'restored-to-point']);
      const files = new BackupBucket({ ...settings, prefix: '' });
      expect(await files.getText('photos/in-bucket.jpg')).toBe(photo.toString());
      files.close();
    } finally {
      bucket.close();
    }
  });

  it("verify the bucket's copy, and fail loudly when a WAL segment is missing there", async () => {
    const { base, dataDir, backupDir, server, sql } = await scratchCluster(dirs);
    const bucket = new BackupBucket(bucketSettings());
    try {
      await sql`create table visits (n int)`;
      await takeBaseBackup({ sql, dataDir, backupDir });
      await sql`insert into visits select generate_series(1, 500)`;
      const verify = () =>
        verifyLatestBackup({
          sql,
          backupDir,
          log,
          scratchParent: base,
          fetchCopy: (into) => sendAndFetchBack(backupDir, bucket, into, log),
        });
      const result = await verify();
      expect(result.rows).toBeGreaterThanOrEqual(500);
      // Lost in the bucket (a bucket rule, a hand): the base backup's first segment.
      const [backup] = await listBucketBackups(bucket);
      await bucket.deleteAll([`wal/${backup!.manifest.startWal}.gz`]);
      await sql`insert into visits values (501)`;
      const failure = await verify().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(VerifyError);
      expect((failure as Error).message).toMatch(/Backup verification failed/);
    } finally {
      bucket.close();
      await sql.end();
      await server.stop();
    }
  });

  it('send at each look of the scheduler, and show a failing bucket without stopping', async () => {
    const { dataDir, backupDir, server, sql } = await scratchCluster(dirs);
    const settings = bucketSettings();
    const bucket = new BackupBucket(settings);
    // A bucket that does not exist: every request to it fails.
    const missing = new BackupBucket({ ...settings, s3: { ...settings.s3, bucket: 'no-such' } });
    try {
      const scheduler = (to: BackupBucket) =>
        new BackupScheduler({
          sql,
          dataDir,
          backupDir,
          schedule: 'daily',
          retentionDays: 30,
          localFiles: true,
          bucket: to,
          log,
        });
      const first = scheduler(bucket);
      await first.runDue(); // the first base backup, sent with its WAL
      expect(await listBucketBackups(bucket)).toHaveLength(1);
      await first.runDue(); // then both verifications are due
      const status = await readStatus(backupDir);
      expect(status).toMatchObject({
        baseBackup: { ok: true },
        bucket: { ok: true },
        verify: { ok: true },
        bucketVerify: { ok: true },
      });
      const { health: healthy } = await new BackupMonitor(sql, backupDir, '').snapshot();
      expect(healthy).toMatchObject({
        status: 'ok',
        lastCopiedToBucketAt: expect.any(String),
        lastBucketVerifiedAt: expect.any(String),
      });

      await sql`create table t (n int)`;
      await archiveNow(sql);
      await scheduler(missing).runDue();
      const after = await readStatus(backupDir);
      expect(after.bucket).toMatchObject({ ok: false, error: expect.any(String) });
      // The rest of the look went on: the segment was still gzipped.
      expect(after.walCompression).toMatchObject({ ok: true });
      const monitor = new BackupMonitor(sql, backupDir, '');
      const { health } = await monitor.snapshot();
      expect(health.status).toBe('failing');
      expect(health.problems.join('\n')).toMatch(/the last copy to the bucket failed/);
      expect(health.lastCopiedToBucketAt).toBeUndefined();
      const registry = new Registry();
      registerBackupMetrics(registry, monitor);
      expect(await registry.metrics()).toContain('clinicdesk_backup_failing{part="bucket"} 1');
    } finally {
      bucket.close();
      missing.close();
      await sql.end();
      await server.stop();
    }
  });

  it('prune the bucket by the retention days, keeping the newest and the WAL it needs', async () => {
    const bucket = new BackupBucket(bucketSettings());
    try {
      const backup = async (id: string, startedAt: string, startWal: string) => {
        const manifest = { id, startedAt, stoppedAt: startedAt, startWal };
        await bucket.putText(`base/${id}/postgres.tar.gz`, 'tarball');
        await bucket.putText(`base/${id}/postgres.password`, 'secret');
        await bucket.putText(`base/${id}/manifest.json`, JSON.stringify(manifest));
      };
      await backup('20261001T000000000Z', '2026-10-01T00:00:00.000Z', '000000010000000000000003');
      await backup('20261120T000000000Z', '2026-11-20T00:00:00.000Z', '000000010000000000000010');
      const segments = [
        '000000010000000000000004.gz',
        '00000001000000000000000F.gz',
        '000000010000000000000010.gz',
        '000000010000000000000010.00000028.backup',
        '000000010000000000000011.gz',
        '00000002.history',
      ];
      for (const name of segments) await bucket.putText(`wal/${name}`, '');
      const now = new Date('2026-12-01T00:00:00Z');
      // The old backup's three objects and the two segments only it needed.
      expect(await pruneBucket(bucket, 30, now)).toBe(5);
      expect((await listBucketBackups(bucket)).map((b) => b.manifest.id)).toEqual([
        '20261120T000000000Z',
      ]);
      expect((await bucket.list('wal/')).sort()).toEqual(
        segments
          .slice(2)
          .map((name) => `wal/${name}`)
          .sort(),
      );
      expect(await bucket.list('base/20261001T000000000Z/')).toEqual([]);
      // Past every backup's retention, the newest still stays.
      expect(await pruneBucket(bucket, 1, now)).toBe(0);
      expect(await listBucketBackups(bucket)).toHaveLength(1);
    } finally {
      bucket.close();
    }
  });
});
