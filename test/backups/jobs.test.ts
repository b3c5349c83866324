import fs from 'node:fs/promises';
import path from 'node:path';
import type postgres from 'postgres';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BackupMonitor,
  BackupScheduler,
  copyFilesToBackup,
  backupLayout,
  listBaseBackups,
  pruneBackups,
  readStatus,
  registerBackupMetrics,
} from '../../src/modules/backups/index.js';
import { log, scratchCluster, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

describe('the backup jobs', { timeout: 120_000 }, () => {
  it('take a base backup at once, copy the files, and verify at the next look', async () => {
    const { base, dataDir, backupDir, server, sql } = await scratchCluster(dirs);
    try {
      await fs.mkdir(path.join(dataDir, 'files', 'photos'), { recursive: true });
      await fs.writeFile(path.join(dataDir, 'files', 'photos', 'p.jpg'), 'photo');
      const scheduler = new BackupScheduler({
        sql,
        dataDir,
        backupDir,
        schedule: 'daily',
        retentionDays: 30,
        localFiles: true,
        log,
      });
      await scheduler.runDue();
      expect(await listBaseBackups(backupDir)).toHaveLength(1);
      expect(await fs.readFile(path.join(backupDir, 'files', 'photos', 'p.jpg'), 'utf8')).toBe(
        'photo',
      );
      await scheduler.runDue(); // no new base backup (daily), and the weekly verification is due
      expect(await listBaseBackups(backupDir)).toHaveLength(1);
      const status = await readStatus(backupDir);
      expect(status).toMatchObject({
        baseBackup: { ok: true },
        files: { ok: true },
        retention: { ok: true },
        walCompression: { ok: true },
        verify: { ok: true, baseBackup: expect.any(String) },
      });
      // Archived segments are gzipped at each look (the verification's own one comes after).
      const wal = await fs.readdir(backupLayout(backupDir).wal);
      expect(wal.some((name) => name.endsWith('.gz'))).toBe(true);
      expect(await fs.readdir(base)).toEqual(expect.arrayContaining(['backups', 'data']));
    } finally {
      await sql.end();
      await server.stop();
    }
  });

  it('show a failing WAL archive in the health details and the metrics', async () => {
    const { backupDir, server, sql } = await scratchCluster(dirs);
    const wal = backupLayout(backupDir).wal;
    try {
      const monitor = new BackupMonitor(sql, backupDir, '');
      const registry = new Registry();
      registerBackupMetrics(registry, monitor);
      // The server's OS user owns the archive: without any permission it cannot write there.
      await fs.chmod(wal, 0o000);
      await sql`create table t (n int)`;
      await sql`select pg_switch_wal()`;
      let health = (await monitor.snapshot()).health;
      for (let tries = 0; tries < 100 && health.status !== 'failing'; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        health = (await new BackupMonitor(sql, backupDir, '').snapshot()).health;
      }
      expect(health.status).toBe('failing');
      expect(health.problems.join('\n')).toMatch(/archiving WAL segment [0-9A-F]{24} failed/);
      await new Promise((resolve) => setTimeout(resolve, 2_100)); // the monitor's cache
      const metrics = await registry.metrics();
      expect(metrics).toContain('clinicdesk_backup_failing{part="wal_archive"} 1');
      expect(metrics).toMatch(/clinicdesk_backup_wal_archive_failures_total [1-9]/);
    } finally {
      await fs.chmod(wal, 0o700);
      await sql.end();
      await server.stop();
    }
  });

  it('say honestly when backups are off', async () => {
    // Off, it reads nothing: no database needed.
    const monitor = new BackupMonitor({} as postgres.Sql, undefined, 'DATABASE_URL is set: …');
    expect((await monitor.snapshot()).health).toEqual({
      status: 'off',
      problems: ['DATABASE_URL is set: …'],
    });
  });
});

describe('retention', () => {
  it('deletes old base backups, never the newest, and the WAL only they needed', async () => {
    const backupDir = await tempDir();
    dirs.push(backupDir);
    const { base, wal } = backupLayout(backupDir);
    const backup = async (id: string, startedAt: string, startWal: string) => {
      await fs.mkdir(path.join(base, id), { recursive: true });
      await fs.writeFile(
        path.join(base, id, 'manifest.json'),
        JSON.stringify({ id, startedAt, stoppedAt: startedAt, startWal }),
      );
    };
    await backup('old', '2026-10-01T00:00:00.000Z', '000000010000000000000003');
    await backup('kept', '2026-11-20T00:00:00.000Z', '000000010000000000000010');
    await fs.mkdir(wal, { recursive: true });
    const segments = [
      '000000010000000000000004.gz',
      '00000001000000000000000F',
      '000000010000000000000010.gz',
      '000000010000000000000010.00000028.backup',
      '000000010000000000000011',
      '00000002.history',
    ];
    for (const name of segments) await fs.writeFile(path.join(wal, name), '');
    const now = new Date('2026-12-01T00:00:00Z');
    expect(await pruneBackups(backupDir, 30, now)).toBe(3);
    expect((await listBaseBackups(backupDir)).map((b) => b.manifest.id)).toEqual(['kept']);
    expect((await fs.readdir(wal)).sort()).toEqual(segments.slice(2).sort());
    // Past every backup's retention, the newest still stays.
    expect(await pruneBackups(backupDir, 1, now)).toBe(0);
    expect(await listBaseBackups(backupDir)).toHaveLength(1);
  });
});

describe('retention of the files copy', () => {
  it('removes a deleted file once no kept backup can reach a moment that names it', async () => {
    const base = await tempDir();
    dirs.push(base);
    const dataDir = path.join(base, 'data');
    const backupDir = path.join(base, 'backups');
    const live = path.join(dataDir, 'files', 'photos');
    const copy = path.join(backupDir, 'files', 'photos');
    await fs.mkdir(live, { recursive: true });
    for (const name of ['kept.jpg', 'deleted.jpg', 'back.jpg']) {
      await fs.writeFile(path.join(live, name), name);
    }
    await copyFilesToBackup(dataDir, backupDir, new Date('2026-11-01T00:00:00Z'));
    await fs.rm(path.join(live, 'deleted.jpg'));
    await fs.rm(path.join(live, 'back.jpg'));
    // Seen gone on 5 November; one of them is uploaded again before retention runs.
    await copyFilesToBackup(dataDir, backupDir, new Date('2026-11-05T00:00:00Z'));
    await fs.writeFile(path.join(live, 'back.jpg'), 'back again');
    await copyFilesToBackup(dataDir, backupDir, new Date('2026-11-06T00:00:00Z'));
    const backup = async (id: string, startedAt: string) => {
      await fs.mkdir(path.join(backupDir, 'base', id), { recursive: true });
      await fs.writeFile(
        path.join(backupDir, 'base', id, 'manifest.json'),
        JSON.stringify({
          id,
          startedAt,
          stoppedAt: startedAt,
          startWal: '000000010000000000000001',
        }),
      );
    };
    // The oldest kept backup started less than a day after the deletion: a restore to its
    // first moments may still name the file.
    await backup('a', '2026-11-05T12:00:00.000Z');
    expect(await pruneBackups(backupDir, 30, new Date('2026-11-20T00:00:00Z'))).toBe(0);
    expect((await fs.readdir(copy)).sort()).toEqual(['back.jpg', 'deleted.jpg', 'kept.jpg']);
    // Once it is gone too, no kept backup reaches back to the deletion.
    await backup('b', '2026-11-10T00:00:00.000Z');
    expect(await pruneBackups(backupDir, 10, new Date('2026-11-20T00:00:00Z'))).toBe(2);
    expect((await fs.readdir(copy)).sort()).toEqual(['back.jpg', 'kept.jpg']);
    expect(await fs.readFile(path.join(copy, 'back.jpg'), 'utf8')).toBe('back again');
  });
});
