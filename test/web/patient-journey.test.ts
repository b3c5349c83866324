import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import {
  launchBrowser,
  screenshot,
  seriousViolations,
  viewports,
  type Viewport,
} from '../helpers/browser.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import {
  codeSentTo,
  fillSignUpForm,
  mailTo,
  signUpTexts,
  type PortalLanguage,
} from '../helpers/portal-forms.js';
import { consultation, fileForm, labPdf } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';
import { WEB_ROOT } from '../helpers/web-root.js';

let t: TestApp;
let mail: MailServer;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
let admin: Session;
/** Each run sees its own cardiologist, whose Monday 7 December is free when it starts. */
const cardiologists = {} as Record<PortalLanguage, RegisteredProfessional>;

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  mail = await startMailServer();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-journey-'));
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    DATA_DIR: dataDir,
    CLINIC_NAME: 'Clínica São Lucas',
    CLINIC_ADDRESS: 'Rua da Assembleia, 10 — Centro, Rio de Janeiro',
    SMTP_URL: mail.url,
    MAIL_FROM: 'Clínica São Lucas <no-reply@saolucas.example>',
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  cardiologists['pt-BR'] = await registerProfessional(t, admin, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Cardiologia',
    officeNumber: '3',
    experienceYears: 12,
  });
  cardiologists.en = await registerProfessional(t, admin, {
    name: 'Dr. Carlos Lima',
    specialty: 'Cardiologia',
    officeNumber: '5',
    experienceYears: 1,
  });
  const helena = await registerProfessional(t, admin, {
    name: 'Dra. Helena Prado',
    specialty: 'Dermatologia',
  });
  for (const professional of [...Object.values(cardiologists), helena]) {
    await setAvailability(t, admin, professional.councilNumber, WEEKDAY_MORNINGS);
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await mail?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const texts = {
  'pt-BR': {
    ...signUpTexts['pt-BR'],
    greeting: 'Olá, Marina',
    signOut: 'Sair',
    signIn: 'Entrar',
    email: 'E-mail',
    password: 'Senha',
    noneAhead: 'Você não tem consultas marcadas.',
    book: 'Agendar consulta',
    specialty: 'Especialidade',
    firstTime: '08:00',
    takenTime: '09:00',
    taken: 'Alguém acabou de marcar esse horário.',
    confirm: 'Agendar este horário',
    reason: 'Qual o motivo? (opcional)',
    booked: 'Sua consulta está marcada',
    bookedWhen: /segunda-feira, 7 de dezembro.*09:30/,
    addToCalendar: 'Adicionar à minha agenda',
    bookedSubject: 'Consulta marcada',
    appointments: 'Consultas',
    reschedule: 'Remarcar',
    newTime: '10:00',
    moveConfirm: 'Remarcar para este horário',
    moved: 'Sua consulta foi remarcada',
    movedWhen: /quarta-feira, 9 de dezembro.*10:00/,
    movedSubject: 'Sua consulta foi alterada',
    cancel: 'Cancelar',
    cancelReason: 'Motivo (opcional)',
    cancelConfirm: 'Cancelar a consulta',
    past: 'Anteriores',
    noneUpcoming: 'Você não tem consultas marcadas.',
    records: 'Meu prontuário',
    downloadPdf: 'Baixar o PDF',
    downloadResult: 'Baixar o resultado',
  },
  en: {
    ...signUpTexts.en,
    greeting: 'Hello, Marina',
    signOut: 'Sign out',
    signIn: 'Sign in',
    email: 'E-mail',
    password: 'Password',
    noneAhead: 'You have no appointments ahead.',
    book: 'Book an appointment',
    specialty: 'Specialty',
    firstTime: '8:00 AM',
    takenTime: '9:00 AM',
    taken: 'Someone has just booked that time.',
    confirm: 'Book this time',
    reason: 'What is it about? (optional)',
    booked: 'Your appointment is booked',
    bookedWhen: /Monday, December 7.* 9:30\sAM/,
    addToCalendar: 'Add to my calendar',
    bookedSubject: 'Appointment booked',
    appointments: 'Appointments',
    reschedule: 'Reschedule',
    newTime: '10:00 AM',
    moveConfirm: 'Move to this time',
    moved: 'Your appointment was moved',
    movedWhen: /Wednesday, December 9.* 10:00\sAM/,
    movedSubject: 'Your appointment has changed',
    cancel: 'Cancel',
    cancelReason: 'Reason (optional)',
    cancelConfirm: 'Cancel the appointment',
    past: 'Past',
    noneUpcoming: 'You have no appointments ahead.',
    records: 'My records',
    downloadPdf: 'Download the PDF',
    downloadResult: 'Download the result',
  },
} as const;

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const mainText = (page: Page) => page.locator('main').innerText();

/** The page as it is now at both sizes, for docs/screenshots/; checked by axe-core at each. */
async function shoot(page: Page, name: string, language: PortalLanguage, within?: string) {
  const own = page.viewportSize();
  for (const size of ['mobile', 'desktop'] as Viewport[]) {
    await page.setViewportSize(viewports[size]);
    await screenshot(page, `${name}.${language}.${size}`);
    expect(await seriousViolations(page, within), `${name} ${size}`).toEqual([]);
  }
  if (own) await page.setViewportSize(own);
}

/** A file the page links to, fetched with the page's own session: its type and first bytes. */
async function download(page: Page, name: string) {
  const href = await page.getByRole('link', { name }).first().getAttribute('href');
  expect(href).toBeTruthy();
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  return { type: response.headers()['content-type'], body: await response.body() };
}

describe('a patient’s whole journey in a real browser', () => {
  for (const [language, viewport, phone, cpf, doctor] of [
    ['pt-BR', 'mobile', '(21) 98765-4321', '529.982.247-25', 'Dra. Beatriz Araújo'],
    ['en', 'desktop', '(11) 91234-5678', '111.444.777-35', 'Dr. Carlos Lima'],
  ] as [PortalLanguage, Viewport, string, string, string][]) {
    it(`signs up, books (losing a time to another patient), reschedules, cancels and downloads the records (${language}, ${viewport})`, async () => {
      t.clock.set(SUNDAY_MORNING);
      const text = texts[language];
      const professional = cardiologists[language];
      const day = '2026-12-07';
      const email = `marina.${language.toLowerCase()}@example.com`;
      const password = 'uma-senha-boa-123';
      const context = await browser.newContext({
        reducedMotion: 'reduce',
        baseURL: baseUrl,
        locale: language,
        viewport: viewports[viewport],
        timezoneId: 'Europe/Lisbon',
        acceptDownloads: true,
      });
      try {
        const page = await context.newPage();

        // Sign-up, the e-mailed code (a wrong one first), sign-out and sign-in.
        await page.goto('/sign-in');
        await page.getByRole('link', { name: text.create }).click();
        await page.waitForURL('**/sign-up');
        await fillSignUpForm(page, language, {
          name: 'Marina Duarte',
          email,
          password,
          phone,
          cpf,
        });
        await page.getByRole('button', { name: text.submit }).click();
        await page.waitForURL('**/verify-email**');
        const code = await codeSentTo(t, mail, email);
        await page.getByRole('textbox').first().click();
        await page.keyboard.type(code === '000000' ? '111111' : '000000');
        await expect.poll(() => page.getByRole('alert').innerText()).toContain(text.wrongCode);
        await page.reload();
        await page.getByRole('textbox').first().click();
        await page.keyboard.type(code);
        await page.waitForURL('**/dashboard');
        await page.getByRole('button', { name: text.signOut }).click();
        await page.waitForURL('**/sign-in');
        await page.getByLabel(new RegExp(`^${text.email}`)).fill(email);
        await page.getByLabel(new RegExp(`^${text.password}`)).fill(password);
        await page.getByRole('button', { name: text.signIn, exact: true }).click();
        await page.waitForURL('**/dashboard');
        await expect.poll(() => heading(page)).toBe(text.greeting);
        await expect.poll(() => mainText(page)).toContain(text.noneAhead);
        await shoot(page, 'dashboard-empty', language);

        // Booking: specialty → professional → the first free day, opened for her → a time.
        await page.getByRole('link', { name: text.book }).first().click();
        await page.waitForURL('**/book');
        await expect.poll(() => heading(page)).toBe(text.book);
        await shoot(page, 'booking-start', language);
        await page.getByLabel(text.specialty).selectOption('Cardiologia');
        await page.getByRole('radio', { name: new RegExp(doctor) }).click();
        await page.getByRole('button', { name: text.firstTime, exact: true }).waitFor();
        await shoot(page, 'booking-calendar', language);
        await page.getByRole('button', { name: text.takenTime, exact: true }).click();
        await page.getByLabel(text.reason).fill('Check-up anual');
        await shoot(page, 'booking-confirm', language);

        // Meanwhile another patient books that very time: the page says so and offers the next.
        const takenAt = `${day}T09:00:00-03:00`;
        const rival = await signUpPatient(t, { name: `Rita ${language}` });
        await bookAppointment(t, rival.session, {
          professional: professional.councilNumber,
          startsAt: takenAt,
        });
        await page.getByRole('button', { name: text.confirm }).click();
        await expect.poll(() => page.getByRole('alert').innerText()).toContain(text.taken);
        await shoot(page, 'booking-taken', language);
        await page.getByRole('alert').getByRole('button').first().click();
        await page.getByRole('button', { name: text.confirm }).click();
        await expect.poll(() => page.getByRole('status').innerText()).toContain(text.booked);
        const booked = await page.getByRole('status').innerText();
        expect(booked).toMatch(text.bookedWhen);
        expect(booked).toContain(doctor);
        await shoot(page, 'booking-done', language);
        const invite = await download(page, text.addToCalendar);
        expect(invite.type).toBe('text/calendar; charset=utf-8');
        expect(invite.body.toString()).toContain('BEGIN:VCALENDAR');
        expect(invite.body.toString()).toContain(doctor);

        const [appointment] = await t.database.sql<{ id: string; starts_at: string }[]>`
          select a.id, a.starts_at from appointments a join users u on u.id = a.patient_user_id
          where u.email = ${email}`;
        expect(new Date(appointment!.starts_at).toISOString()).toBe(
          new Date(`${day}T09:30:00-03:00`).toISOString(),
        );
        const confirmation = await mailTo(t, mail, email, {
          matches: (message) => (message.subject ?? '').startsWith(text.bookedSubject),
        });
        expect(confirmation.text).toContain(doctor);

        // Rescheduling to Wednesday at ten, from the list of her appointments.
        await page.getByRole('link', { name: text.appointments, exact: true }).click();
        await page.waitForURL('**/appointments');
        await page.getByRole('link', { name: text.reschedule }).click();
        await page.waitForURL(`**/appointments/${appointment!.id}/reschedule`);
        const wednesday = { 'pt-BR': 'quarta-feira, 9 de dezembro', en: 'Wednesday, December 9' }[
          language
        ];
        await page.getByRole('button', { name: text.firstTime, exact: true }).waitFor();
        await page.getByRole('button', { name: wednesday, exact: true }).click();
        await page.getByRole('button', { name: text.newTime, exact: true }).click();
        await shoot(page, 'reschedule', language);
        await page.getByRole('button', { name: text.moveConfirm }).click();
        await expect.poll(() => page.getByRole('status').innerText()).toContain(text.moved);
        expect(await page.getByRole('status').innerText()).toMatch(text.movedWhen);
        const [moved] = await t.database.sql<{ starts_at: string }[]>`
          select starts_at from appointments where id = ${appointment!.id}`;
        expect(new Date(moved!.starts_at).toISOString()).toBe(
          new Date('2026-12-09T10:00:00-03:00').toISOString(),
        );
        await mailTo(t, mail, email, {
          matches: (message) => (message.subject ?? '').startsWith(text.movedSubject),
        });

        // Cancelling it, with a reason that the past appointments then show.
        await page.getByRole('link', { name: text.appointments, exact: true }).click();
        await page.getByRole('button', { name: text.cancel, exact: true }).click();
        await page.getByLabel(text.cancelReason).fill('Viagem de trabalho');
        await page.getByRole('button', { name: text.cancelConfirm }).click();
        await expect.poll(() => mainText(page)).toContain(text.noneUpcoming);
        await page.getByRole('tab', { name: text.past }).click();
        await expect.poll(() => mainText(page)).toContain('Viagem de trabalho');

        // A consultation with a prescription and a ready lab report, made by the clinic.
        const [patient] = await t.database.sql<{ register_number: string }[]>`
          select p.register_number from patients p join users u on u.id = p.user_id
          where u.email = ${email}`;
        const her = { registerNumber: patient!.register_number } as SignedUpPatient;
        const seen = await consultation(t, admin, her, professional, `${day}T11:00`, {
          notes: 'Exame físico normal.',
          diagnoses: [{ description: 'Exame médico geral', code: 'Z00.0' }],
        });
        const prescribed = await as(t, professional.session).post(
          `/api/v1/appointments/${seen}/prescriptions`,
          {
            items: [
              {
                drug: 'Ácido acetilsalicílico 100 mg',
                dosage: '1 comprimido',
                instructions: 'Após o almoço.',
              },
            ],
          },
        );
        expect(prescribed.statusCode, prescribed.body).toBe(201);
        const report = await as(t, admin).post(
          `/api/v1/patients/${her.registerNumber}/lab-reports`,
          { lab: 'Laboratório Central', exam: 'Hemograma', appointmentId: seen },
        );
        const uploaded = await as(t, admin).put(
          `/api/v1/lab-reports/${report.json<{ id: string }>().id}/file`,
          fileForm(labPdf('Hemograma de Marina')),
        );
        expect(uploaded.statusCode).toBe(200);

        await page.getByRole('link', { name: text.records }).click();
        await page.waitForURL('**/records');
        await expect.poll(() => mainText(page)).toContain('Exame médico geral (Z00.0)');
        for (const name of [text.downloadPdf, text.downloadResult]) {
          const file = await download(page, name);
          expect(file.type).toBe('application/pdf');
          expect(file.body.subarray(0, 5).toString()).toBe('%PDF-');
        }
      } finally {
        await context.close();
      }
      // A whole patient's journey in a browser, with screenshots at two sizes.
    }, 120_000);
  }
});
