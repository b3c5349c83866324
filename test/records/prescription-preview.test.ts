import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { inTheRoom } from '../helpers/records.js';
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
let admin: Session;
let patient: SignedUpPatient;
let professional: RegisteredProfessional;
let appointmentId: string;

const items = [
  {
    drug: 'Amoxicilina 500 mg',
    dosage: '1 cápsula de 8 em 8 horas',
    instructions: 'Tomar por 7 dias.',
    quantity: '21 cápsulas',
  },
];

beforeAll(async () => {
  t = await createTestApp(SAO_PAULO_CLINIC);
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  patient = await signUpPatient(t);
  professional = await registerProfessional(t, admin);
  await setAvailability(t, admin, professional.councilNumber, WEEKDAY_MORNINGS);
  appointmentId = await inTheRoom(t, admin, patient, professional, '2026-12-07T08:00');
});
afterAll(async () => {
  await t?.close();
});

async function textOf(buffer: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent();
    texts.push(...content.items.flatMap((item) => ('str' in item ? [item.str] : [])));
  }
  await pdf.destroy();
  return texts.join(' ').replace(/\s+/g, ' ');
}

const stored = async () => {
  const [prescriptions] = await t.database.sql<{ count: string }[]>`
    select count(*)::text as count from prescriptions`;
  const [audit] = await t.database.sql<{ count: string }[]>`
    select count(*)::text as count from audit_log`;
  return { prescriptions: prescriptions!.count, audit: audit!.count };
};

const preview = (id: string, body: Record<string, unknown>, session = professional.session) =>
  as(t, session).post(`/api/v1/appointments/${id}/prescriptions/preview`, body);

describe('POST /appointments/{id}/prescriptions/preview', () => {
  it('answers the PDF as it would print, marked as a preview, and stores nothing', async () => {
    const before = await stored();
    const response = await preview(appointmentId, { items });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(response.rawPayload);
    expect(text).toContain('Amoxicilina 500 mg');
    expect(text).toContain(patient.registerNumber);
    expect(text).toContain('PRÉVIA — SEM VALIDADE');
    // No code a pharmacist could check, and no QR to scan.
    expect(text).not.toContain('Código de verificação');
    expect(text).not.toContain('/prescriptions/verify/');
    expect(await stored()).toEqual(before);
  });

  it('is in the patient’s language', async () => {
    const changed = await as(t, patient.session).patch('/api/v1/auth/me', { language: 'en' });
    expect(changed.statusCode, changed.body).toBe(200);
    const text = await textOf((await preview(appointmentId, { items })).rawPayload);
    expect(text).toContain('PREVIEW — NOT VALID');
    expect(text).toContain('Prescription');
  });

  it('refuses what issuing refuses, before the patient is called in too', async () => {
    const empty = await preview(appointmentId, { items: [] });
    expect(empty.statusCode).toBe(400);
    const noDosage = await preview(appointmentId, { items: [{ drug: 'X', instructions: 'Y' }] });
    expect(noDosage.statusCode).toBe(400);
    t.clock.set(SUNDAY_MORNING);
    const later = await bookAppointment(t, admin, {
      professional: professional.councilNumber,
      patient: patient.registerNumber,
      startsAt: '2026-12-08T09:00:00-03:00',
    });
    const early = await preview(later, { items });
    expect(early.statusCode).toBe(422);
    expect(early.json<{ detail: string }>().detail).toMatch(/called in/);
  });
});
