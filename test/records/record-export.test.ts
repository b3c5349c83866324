import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { pdfText } from '../helpers/pdf.js';
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
let pro: RegisteredProfessional;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-record-export-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir, CLINIC_NAME: 'Clínica Sol' });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  ana = await signUpPatient(t, { name: 'Ana Conceição' });
  pro = await registerProfessional(t, admin, { name: 'Dr. Caio' });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
});
afterAll(async () => {
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

/** Every entry of a ZIP archive with its bytes. */
function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the patient’s whole record in one download', () => {
  it('holds their data, appointments, consultations, prescriptions and lab files, with an index', async () => {
    const id = await consultation(t, admin, ana, pro, '2026-12-07T08:00', {
      notes: 'Queixa de cefaleia tensional.',
    });
    const prescription = (
      await as(t, pro.session).post(`/api/v1/appointments/${id}/prescriptions`, {
        items: [{ drug: 'Dipirona 1 g', dosage: '1 comprimido', instructions: 'Até 4x ao dia.' }],
      })
    ).json<{ id: string }>();
    const report = (
      await as(t, pro.session).post(`/api/v1/patients/${ana.registerNumber}/lab-reports`, {
        lab: 'Lab Central',
        exam: 'Hemograma',
        appointmentId: id,
      })
    ).json<{ id: string }>();
    const result = labPdf('Hemoglobina 13,5 g/dL');
    await as(t, admin).put(`/api/v1/lab-reports/${report.id}/file`, fileForm(result));
    t.clock.set(new Date('2026-12-10T12:00:00Z'));

    const response = await as(t, ana.session).get(
      `/api/v1/patients/${ana.registerNumber}/record.zip`,
    );
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toContain(
      `record-${ana.registerNumber}-2026-12-10.zip`,
    );
    const entries = await unzip(response.rawPayload);
    const index = JSON.parse(entries.get('index.json')!.toString('utf8'));
    expect(index.patient).toEqual({ registerNumber: ana.registerNumber, name: 'Ana Conceição' });
    expect(index.clinic).toBe('Clínica Sol');
    // The index lists every other file, and every listed file is there.
    expect(new Set(index.files.map((file: { path: string }) => file.path))).toEqual(
      new Set([...entries.keys()].filter((name) => name !== 'index.json')),
    );

    const patient = JSON.parse(entries.get('patient.json')!.toString('utf8'));
    expect(patient).toMatchObject({ registerNumber: ana.registerNumber, email: ana.email });
    const appointments = JSON.parse(entries.get('appointments.json')!.toString('utf8'));
    expect(appointments.map((item: { id: string }) => item.id)).toContain(id);
    const consultations = JSON.parse(entries.get('consultations.json')!.toString('utf8'));
    expect(consultations).toMatchObject([
      { id, notes: 'Queixa de cefaleia tensional.', prescriptions: [{ id: prescription.id }] },
    ]);

    const pdfName = [...entries.keys()].find((name) => name.startsWith('prescriptions/'))!;
    expect((await pdfText(entries.get(pdfName)!)).text).toContain('Dipirona 1 g');
    const labName = [...entries.keys()].find((name) => name.startsWith('lab-reports/'))!;
    expect(labName).toMatch(/hemograma-2026-12-07\.pdf$/);
    expect(Buffer.compare(entries.get(labName)!, result)).toBe(0);
  });

  it('is the patient’s alone', async () => {
    const bia = await signUpPatient(t);
    const url = `/api/v1/patients/${ana.registerNumber}/record.zip`;
    expect((await as(t, bia.session).get(url)).statusCode).toBe(404);
    expect((await as(t, pro.session).get(url)).statusCode).toBe(403);
    expect((await as(t, admin).get(url)).statusCode).toBe(403);
    expect((await as(t, null).get(url)).statusCode).toBe(401);
  });
});
