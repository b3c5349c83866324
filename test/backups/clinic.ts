import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import {
  bookAppointment,
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
} from '../helpers/scheduling.js';
import { archivingCluster, readStoppedCluster, tempDir } from './helpers.js';

/**
 * The real app on its own archiving cluster, with a patient and a professional ready to book.
 * The folder it makes is added to `dirs`, for the test file to remove.
 */
export async function clinicOnArchivingCluster(dirs: string[], env: Record<string, string> = {}) {
  const base = await tempDir();
  dirs.push(base);
  const dataDir = path.join(base, 'data');
  const backupDir = path.join(base, 'backups');
  const server = await archivingCluster(dataDir, backupDir);
  const t = await createTestApp(
    {
      ...SAO_PAULO_CLINIC,
      DATA_DIR: dataDir,
      BACKUP_DIR: backupDir,
      BACKUP_SCHEDULE: 'daily',
      ...env,
    },
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

/** The appointments of a stopped, restored data folder, by start. */
export function appointmentIds(dataDir: string): Promise<string[]> {
  return readStoppedCluster(dataDir, async (sql) => {
    const rows = await sql<{ id: string }[]>`select id from appointments order by starts_at`;
    return rows.map((row) => row.id);
  });
}
