import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { fileForm, labPdf } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
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
let caio: RegisteredProfessional;
let duda: RegisteredProfessional;
const ids: Record<string, string> = {};

interface Report {
  id: string;
  exam: string;
  status: string;
  patient: { registerNumber: string; name: string };
  orderedBy: { name: string } | null;
  requestedAt: string;
  file: object | null;
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-lab-list-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  ana = await signUpPatient(t, { name: 'Ana Souza' });
  bia = await signUpPatient(t, { name: 'Bia Lima' });
  caio = await registerProfessional(t, admin, { name: 'Dr. Caio' });
  duda = await registerProfessional(t, admin, { name: 'Dra. Duda' });
  await setAvailability(t, admin, caio.councilNumber, WEEKDAY_MORNINGS);
  // Ana is Dr. Caio's patient; Bia is nobody's yet.
  await bookAppointment(t, admin, {
    professional: caio.councilNumber,
    patient: ana.registerNumber,
    startsAt: '2026-12-07T08:00:00-03:00',
  });
  const order = async (
    key: string,
    session: Session,
    patient: SignedUpPatient,
    exam: string,
    requestedAt: string,
  ) => {
    const response = await as(t, session).post(
      `/api/v1/patients/${patient.registerNumber}/lab-reports`,
      { lab: 'Lab Central', exam, requestedAt },
    );
    expect(response.statusCode, response.body).toBe(201);
    ids[key] = response.json<{ id: string }>().id;
  };
  await order('anaOld', caio.session, ana, 'Hemograma', '2026-12-01T09:00:00-03:00');
  await order('anaNew', admin, ana, 'TSH', '2026-12-04T09:00:00-03:00');
  await order('biaMid', admin, bia, 'Glicemia', '2026-12-02T09:00:00-03:00');
  await order('anaReady', caio.session, ana, 'Colesterol', '2026-11-20T09:00:00-03:00');
  const uploaded = await as(t, admin).put(
    `/api/v1/lab-reports/${ids.anaReady}/file`,
    fileForm(labPdf()),
  );
  expect(uploaded.statusCode, uploaded.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const list = async (session: Session, query = '') => {
  const response = await as(t, session).get(`/api/v1/lab-reports${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Report[]; total: number }>();
};

describe('lab reports across patients', () => {
  it('shows the desk the pending ones first, oldest requested first, then the ready ones', async () => {
    const { items, total } = await list(admin);
    expect(total).toBe(4);
    expect(items.map((item) => item.id)).toEqual([
      ids.anaOld,
      ids.biaMid,
      ids.anaNew,
      ids.anaReady,
    ]);
    expect(items[0]).toMatchObject({
      exam: 'Hemograma',
      status: 'pending',
      patient: { registerNumber: ana.registerNumber, name: 'Ana Souza' },
      orderedBy: { name: 'Dr. Caio' },
    });
    // The desk follows the status; what the result file is stays with its readers.
    expect(items[3]).toMatchObject({ status: 'ready', file: null });
  });

  it('filters by status and by patient', async () => {
    const pending = await list(admin, '?status=pending');
    expect(pending.items.map((item) => item.status)).toEqual(['pending', 'pending', 'pending']);
    const ready = await list(admin, '?status=ready');
    expect(ready.items.map((item) => item.id)).toEqual([ids.anaReady]);
    const bias = await list(admin, `?patient=${bia.registerNumber}`);
    expect(bias.items.map((item) => item.id)).toEqual([ids.biaMid]);
    const nobody = await list(admin, '?patient=ZZZZZZ-0');
    expect(nobody).toMatchObject({ items: [], total: 0 });
    const bad = await as(t, admin).get('/api/v1/lab-reports?status=lost');
    expect(bad.statusCode).toBe(400);
  });

  it('gives a professional only the reports of the patients they care for', async () => {
    const caios = await list(caio.session);
    expect(caios.items.map((item) => item.id).sort()).toEqual(
      [ids.anaOld, ids.anaNew, ids.anaReady].sort(),
    );
    expect(caios.total).toBe(3);
    expect(caios.items.find((item) => item.id === ids.anaReady)!.file).toMatchObject({
      contentType: 'application/pdf',
    });
    expect(await list(duda.session)).toMatchObject({ items: [], total: 0 });
    // Not even by naming the patient.
    expect((await list(duda.session, `?patient=${bia.registerNumber}`)).total).toBe(0);
  });

  it('is not for patients, nor for anyone signed out', async () => {
    expect((await as(t, ana.session).get('/api/v1/lab-reports')).statusCode).toBe(403);
    expect((await as(t).get('/api/v1/lab-reports')).statusCode).toBe(401);
  });

  it('records who read the list in the audit log of each patient listed', async () => {
    await list(admin, `?patient=${bia.registerNumber}`);
    const audit = await as(t, admin).get(`/api/v1/audit?patient=${bia.registerNumber}`);
    expect(audit.json().items[0]).toMatchObject({
      action: 'lab_report.list',
      actor: { role: 'admin' },
    });
  });
});
