import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../helpers/app.js';
import type { SignedUpPatient } from '../helpers/people.js';
import { consultation } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import { openSmallClinic, type RegisteredProfessional } from '../helpers/scheduling.js';

let t: TestApp;
let admin: Session;
let ana: SignedUpPatient;
let bia: SignedUpPatient;
let pro: RegisteredProfessional;
let other: RegisteredProfessional;

beforeAll(async () => {
  ({ t, admin, ana, bia, pro, other } = await openSmallClinic());
});
afterAll(() => t.close());

const consultationsOf = (patient: SignedUpPatient) =>
  `/api/v1/patients/${patient.registerNumber}/consultations`;

describe('consultations', () => {
  it('keeps every version: an amendment is a new version, the first stays readable', async () => {
    const id = await consultation(t, admin, ana, pro, '2026-12-07T08:00', {
      notes: 'Dor lombar há 3 dias.',
      diagnoses: [{ description: 'Lombalgia', code: 'M54.5' }],
    });
    t.clock.advance(60 * 60_000);
    const amended = await as(t, pro.session).put(`/api/v1/consultations/${id}`, {
      notes: 'Dor lombar há 3 dias. Raio-X sem alterações.',
      diagnoses: [{ description: 'Lombalgia', code: 'm545' }, { description: 'Sedentarismo' }],
      followUp: 'Fisioterapia; retorno em 15 dias.',
      basedOnVersion: 1,
    });
    expect(amended.statusCode, amended.body).toBe(200);
    const detail = amended.json();
    expect(detail).toMatchObject({
      version: 2,
      notes: 'Dor lombar há 3 dias. Raio-X sem alterações.',
      diagnoses: [
        { description: 'Lombalgia', code: 'M54.5' },
        { description: 'Sedentarismo', code: null },
      ],
      followUp: 'Fisioterapia; retorno em 15 dias.',
      updatedBy: { name: 'Dr. Caio' },
    });
    expect(detail.history.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect(detail.history[1]).toMatchObject({
      notes: 'Dor lombar há 3 dias.',
      diagnoses: [{ description: 'Lombalgia', code: 'M54.5' }],
      followUp: null,
      writtenBy: { name: 'Dr. Caio' },
    });

    // Written from version 1 while version 2 exists: refused, nothing is overwritten.
    const stale = await as(t, pro.session).put(`/api/v1/consultations/${id}`, {
      notes: 'Outra aba',
      basedOnVersion: 1,
    });
    expect(stale.statusCode).toBe(409);
    const read = await as(t, ana.session).get(`/api/v1/consultations/${id}`);
    expect(read.json().history).toHaveLength(2);

    // Not even the database lets a version change or go.
    await expect(
      t.database.sql`update consultation_versions set notes = 'x' where appointment_id = ${id}`,
    ).rejects.toThrow(/append-only/);
    await expect(
      t.database.sql`delete from consultation_versions where appointment_id = ${id}`,
    ).rejects.toThrow(/append-only/);
  });

  it('is amended only by the professional who saw the patient', async () => {
    const id = await consultation(t, admin, bia, pro, '2026-12-08T08:00');
    // Dra. Duda cares for Bia too (an appointment ahead), but did not see her that day.
    await consultation(t, admin, bia, other, '2026-12-09T08:00');
    const byOther = await as(t, other.session).put(`/api/v1/consultations/${id}`, {
      notes: 'Não fui eu',
    });
    expect(byOther.statusCode).toBe(403);
    // …and reads it, as a professional caring for her.
    expect((await as(t, other.session).get(`/api/v1/consultations/${id}`)).statusCode).toBe(200);
    expect(
      (await as(t, admin).put(`/api/v1/consultations/${id}`, { notes: 'Secretária' })).statusCode,
    ).toBe(403);
    expect(
      (await as(t, bia.session).put(`/api/v1/consultations/${id}`, { notes: 'Eu mesma' }))
        .statusCode,
    ).toBe(403);
  });

  it('lists a patient’s consultations newest first, paginated', async () => {
    const patient = ana;
    const before = (await as(t, patient.session).get(consultationsOf(patient))).json().total;
    const first = await consultation(t, admin, patient, pro, '2026-12-10T08:00');
    const second = await consultation(t, admin, patient, other, '2026-12-11T08:00');
    const page = await as(t, patient.session).get(`${consultationsOf(patient)}?pageSize=1`);
    expect(page.json()).toMatchObject({ total: before + 2, page: 1, pageSize: 1 });
    expect(page.json().items.map((item: { id: string }) => item.id)).toEqual([second]);
    const next = await as(t, patient.session).get(`${consultationsOf(patient)}?pageSize=1&page=2`);
    expect(next.json().items.map((item: { id: string }) => item.id)).toEqual([first]);
    const beyond = await as(t, patient.session).get(`${consultationsOf(patient)}?page=999`);
    expect(beyond.json()).toMatchObject({ items: [], total: before + 2 });
  });

  it('refuses a malformed CID-10 code with the field named, in the caller’s language', async () => {
    const id = await consultation(t, admin, ana, pro, '2026-12-14T08:00');
    const response = await as(t, pro.session).put(
      `/api/v1/consultations/${id}`,
      { notes: 'x', diagnoses: [{ description: 'Gripe', code: 'J6' }] },
      { headers: { 'accept-language': 'pt-BR' } },
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-language']).toBe('pt-BR');
    expect(JSON.stringify(response.json().errors)).toBe(
      JSON.stringify([{ field: 'diagnoses.0.code', message: 'não está no formato esperado' }]),
    );
  });

  it('records every read by a professional in the audit log, never the patient’s own', async () => {
    const id = await consultation(t, admin, bia, pro, '2026-12-15T08:00');
    const auditOf = async () =>
      (
        await t.database.sql<{ action: string; actor_user_id: string }[]>`
        select action, actor_user_id from audit_log
        where details->>'appointmentId' = ${id} and action like 'consultation.%'`
      ).map((row) => row.action);
    await as(t, bia.session).get(`/api/v1/consultations/${id}`);
    expect(await auditOf()).toEqual([]);
    await as(t, pro.session).get(`/api/v1/consultations/${id}`);
    expect(await auditOf()).toEqual(['consultation.read']);
  });

  it('carries what was written at finish as version 1, diagnoses and follow-up included', async () => {
    const id = await consultation(t, admin, bia, pro, '2026-12-16T08:00', {
      diagnoses: [{ description: 'Rinite alérgica', code: 'J30.4' }],
      followUp: 'Retorno se piorar.',
    });
    const read = (await as(t, bia.session).get(`/api/v1/consultations/${id}`)).json();
    expect(read).toMatchObject({
      version: 1,
      notes: null,
      diagnoses: [{ description: 'Rinite alérgica', code: 'J30.4' }],
      followUp: 'Retorno se piorar.',
    });
  });
});
