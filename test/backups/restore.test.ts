import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compressArchivedWal,
  copyFilesToBackup,
  restoreBackup,
  RestoreError,
  takeBaseBackup,
} from '../../src/modules/backups/index.js';
import { appointmentIds, clinicOnArchivingCluster } from './clinic.js';
import { archiveNow, log } from './helpers.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

describe('restoring the embedded database', () => {
  it('restores to a point between two bookings: exactly the earlier ones are there', async () => {
    const { base, dataDir, backupDir, server, t, book } = await clinicOnArchivingCluster(dirs);
    await takeBaseBackup({ sql: t.database.sql, dataDir, backupDir });
    const first = await book('08:00');
    const second = await book('08:30');
    const [row] = await t.database.sql<{ now: string }[]>`
      select clock_timestamp()::text as now`;
    const between = new Date(row!.now);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await book('09:00');
    await archiveNow(t.database.sql);
    expect([first, second, third]).toHaveLength(3);
    await t.close();
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true }); // the disk is lost
    // As the scheduler leaves the archive: gzipped segments, which the restore reads.
    expect(await compressArchivedWal(backupDir)).toBeGreaterThan(0);

    const restored = path.join(base, 'restored');
    await restoreBackup({
      backupDir,
      dataDir: restored,
      target: { time: between },
      log,
      durable: false,
    });
    expect(await appointmentIds(restored)).toEqual([first, second]);
  }, 120_000);

  it('restores the latest backup with every committed row and uploaded file', async () => {
    const { base, dataDir, backupDir, server, t, book } = await clinicOnArchivingCluster(dirs);
    await takeBaseBackup({ sql: t.database.sql, dataDir, backupDir });
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toMatchObject({
      status: 'ok',
      backups: { status: 'ok', problems: [], lastBaseBackupAt: expect.any(String) },
    });
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('clinicdesk_backup_enabled 1');
    expect(metrics).toContain('clinicdesk_backup_failing{part="wal_archive"} 0');
    const booked = [await book('08:00'), await book('10:00')];
    const photo = Buffer.from('a photo, stored after the base backup');
    await t.services.storage.put('photos/after-backup.jpg', photo, 'image/jpeg');
    await copyFilesToBackup(dataDir, backupDir);
    await t.close();
    // A clean stop closes the last WAL segment, so the archive ends at the last commit.
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });

    const restored = path.join(base, 'restored');
    await restoreBackup({
      backupDir,
      dataDir: restored,
      target: { latest: true },
      log,
      durable: false,
    });
    expect(await appointmentIds(restored)).toEqual(booked);
    expect(await fs.readFile(path.join(restored, 'files', 'photos', 'after-backup.jpg'))).toEqual(
      photo,
    );
    expect(existsSync(path.join(restored, 'postgres', 'recovery.signal'))).toBe(false);

    // Never over a folder in use or with anything in it.
    await expect(
      restoreBackup({ backupDir, dataDir: restored, target: { latest: true }, log }),
    ).rejects.toThrow(RestoreError);
  }, 120_000);
});
