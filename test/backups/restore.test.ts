import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import {
  compressArchivedWal,
  copyFilesToBackup,
  restoreBackup,
  RestoreError,
  takeBaseBackup,
} from '../../src/modules/backups/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import {
  bookAppointment,
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
} from '../helpers/scheduling.js';
import { archiveNow, archivingCluster, connect, log, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

/** The real app on its own archiving cluster, with a patient and a professional ready to book. */
async function clinicOnArchivingCluster() {
  const base = await tempDir();
  dirs.push(base);
  const dataDir = path.join(base, 'data');
  const backupDir = path.join(base, 'backups');
  const server = await archivingCluster(dataDir, backupDir);
  const t = await createTestApp(
    { ...SAO_PAULO_CLINIC, DATA_DIR: dataDir, BACKUP_DIR: backupDir, BACKUP_SCHEDULE: 'daily' },
    // Shares this cluster's database instead of a clone of the test server's template.
    { connection: server.connection } as TestApp,
  );
  t.clock.set(SUNDAY_MORNING);
  const admin = await t.login(await t.createUser('admin'));
  const patient = await signUpPatient(t, { name: 'Ana Souza' });
  const pro = await registerProfessional(t, admin, { specialty: 'Clínica Geral' });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const book = (hour: string) =>
    bookAppointment(t, patient.session, {
      professional: pro.councilNumber,
      startsAt: `2026-12-07T${hour}:00-03:00`,
    });
  return { base, dataDir, backupDir, server, t, book };
}

async function appointmentIds(dataDir: string): Promise<string[]> {
  const server = await startEmbeddedPostgres({ dataDir, log, durable: false });
  const sql = connect(server);
  try {
    const rows = await sql<{ id: string }[]>`select id from appointments order by starts_at`;
    return rows.map((row) => row.id);
  } finally {
    await sql.end();
    await server.stop();
  }
}

describe('restoring the embedded database', () => {
  it('restores to a point between two bookings: exactly the earlier ones are there', async () => {
    const { base, dataDir, backupDir, server, t, book } = await clinicOnArchivingCluster();
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
    const { base, dataDir, backupDir, server, t, book } = await clinicOnArchivingCluster();
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
