import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { consultation, fileForm, labPdf } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import { openEventStream } from '../helpers/sse.js';
import {
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

/**
 * What the front desk's and the settings' screens read, as an admin reads it: none of it may
 * carry a word of what the professional wrote (notes, diagnoses, follow-up, prescriptions).
 */
const SECRETS = {
  notes: 'Queixa sigilosa: nota-secreta-7731',
  diagnosis: 'Diagnóstico-secreto-4410',
  followUp: 'Retorno-secreto-9902',
  drug: 'Droga-secreta-5518',
  dosage: 'Dose-secreta-2207',
};

let t: TestApp;
let admin: Session;
let patient: SignedUpPatient;
let pro: RegisteredProfessional;
let appointmentId: string;
let labReportId: string;

beforeAll(async () => {
  t = await createTestApp(SAO_PAULO_CLINIC);
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  patient = await signUpPatient(t);
  pro = await registerProfessional(t, admin);
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  appointmentId = await consultation(t, admin, patient, pro, '2026-12-07T08:00', {
    notes: SECRETS.notes,
    diagnoses: [{ description: SECRETS.diagnosis, code: 'J06.9' }],
    followUp: SECRETS.followUp,
  });
  const prescribed = await as(t, pro.session).post(
    `/api/v1/appointments/${appointmentId}/prescriptions`,
    { items: [{ drug: SECRETS.drug, dosage: SECRETS.dosage, instructions: 'À noite.' }] },
  );
  expect(prescribed.statusCode, prescribed.body).toBe(201);
  const ordered = await as(t, pro.session).post(
    `/api/v1/patients/${patient.registerNumber}/lab-reports`,
    { lab: 'Laboratório Central', exam: 'Hemograma', appointmentId },
  );
  expect(ordered.statusCode, ordered.body).toBe(201);
  labReportId = ordered.json<{ id: string }>().id;
  const uploaded = await as(t, admin).put(
    `/api/v1/lab-reports/${labReportId}/file`,
    fileForm(labPdf()),
  );
  expect(uploaded.statusCode, uploaded.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('an admin’s reads', () => {
  it('never carry what the professional wrote, on any screen the staff uses', async () => {
    const { registerNumber } = patient;
    const day = '2026-12-07';
    const reads = [
      `/api/v1/appointments?patient=${registerNumber}`,
      `/api/v1/appointments/${appointmentId}`,
      `/api/v1/appointments/${appointmentId}/history`,
      `/api/v1/patients?q=${encodeURIComponent('Maria')}`,
      `/api/v1/patients/${registerNumber}`,
      `/api/v1/patients/${registerNumber}/appointments?when=past`,
      `/api/v1/patients/${registerNumber}/lab-reports`,
      `/api/v1/professionals/${pro.councilNumber}/appointments?date=${day}`,
      `/api/v1/queue/${pro.councilNumber}`,
      `/api/v1/board?date=${day}`,
      `/api/v1/lab-reports?patient=${registerNumber}`,
      '/api/v1/lab-reports?status=ready',
      '/api/v1/notifications?pageSize=100',
      `/api/v1/audit?patient=${registerNumber}`,
    ];
    for (const url of reads) {
      const response = await as(t, admin).get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      for (const secret of Object.values(SECRETS)) {
        expect(response.body, `${url} shows “${secret}”`).not.toContain(secret);
      }
    }
  });

  it('carry none of it on the board’s live stream either', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/board/events`, {
      authorization: `Bearer ${admin.token}`,
    });
    try {
      expect(stream.status).toBe(200);
      const board = await stream.next(5000);
      expect(board.event).toBe('board');
      // Today's board has the finished consultation on it: its patient, never its content.
      expect(board.data).toContain(patient.registerNumber);
      for (const secret of Object.values(SECRETS)) expect(board.data).not.toContain(secret);
    } finally {
      stream.close();
    }
  });

  it('are refused for the clinical records themselves', async () => {
    const prescriptions = await t.database.sql<{ id: string }[]>`
      select id from prescriptions where appointment_id = ${appointmentId}`;
    const refused = [
      `/api/v1/patients/${patient.registerNumber}/consultations`,
      `/api/v1/prescriptions/${prescriptions[0]!.id}`,
      `/api/v1/prescriptions/${prescriptions[0]!.id}/pdf`,
      `/api/v1/lab-reports/${labReportId}/file`,
      `/api/v1/patients/${patient.registerNumber}/record.zip`,
    ];
    for (const url of refused) {
      const response = await as(t, admin).get(url);
      expect(response.statusCode, url).toBe(403);
      for (const secret of Object.values(SECRETS)) expect(response.body).not.toContain(secret);
    }
  });
});
