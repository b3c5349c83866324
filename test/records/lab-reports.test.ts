import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { consultation, fileForm, labPdf } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import {
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

let t: TestApp;
let dataDir: string;
let admin: Session;
let ana: SignedUpPatient;
let bia: SignedUpPatient;
let pro: RegisteredProfessional;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-lab-reports-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  ana = await signUpPatient(t, { name: 'Ana Souza' });
  bia = await signUpPatient(t, { name: 'Bia Lima' });
  pro = await registerProfessional(t, admin, { name: 'Dr. Caio' });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  // Ana is Dr. Caio's patient.
  await consultation(t, admin, ana, pro, '2026-12-07T08:00');
});
afterAll(async () => {
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function register(patient: SignedUpPatient, body: Record<string, unknown> = {}) {
  const response = await as(t, admin).post(
    `/api/v1/patients/${patient.registerNumber}/lab-reports`,
    { lab: 'Lab Central', exam: 'Glicemia de jejum', ...body },
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

const upload = (id: string, form: FormData, session: Session = admin) =>
  as(t, session).put(`/api/v1/lab-reports/${id}/file`, form);

/** Every file under the data folder: stored results, sidecars, and upload leftovers. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await fs.readdir(dataDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

const fileRows = async (id: string) =>
  t.database.sql<{ version: number; content_type: string; storage_key: string }[]>`
    select version, content_type, storage_key from lab_report_files
    where lab_report_id = ${id} order by version`;

describe('lab report files', () => {
  it('decides the type by content, not by what the client claims', async () => {
    const id = await register(ana);
    const png = await sharp({
      create: { width: 40, height: 40, channels: 3, background: '#a0c0e0' },
    })
      .png()
      .toBuffer();
    const response = await upload(id, fileForm(png, { type: 'application/pdf', name: 'x.pdf' }));
    expect(response.statusCode, response.body).toBe(200);
    expect((await fileRows(id)).map((row) => row.content_type)).toEqual(['image/png']);
    const file = await as(t, ana.session).get(`/api/v1/lab-reports/${id}/file`);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toMatch(/glicemia-de-jejum-2026-12-07\.png/);
    expect(Buffer.compare(file.rawPayload, png)).toBe(0);
  });

  it('refuses what is not a PDF or an image, too large, empty or missing, leaving nothing behind', async () => {
    const id = await register(ana);
    const before = await filesOnDisk();
    const text = await upload(id, fileForm(Buffer.from('not a pdf at all'), { name: 'r.pdf' }));
    expect(text.statusCode).toBe(415);
    expect(text.json().errors).toEqual([{ field: 'file', message: 'must be a PDF, JPEG or PNG' }]);

    const huge = Buffer.concat([labPdf(), Buffer.alloc(20 * 1024 * 1024 + 1)]);
    const tooLarge = await upload(id, fileForm(huge));
    expect(tooLarge.statusCode).toBe(413);

    expect((await upload(id, fileForm(Buffer.alloc(0)))).statusCode).toBe(400);
    expect((await upload(id, fileForm(labPdf(), { field: 'photo' }))).statusCode).toBe(400);
    const json = await as(t, admin).put(`/api/v1/lab-reports/${id}/file`, { file: 'x' });
    expect(json.statusCode).toBe(415);

    expect(await fileRows(id)).toEqual([]);
    expect(await filesOnDisk()).toEqual(before);
    const report = await as(t, ana.session).get(
      `/api/v1/patients/${ana.registerNumber}/lab-reports?status=pending`,
    );
    expect(report.json().items.map((item: { id: string }) => item.id)).toContain(id);
  });

  it('removes the stored file when its record does not commit', async () => {
    const id = await register(ana);
    const before = await filesOnDisk();
    await t.database.sql.unsafe(`
      create function refuse_lab_file() returns trigger language plpgsql as
        $$ begin raise exception 'the disk of the database is full'; end $$;
      create trigger refuse_lab_file before insert on lab_report_files
        for each row execute function refuse_lab_file();`);
    try {
      const response = await upload(id, fileForm(labPdf()));
      expect(response.statusCode).toBe(500);
    } finally {
      await t.database.sql.unsafe(`
        drop trigger refuse_lab_file on lab_report_files; drop function refuse_lab_file();`);
    }
    expect(await filesOnDisk()).toEqual(before);
    expect(await fileRows(id)).toEqual([]);
  });

  it('keeps the earlier file when a result is replaced, and tells the patient once', async () => {
    const id = await register(ana);
    const first = labPdf('Glicemia 99 mg/dL');
    const second = labPdf('Glicemia 92 mg/dL (corrigido)');
    expect((await upload(id, fileForm(first))).statusCode).toBe(200);
    expect((await upload(id, fileForm(second), pro.session)).statusCode).toBe(200);
    const rows = await fileRows(id);
    expect(rows.map((row) => row.version)).toEqual([1, 2]);
    const kept = await t.services.storage.get(rows[0]!.storage_key);
    expect(kept && Buffer.compare(kept.data, first)).toBe(0);
    const served = await as(t, ana.session).get(`/api/v1/lab-reports/${id}/file`);
    expect(Buffer.compare(served.rawPayload, second)).toBe(0);
    const events = await t.database.sql`
      select 1 from outbox where type = 'lab_report.ready' and payload->>'labReportId' = ${id}`;
    expect(events).toHaveLength(1);
  });

  it('never serves a result whose stored bytes changed', async () => {
    const id = await register(ana);
    expect((await upload(id, fileForm(labPdf('Creatinina 0,9 mg/dL')))).statusCode).toBe(200);
    const [row] = await fileRows(id);
    const onDisk = path.join(dataDir, 'files', ...row!.storage_key.split('/'));
    const bytes = await fs.readFile(onDisk);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    await fs.writeFile(onDisk, bytes);
    // The stream is cut before its end: never the whole (corrupt) file as if it were fine.
    const served = await as(t, ana.session)
      .get(`/api/v1/lab-reports/${id}/file`)
      .then(
        (response) => response.rawPayload.length,
        () => 'cut',
      );
    expect(typeof served === 'string' || served < bytes.length).toBe(true);
    expect(t.logs.join('')).toMatch(/checksum/i);
  });

  it('answers a pending report’s file with a 404 that says so', async () => {
    const id = await register(ana);
    const response = await as(t, ana.session).get(`/api/v1/lab-reports/${id}/file`);
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe('This lab report has no result yet.');
  });

  it('shows admins the status and never the file', async () => {
    const id = await register(ana);
    await upload(id, fileForm(labPdf()));
    const forAdmin = await as(t, admin).get(`/api/v1/patients/${ana.registerNumber}/lab-reports`);
    const item = forAdmin.json().items.find((report: { id: string }) => report.id === id);
    expect(item).toMatchObject({ status: 'ready', file: null, exam: 'Glicemia de jejum' });
    expect((await as(t, admin).get(`/api/v1/lab-reports/${id}/file`)).statusCode).toBe(403);
    const forPatient = await as(t, ana.session).get(
      `/api/v1/patients/${ana.registerNumber}/lab-reports?status=ready`,
    );
    const own = forPatient.json().items.find((report: { id: string }) => report.id === id);
    expect(own.file).toMatchObject({ contentType: 'application/pdf', version: 1 });
  });

  it('refuses an appointment of another patient, naming the field', async () => {
    const [appointment] = await t.database.sql<{ id: string }[]>`
      select id from appointments where patient_user_id = ${ana.userId} limit 1`;
    const response = await as(t, admin).post(`/api/v1/patients/${bia.registerNumber}/lab-reports`, {
      lab: 'Lab',
      exam: 'TSH',
      appointmentId: appointment!.id,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'appointmentId', message: 'is not an appointment of this patient' },
    ]);
    const count = await t.database
      .sql`select 1 from lab_reports where patient_user_id = ${bia.userId}`;
    expect(count).toHaveLength(0);
  });

  it('makes the professional of the appointment the one who ordered it, when the desk registers it', async () => {
    const [appointment] = await t.database.sql<{ id: string }[]>`
      select id from appointments where patient_user_id = ${ana.userId} limit 1`;
    const id = await register(ana, { appointmentId: appointment!.id });
    const [row] = await t.database.sql<{ ordered_by: string; registered_by: string }[]>`
      select ordered_by, registered_by from lab_reports where id = ${id}`;
    expect(row!.ordered_by).toBe(pro.userId);
  });
});
