import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callers,
  wrongAnswers,
  type Caller,
  type CallerSessions,
  type MatrixCase,
} from '../helpers/access-matrix.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
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
const sessions = {} as CallerSessions;
let patientA: SignedUpPatient;
let professionalA: RegisteredProfessional;
/** Patient A's consultation with professional A; B and B are strangers to it. */
let consultationId: string;
let prescriptionId: string;
let verificationCode: string;
let readyReportId: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-records-matrix-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir });
  t.clock.set(SUNDAY_MORNING);
  sessions.admin = await t.login(await t.createUser('admin'));
  patientA = await signUpPatient(t);
  sessions.patientA = patientA.session;
  sessions.patientB = (await signUpPatient(t)).session;
  professionalA = await registerProfessional(t, sessions.admin);
  sessions.professionalA = professionalA.session;
  sessions.professionalB = (await registerProfessional(t, sessions.admin)).session;
  await setAvailability(t, sessions.admin, professionalA.councilNumber, WEEKDAY_MORNINGS);
  consultationId = await consultation(
    t,
    sessions.admin,
    patientA,
    professionalA,
    '2026-12-07T08:00',
  );
  ({ id: prescriptionId, verificationCode } = await prescribe());
  readyReportId = await labReport();
  const uploaded = await as(t, sessions.admin).put(
    `/api/v1/lab-reports/${readyReportId}/file`,
    fileForm(labPdf()),
  );
  expect(uploaded.statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function prescribe(): Promise<{ id: string; verificationCode: string }> {
  const response = await as(t, professionalA.session).post(
    `/api/v1/appointments/${consultationId}/prescriptions`,
    { items: [{ drug: 'Paracetamol 750 mg', dosage: '1 comprimido', instructions: 'Se febre.' }] },
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function labReport(): Promise<string> {
  const response = await as(t, sessions.admin).post(
    `/api/v1/patients/${patientA.registerNumber}/lab-reports`,
    { lab: 'Lab Central', exam: 'Hemograma' },
  );
  return response.json<{ id: string }>().id;
}

/** Everyone signed in is refused (403) unless allowed; nobody signed out gets past 401. */
const only = (allowed: Partial<Record<Caller, number>>): Record<Caller, number> => ({
  anonymous: 401,
  patientA: 403,
  patientB: 403,
  professionalA: 403,
  professionalB: 403,
  admin: 403,
  ...allowed,
});

/**
 * Clinical content: patient A and professional A (who saw them); the stranger patient and the
 * professional who never saw A do not even learn it exists; admins may not read it at all.
 */
const clinical = (status: number) =>
  only({ patientA: status, professionalA: status, patientB: 404, professionalB: 404 });

const cases: MatrixCase[] = [
  {
    route: 'GET /patients/{rn}/consultations',
    method: 'GET',
    request: async () => ({ url: `/api/v1/patients/${patientA.registerNumber}/consultations` }),
    expect: clinical(200),
  },
  {
    route: 'GET /consultations/{id}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/consultations/${consultationId}` }),
    expect: clinical(200),
  },
  {
    route: 'PUT /consultations/{id}',
    method: 'PUT',
    request: async () => ({
      url: `/api/v1/consultations/${consultationId}`,
      payload: { notes: 'Evolução: melhora.' },
    }),
    expect: only({ professionalA: 200, professionalB: 404 }),
  },
  {
    route: 'POST /appointments/{id}/prescriptions',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/appointments/${consultationId}/prescriptions`,
      payload: { items: [{ drug: 'Soro', dosage: '1 sachê', instructions: 'Diluir.' }] },
    }),
    expect: only({ professionalA: 201, professionalB: 404 }),
  },
  {
    route: 'POST /appointments/{id}/prescriptions/preview',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/appointments/${consultationId}/prescriptions/preview`,
      payload: { items: [{ drug: 'Soro', dosage: '1 sachê', instructions: 'Diluir.' }] },
    }),
    expect: only({ professionalA: 200, professionalB: 404 }),
  },
  {
    route: 'GET /prescriptions/{id}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/prescriptions/${prescriptionId}` }),
    expect: clinical(200),
  },
  {
    route: 'GET /prescriptions/{id}/pdf',
    method: 'GET',
    request: async () => ({ url: `/api/v1/prescriptions/${prescriptionId}/pdf` }),
    expect: clinical(200),
  },
  {
    route: 'POST /prescriptions/{id}/revoke',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/prescriptions/${(await prescribe()).id}/revoke`,
      payload: { reason: 'Emitida por engano' },
    }),
    expect: only({ professionalA: 200, professionalB: 404 }),
  },
  {
    route: 'GET /prescriptions/verify/{code}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/prescriptions/verify/${verificationCode}` }),
    expect: Object.fromEntries(callers.map((caller) => [caller, 200])) as Record<Caller, number>,
  },
  {
    route: 'GET /patients/{rn}/record.zip',
    method: 'GET',
    request: async () => ({ url: `/api/v1/patients/${patientA.registerNumber}/record.zip` }),
    expect: only({ patientA: 200, patientB: 404 }),
  },
  {
    route: 'POST /patients/{rn}/lab-reports',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/patients/${patientA.registerNumber}/lab-reports`,
      payload: { lab: 'Lab Central', exam: 'TSH' },
    }),
    // The staff know patient A exists: the professional who does not care for them gets a 403.
    expect: only({ professionalA: 201, admin: 201 }),
  },
  {
    route: 'GET /patients/{rn}/lab-reports',
    method: 'GET',
    request: async () => ({ url: `/api/v1/patients/${patientA.registerNumber}/lab-reports` }),
    expect: only({ patientA: 200, patientB: 404, professionalA: 200, admin: 200 }),
  },
  {
    route: 'GET /lab-reports',
    method: 'GET',
    request: async () => ({ url: '/api/v1/lab-reports?status=pending' }),
    // Professionals get those of their own patients (professional B: none); patients use the
    // register number's route.
    expect: only({ professionalA: 200, professionalB: 200, admin: 200 }),
  },
  {
    route: 'PUT /lab-reports/{id}/file',
    method: 'PUT',
    request: async () => ({
      url: `/api/v1/lab-reports/${await labReport()}/file`,
      payload: fileForm(labPdf()),
    }),
    expect: only({ professionalA: 200, admin: 200 }),
  },
  {
    route: 'GET /lab-reports/{id}/file',
    method: 'GET',
    request: async () => ({ url: `/api/v1/lab-reports/${readyReportId}/file` }),
    expect: clinical(200),
  },
];

describe('Clinical records: every route × every role', () => {
  it('covers every clinical records route the app serves', () => {
    const served = t.app.routeAccess
      .filter(
        (r) =>
          r.method !== 'HEAD' && /consultations|prescriptions|lab-reports|record\.zip/.test(r.url),
      )
      .map((r) => `${r.method} ${r.url.replace('/api/v1', '').replace(/:(\w+)/g, '{}')}`);
    const covered = new Set(cases.map((c) => c.route.replace(/\{[^}]+\}/g, '{}')));
    expect(served.length).toBe(cases.length);
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('allows and refuses exactly as the contract says', async () => {
    expect(await wrongAnswers(t, cases, sessions)).toEqual([]);
  });

  it('answers refused callers without a word of the record', async () => {
    for (const url of [
      `/api/v1/consultations/${consultationId}`,
      `/api/v1/prescriptions/${prescriptionId}`,
      `/api/v1/lab-reports/${readyReportId}/file`,
    ]) {
      for (const session of [sessions.patientB, sessions.professionalB, sessions.admin]) {
        const response = await as(t, session).get(url);
        expect(response.statusCode).toBeGreaterThanOrEqual(403);
        expect(response.body).not.toMatch(/Paracetamol|Hemograma|Consulta de rotina/);
      }
    }
  });
});
