import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { pdfText } from '../helpers/pdf.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { consultation, fileForm, inTheRoom, labPdf } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import {
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

let t: TestApp;
let mail: MailServer;
let admin: Session;
let patient: SignedUpPatient;
let pro: RegisteredProfessional;

beforeAll(async () => {
  mail = await startMailServer();
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    CLINIC_NAME: 'Clínica São Lucas',
    CLINIC_ADDRESS: 'Rua das Laranjeiras, 120 – Rio de Janeiro – RJ',
    PUBLIC_URL: 'https://clinica.example.com.br',
    SMTP_URL: mail.url,
    MAIL_FROM: 'Clínica São Lucas <no-reply@saolucas.example>',
  });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  patient = await signUpPatient(t, { name: 'João Câmara' });
  pro = await registerProfessional(t, admin, {
    name: 'Dra. Conceição Araújo',
    specialty: 'Cardiologia',
  });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

describe('the clinic day of the CMS seed, end to end', () => {
  it('goes from booking to the patient downloading the prescription and the lab result', async () => {
    // Booked, checked in, called in, seen; finished with notes, a diagnosis and a follow-up.
    const id = await consultation(t, admin, patient, pro, '2026-12-07T09:00', {
      notes: 'Paciente com pressão arterial elevada; orientação sobre sódio.',
      diagnoses: [{ description: 'Hipertensão essencial', code: 'i10' }],
      followUp: 'Retorno em 30 dias com exames.',
    });

    const prescribed = await as(t, pro.session).post(`/api/v1/appointments/${id}/prescriptions`, {
      items: [
        {
          drug: 'Losartana potássica 50 mg',
          dosage: '1 comprimido ao dia',
          instructions: 'Tomar pela manhã, em jejum.',
          quantity: '30 comprimidos',
        },
        { drug: 'Hidroclorotiazida 25 mg', dosage: '1 comprimido', instructions: 'Após o café.' },
      ],
    });
    expect(prescribed.statusCode, prescribed.body).toBe(201);
    const prescription = prescribed.json();
    expect(prescription).toMatchObject({
      status: 'valid',
      patient: { registerNumber: patient.registerNumber, name: 'João Câmara' },
      professional: { councilNumber: pro.councilNumber, specialty: 'Cardiologia' },
    });
    // The web app's check page, which a pharmacist reads (the API answers it there).
    expect(prescription.verificationUrl).toBe(
      `https://clinica.example.com.br/prescriptions/verify/${prescription.verificationCode}`,
    );

    const ordered = await as(t, pro.session).post(
      `/api/v1/patients/${patient.registerNumber}/lab-reports`,
      { lab: 'Laboratório Análise', exam: 'Perfil lipídico', appointmentId: id },
    );
    expect(ordered.statusCode, ordered.body).toBe(201);
    expect(ordered.json()).toMatchObject({ status: 'pending', file: null });
    const reportId = ordered.json<{ id: string }>().id;

    // The desk uploads the result when the lab sends it: the patient and the doctor are told.
    await t.services.notificationWorker.drain();
    mail.received.length = 0;
    const result = labPdf('Colesterol total 182 mg/dL');
    const uploaded = await as(t, admin).put(
      `/api/v1/lab-reports/${reportId}/file`,
      fileForm(result),
    );
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    expect(uploaded.json()).toMatchObject({ status: 'ready', file: null }); // admins see status only
    await t.services.notificationWorker.drain();
    const messages = await mail.waitFor(2);
    const to = (message: (typeof messages)[number]) => JSON.stringify(message.to);
    const toPatient = messages.find((message) => to(message).includes(patient.email));
    const toPro = messages.find((message) => !to(message).includes(patient.email));
    expect(toPatient?.subject).toBe('Seu resultado de exame está pronto');
    expect(toPatient?.text).toContain('Laboratório Análise');
    expect(toPatient?.text).not.toContain('Perfil lipídico'); // the exam stays in the portal
    expect(toPro?.subject).toBe('Resultado de exame: João Câmara');

    // The patient's record: the consultation with its prescription and lab order.
    const list = await as(t, patient.session).get(
      `/api/v1/patients/${patient.registerNumber}/consultations`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(1);
    const [item] = list.json().items;
    expect(item).toMatchObject({
      id,
      notes: 'Paciente com pressão arterial elevada; orientação sobre sódio.',
      diagnoses: [{ description: 'Hipertensão essencial', code: 'I10' }],
      followUp: 'Retorno em 30 dias com exames.',
      version: 1,
      professional: { name: 'Dra. Conceição Araújo', councilNumber: pro.councilNumber },
    });
    expect(item.prescriptions.map((p: { id: string }) => p.id)).toEqual([prescription.id]);
    expect(item.labReports).toMatchObject([{ id: reportId, status: 'ready' }]);

    const reports = await as(t, patient.session).get(
      `/api/v1/patients/${patient.registerNumber}/lab-reports`,
    );
    expect(reports.json().items).toMatchObject([
      { id: reportId, exam: 'Perfil lipídico', status: 'ready', file: { size: result.length } },
    ]);

    // Both files, downloaded by the patient.
    const pdf = await as(t, patient.session).get(`/api/v1/prescriptions/${prescription.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(pdf.rawPayload);
    for (const expected of [
      'Clínica São Lucas',
      'Dra. Conceição Araújo',
      'Cardiologia',
      pro.councilNumber,
      'João Câmara',
      patient.registerNumber,
      '7 de dezembro de 2026',
      'Losartana potássica 50 mg',
      'Tomar pela manhã, em jejum.',
      '30 comprimidos',
      'Hidroclorotiazida 25 mg',
      prescription.verificationCode,
    ]) {
      expect(text).toContain(expected);
    }
    // The printed address, which the QR code holds too (test/records/prescription-pdf.test.ts).
    expect(text.replace(/\s+/g, '')).toContain(
      `Verifiqueestareceitaem${prescription.verificationUrl}`,
    );

    const file = await as(t, patient.session).get(`/api/v1/lab-reports/${reportId}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="?perfil-lipidico-2026-12-07\.pdf"?$/,
    );
    expect(Buffer.compare(file.rawPayload, result)).toBe(0);
  });

  it('lets a pharmacist check the paper: valid, then revoked', async () => {
    const id = await consultation(t, admin, patient, pro, '2026-12-08T10:00');
    const issued = (
      await as(t, pro.session).post(`/api/v1/appointments/${id}/prescriptions`, {
        items: [
          { drug: 'Dipirona sódica 500 mg', dosage: '1 comprimido', instructions: 'Se dor.' },
        ],
      })
    ).json<{ id: string; verificationCode: string }>();

    // Typed off paper: lower case, without the dashes.
    const typed = issued.verificationCode.toLowerCase().replaceAll('-', '');
    const check = await as(t, null).get(`/api/v1/prescriptions/verify/${typed}`);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toEqual({
      status: 'valid',
      issuedAt: expect.stringMatching(/^2026-12-08T10:00:00(\.000)?-03:00$/),
      revokedAt: null,
      professional: {
        name: 'Dra. Conceição Araújo',
        councilNumber: pro.councilNumber,
        specialty: 'Cardiologia',
      },
      patientInitials: 'J. C.',
      itemCount: 1,
    });
    expect(check.body).not.toContain('João');
    expect(check.body).not.toContain('Dipirona');

    const revoked = await as(t, pro.session).post(`/api/v1/prescriptions/${issued.id}/revoke`, {
      reason: 'Dose errada',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokeReason: 'Dose errada' });
    const again = await as(t, pro.session).post(`/api/v1/prescriptions/${issued.id}/revoke`, {
      reason: 'De novo',
    });
    expect(again.statusCode).toBe(409);

    const after = await as(t, null).get(`/api/v1/prescriptions/verify/${issued.verificationCode}`);
    expect(after.json()).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect(after.body).not.toContain('Dose errada');

    // Still there, shown as revoked, on the paper too.
    const pdf = await as(t, patient.session).get(`/api/v1/prescriptions/${issued.id}/pdf`);
    expect((await pdfText(pdf.rawPayload)).text).toContain('REVOGADA');
  });

  it('counts a client’s checks: past 30 a minute it waits, other clients do not', async () => {
    const check = (ip: string) =>
      t.app.inject({
        method: 'GET',
        url: '/api/v1/prescriptions/verify/0000-0000-0000-0000',
        remoteAddress: ip,
      });
    for (let count = 0; count < 30; count += 1)
      expect((await check('203.0.113.7')).statusCode).toBe(404);
    const refused = await check('203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await check('203.0.113.8')).statusCode).toBe(404);
    // The table keeps hashes, never the addresses.
    const keys = await t.database.sql`select key from rate_limits where key like '%203.0.113%'`;
    expect(keys).toHaveLength(0);
  });

  it('answers an unknown or malformed code with a 404, without a hint', async () => {
    for (const code of ['0000-0000-0000-0000', 'not-a-code']) {
      const response = await as(t, null).get(`/api/v1/prescriptions/verify/${code}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('writes a prescription only once the patient is in the room', async () => {
    t.clock.set(SUNDAY_MORNING);
    const booked = await as(t, admin).post('/api/v1/appointments', {
      professional: pro.councilNumber,
      patient: patient.registerNumber,
      startsAt: '2026-12-09T08:00:00-03:00',
    });
    const early = await as(t, pro.session).post(
      `/api/v1/appointments/${booked.json<{ id: string }>().id}/prescriptions`,
      { items: [{ drug: 'X', dosage: 'Y', instructions: 'Z' }] },
    );
    expect(early.statusCode).toBe(422);

    const inRoom = await inTheRoom(t, admin, patient, pro, '2026-12-09T09:00');
    const empty = await as(t, pro.session).post(`/api/v1/appointments/${inRoom}/prescriptions`, {
      items: [],
    });
    expect(empty.statusCode).toBe(400);
    const during = await as(t, pro.session).post(`/api/v1/appointments/${inRoom}/prescriptions`, {
      items: [{ drug: 'Amoxicilina 500 mg', dosage: '8/8 h', instructions: '7 dias' }],
    });
    expect(during.statusCode, during.body).toBe(201);
  });
});
