import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import {
  launchBrowser,
  screenshot,
  seriousViolations,
  viewports,
  type Viewport,
} from '../helpers/browser.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { consultation, fileForm, labPdf } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
} from '../helpers/scheduling.js';
import { WEB_ROOT } from '../helpers/web-root.js';

let t: TestApp;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
let admin: Session;
let patient: SignedUpPatient;
let proCouncilNumber: string;
let slot = 0;
/** Free morning slots on the Friday: one per test that books one. */
const nextFreeSlot = () => `2026-12-11T${String(8 + slot++).padStart(2, '0')}:00:00-03:00`;

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-portal-'));
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    DATA_DIR: dataDir,
    CLINIC_NAME: 'Clínica São Lucas',
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  patient = await signUpPatient(t, { name: 'Ana Conceição' });
  const pro = await registerProfessional(t, admin, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Cardiologia',
  });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  proCouncilNumber = pro.councilNumber;
  // One consultation behind her with a prescription, appointments ahead (one more per test
  // that cancels one), and a lab report not ready yet.
  const seen = await consultation(t, admin, patient, pro, '2026-12-07T08:00', {
    notes: 'Pressão arterial 13/8; manter a dieta.',
    diagnoses: [{ description: 'Hipertensão essencial', code: 'I10' }],
  });
  const prescribed = await as(t, pro.session).post(`/api/v1/appointments/${seen}/prescriptions`, {
    items: [{ drug: 'Losartana 50 mg', dosage: '1 comprimido', instructions: 'Pela manhã.' }],
  });
  expect(prescribed.statusCode).toBe(201);
  const ready = await as(t, admin).post(`/api/v1/patients/${patient.registerNumber}/lab-reports`, {
    lab: 'Laboratório Central',
    exam: 'Perfil lipídico',
    appointmentId: seen,
  });
  expect(
    (await as(t, admin).put(`/api/v1/lab-reports/${ready.json().id}/file`, fileForm(labPdf())))
      .statusCode,
  ).toBe(200);
  t.clock.set(SUNDAY_MORNING);
  for (const startsAt of ['2026-12-08T09:30:00-03:00', '2026-12-15T10:00:00-03:00']) {
    await bookAppointment(t, admin, {
      professional: pro.councilNumber,
      patient: patient.registerNumber,
      startsAt,
    });
  }
  const report = await as(t, admin).post(`/api/v1/patients/${patient.registerNumber}/lab-reports`, {
    lab: 'Laboratório Central',
    exam: 'Hemograma',
  });
  expect(report.statusCode).toBe(201);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const texts = {
  'pt-BR': {
    signIn: 'Entrar',
    email: 'E-mail',
    password: 'Senha',
    greeting: 'Olá, Ana',
    next: /terça-feira, 8 de dezembro.*09:30/,
    tiles: ['2 consultas marcadas', '1 consulta realizada', '2 exames', '1 pronto para ver'],
    appointments: 'Consultas',
    cancel: 'Cancelar',
    cancelConfirm: 'Cancelar a consulta',
    cancelled: 'Cancelada',
    records: 'Meu prontuário',
    prescription: 'Receita com 1 item',
    downloadPdf: 'Baixar o PDF',
    downloadResult: 'Baixar o resultado',
    pending: 'Aguardando o resultado',
    wrongPassword: 'O e-mail ou a senha não estão corretos.',
    offline: 'Parece que você está sem conexão',
  },
  en: {
    signIn: 'Sign in',
    email: 'E-mail',
    password: 'Password',
    greeting: 'Hello, Ana',
    next: /Tuesday, December 8.* 9:30\sAM/,
    tiles: ['2 upcoming appointments', '1 past consultation', '2 lab reports', '1 ready to see'],
    appointments: 'Appointments',
    cancel: 'Cancel',
    cancelConfirm: 'Cancel the appointment',
    cancelled: 'Cancelled',
    records: 'My records',
    prescription: 'Prescription with 1 item',
    downloadPdf: 'Download the PDF',
    downloadResult: 'Download the result',
    pending: 'Waiting for the result',
    wrongPassword: 'The e-mail or password is not correct.',
    offline: 'You seem to be offline',
  },
} as const;

async function contextFor(language: keyof typeof texts, viewport: Viewport) {
  return browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale: language,
    viewport: viewports[viewport],
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
}

describe('the patient portal in a real browser', () => {
  for (const language of ['pt-BR', 'en'] as const) {
    for (const viewport of ['mobile', 'desktop'] as const) {
      it(`signs a patient in and shows the dashboard (${language}, ${viewport})`, async () => {
        // Signed in, the account's language rules: hers is set to the one the browser asks.
        await as(t, patient.session).patch('/api/v1/auth/me', { language });
        const context: BrowserContext = await contextFor(language, viewport);
        try {
          const page = await context.newPage();
          const text = texts[language];
          await page.goto('/');
          await page.waitForURL('**/sign-in');
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.signIn);
          expect(await page.locator('html').getAttribute('lang')).toBe(language);
          await screenshot(page, `sign-in.${language}.${viewport}`);
          expect(await seriousViolations(page)).toEqual([]);

          await page.getByLabel(new RegExp(`^${text.email}`)).fill(patient.email);
          await page.getByLabel(new RegExp(`^${text.password}`)).fill(patient.password);
          await page.getByRole('button', { name: text.signIn }).click();
          await page.waitForURL('**/dashboard');
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.greeting);
          await expect.poll(() => page.locator('main').innerText()).toMatch(text.next);
          const main = await page.locator('main').innerText();
          for (const tile of text.tiles) expect(main).toContain(tile);
          await screenshot(page, `dashboard.${language}.${viewport}`);
          expect(await seriousViolations(page)).toEqual([]);

          // The records: the consultation with its prescription, both reports, both files.
          await page.getByRole('link', { name: text.records }).click();
          await page.waitForURL('**/records');
          await expect.poll(() => page.locator('main').innerText()).toContain(text.prescription);
          // Badges are upper case on screen: their text is what the test compares. The
          // consultations and the lab reports are two requests: either may answer last.
          for (const shown of ['Hipertensão essencial (I10)', 'Perfil lipídico', text.pending]) {
            await expect.poll(() => page.locator('main').textContent()).toContain(shown);
          }
          await screenshot(page, `records.${language}.${viewport}`);
          expect(await seriousViolations(page)).toEqual([]);
          for (const [name, type] of [
            [text.downloadPdf, 'application/pdf'],
            [text.downloadResult, 'application/pdf'],
          ] as const) {
            const href = await page.getByRole('link', { name }).getAttribute('href');
            const file = await context.request.get(href!);
            expect(file.status(), name).toBe(200);
            expect(file.headers()['content-type']).toBe(type);
            expect((await file.body()).subarray(0, 5).toString()).toBe('%PDF-');
          }

          // An appointment cancelled with a reason (booked for this run: two stay ahead).
          t.clock.set(SUNDAY_MORNING);
          const extra = await bookAppointment(t, admin, {
            professional: proCouncilNumber,
            patient: patient.registerNumber,
            startsAt: nextFreeSlot(),
          });
          await page.getByRole('link', { name: text.appointments }).click();
          await page.waitForURL('**/appointments');
          const card = page.getByRole('tabpanel').locator('.mantine-Card-root');
          await expect.poll(() => card.count()).toBe(3);
          await screenshot(page, `appointments.${language}.${viewport}`);
          expect(await seriousViolations(page)).toEqual([]);
          await card
            .filter({ hasText: /11 de dezembro|December 11/ })
            .getByRole('button', { name: text.cancel })
            .click();
          await page.getByRole('dialog').getByRole('textbox').fill('Viagem de trabalho');
          await screenshot(page, `appointments-cancel.${language}.${viewport}`);
          expect(await seriousViolations(page, '[role=dialog]')).toEqual([]);
          await page.getByRole('button', { name: text.cancelConfirm }).click();
          await expect.poll(() => card.count()).toBe(2);
          const [row] = await t.database.sql<{ status: string; cancel_reason: string }[]>`
            select status, cancel_reason from appointments where id = ${extra}`;
          expect(row).toEqual({ status: 'cancelled', cancel_reason: 'Viagem de trabalho' });

          // No token is ever kept where a script could read it.
          const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage })');
          expect(stored).not.toMatch(/token/i);
          const cookies = await context.cookies();
          expect(cookies.find((cookie) => cookie.name === 'clinicdesk_session')?.httpOnly).toBe(
            true,
          );
        } finally {
          await context.close();
        }
      });
    }
  }

  it('says a wrong password and a dropped connection in the user’s language', async () => {
    for (const language of ['pt-BR', 'en'] as const) {
      const context = await contextFor(language, 'mobile');
      try {
        const page = await context.newPage();
        const text = texts[language];
        await page.goto('/sign-in');
        await page.getByLabel(new RegExp(`^${text.email}`)).fill(patient.email);
        await page.getByLabel(new RegExp(`^${text.password}`)).fill('not-her-password');
        await page.getByRole('button', { name: text.signIn }).click();
        await expect.poll(() => page.getByRole('alert').innerText()).toContain(text.wrongPassword);
        await screenshot(page, `sign-in-wrong-password.${language}.mobile`);

        await context.setOffline(true);
        await page.getByRole('button', { name: text.signIn }).click();
        await expect.poll(() => page.getByRole('alert').innerText()).toContain(text.offline);
        await context.setOffline(false);
      } finally {
        await context.close();
      }
    }
  });

  it('serves deep links to the app, and never answers the API with a page', async () => {
    const deep = await fetch(`${baseUrl}/dashboard`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toMatch(/text\/html/);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const api = await fetch(`${baseUrl}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await api.json()) as { status: number }).status).toBe(404);
    const html = await deep.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const script = await fetch(`${baseUrl}${asset}`, { headers: { 'accept-encoding': 'br' } });
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-encoding')).toBe('br');
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Read to the end: a response left unread holds its connection, and the server's close waits.
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
