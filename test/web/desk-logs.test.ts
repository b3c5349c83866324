import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { launchBrowser, screenshot, seriousViolations, viewports } from '../helpers/browser.js';
import { signInContext } from '../helpers/browser-session.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { labPdf } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';
import { startSmsProvider, type SmsProvider } from '../helpers/sms-provider.js';

let t: TestApp;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
let mail: MailServer;
let sms: SmsProvider;
let adminUser: { email: string; password: string };
let admin: Session;
let ana: SignedUpPatient;
let pro: RegisteredProfessional;
/** Ordered by Dra. Beatriz for Ana; its result is uploaded in the browser. */
let labReportId: string;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-desk-logs-'));
  mail = await startMailServer();
  sms = await startSmsProvider();
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    DATA_DIR: dataDir,
    SMTP_URL: mail.url,
    MAIL_FROM: 'Clínica São Lucas <no-reply@saolucas.example>',
    TWILIO_API_URL: sms.url,
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'twilio-secret',
    TWILIO_SMS_FROM: '+5521900000000',
    // The SMS provider's one error gives its message up at once: the desk retries it.
    NOTIFICATION_MAX_ATTEMPTS: '1',
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  const user = await t.createUser('admin');
  adminUser = user;
  admin = await t.login(user);
  ana = await signUpPatient(t, { name: 'Ana Conceição' });
  pro = await registerProfessional(t, admin, { name: 'Dra. Beatriz Araújo' });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const proPrefs = await as(t, pro.session).patch('/api/v1/auth/me', {
    notify: { email: true, sms: false, whatsapp: false },
  });
  expect(proPrefs.statusCode, proPrefs.body).toBe(200);
  const prefs = await as(t, ana.session).patch('/api/v1/auth/me', {
    notify: { email: true, sms: true, whatsapp: false },
  });
  expect(prefs.statusCode, prefs.body).toBe(200);
  await t.services.notificationWorker.drain();
  // A booking: Ana's e-mail goes out, her SMS is refused by the provider (500).
  await bookAppointment(t, admin, {
    professional: pro.councilNumber,
    patient: ana.registerNumber,
    startsAt: '2026-12-07T09:00:00-03:00',
  });
  sms.script.push(500);
  await t.services.notificationWorker.drain();
  // The desk opens Ana's record: the audit log has it.
  expect((await as(t, admin).get(`/api/v1/patients/${ana.registerNumber}`)).statusCode).toBe(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await mail?.close();
  await sms?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function signedIn(language: 'en' | 'pt-BR'): Promise<BrowserContext> {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale: language,
    viewport: viewports.desktop,
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
  await signInContext(context, adminUser);
  const csrf = (await context.cookies()).find(({ name }) => name === 'clinicdesk_csrf');
  await context.request.patch('/api/v1/auth/me', {
    data: { language },
    headers: { 'x-csrf-token': decodeURIComponent(csrf?.value ?? '') },
  });
  return context;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const mainText = (page: Page) => page.locator('main').innerText();

describe('the desk’s logs and lab reports in a real browser', () => {
  it('lists the booking’s messages, filters the failed one and retries it', async () => {
    const context = await signedIn('en');
    try {
      const page = await context.newPage();
      await page.goto('/settings/messages');
      await expect.poll(() => heading(page)).toBe('Messages sent');
      await expect.poll(() => mainText(page)).toContain('Appointment booked');
      const rows = page.locator('tbody tr');
      // Ana's e-mail (sent) and SMS (failed), and Dra. Beatriz's e-mail.
      await expect.poll(() => rows.filter({ hasText: 'Ana Conceição' }).count()).toBe(2);
      expect(await mainText(page)).toMatch(/Failed/i);
      // In the clinic's zone (09:00 in São Paulo is 12:00 in Lisbon): the booking was at 09:00.
      expect(await rows.first().innerText()).toMatch(/Dec(ember)? 6.*9:00\sAM/);
      await screenshot(page, 'settings-messages.en.desktop');
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByLabel('Status', { exact: true }).first().click();
      await page.getByRole('option', { name: 'Failed', exact: true }).click();
      await page.getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().innerText()).toMatch(/SMS[\s\S]*Ana Conceição[\s\S]*500/);

      await page.getByRole('button', { name: 'Retry: SMS message to Ana Conceição' }).click();
      await expect
        .poll(() => page.getByRole('status').allInnerTexts())
        .toContain('The message to Ana Conceição is queued again and will be sent in a moment.');
      // No longer failed: the filtered list is empty, and the worker sends it.
      await expect.poll(() => mainText(page)).toContain('No messages match these filters.');
      await t.services.notificationWorker.drain();
      expect(sms.accepted).toHaveLength(1);
      await page.getByLabel('Status', { exact: true }).first().click();
      await page.getByRole('option', { name: 'Sent', exact: true }).click();
      await page.getByLabel('Channel', { exact: true }).first().click();
      await page.getByRole('option', { name: 'SMS', exact: true }).click();
      await page.getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain('Ana Conceição');
    } finally {
      await context.close();
    }
  });

  it('shows the audit log of one patient: who read her data, when, from where', async () => {
    const context = await signedIn('en');
    try {
      const page = await context.newPage();
      const clinicDay = (instant: Date) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(instant);
      const today = clinicDay(new Date());
      const tomorrow = clinicDay(new Date(Date.now() + 24 * 3600 * 1000));
      await page.goto('/settings/audit');
      await expect.poll(() => heading(page)).toBe('Audit log');
      await page.getByRole('textbox', { name: 'Patient (register number)' }).fill('nope');
      await page.getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => mainText(page)).toContain('A register number is six letters');
      await page
        .getByRole('textbox', { name: 'Patient (register number)' })
        .fill(ana.registerNumber);
      // The log's time is the database's own clock: today, on the clinic's calendar.
      await page.getByLabel('From').fill(today);
      await page.getByLabel('To (inclusive)').fill(today);
      await page.getByRole('button', { name: 'Search' }).click();
      const rows = page.locator('tbody tr');
      await expect
        .poll(() => rows.filter({ hasText: 'Opened the patient’s record' }).count())
        .toBe(1);
      const texts = await rows.allInnerTexts();
      expect(texts.every((row) => row.includes(ana.registerNumber))).toBe(true);
      await screenshot(page, 'settings-audit.en.desktop');
      expect(await seriousViolations(page)).toEqual([]);
      // The next day has nothing yet.
      await page.getByLabel('From').fill(tomorrow);
      await page.getByLabel('To (inclusive)').fill(tomorrow);
      await page.getByRole('button', { name: 'Search' }).click();
      await expect.poll(() => mainText(page)).toContain('Nothing recorded matches these filters.');
    } finally {
      await context.close();
    }
  });

  it('lists a lab report ordered by a professional as pending, in both languages', async () => {
    const ordered = await as(t, pro.session).post(
      `/api/v1/patients/${ana.registerNumber}/lab-reports`,
      { lab: 'Laboratório Central', exam: 'Hemograma completo' },
    );
    expect(ordered.statusCode, ordered.body).toBe(201);
    labReportId = ordered.json<{ id: string }>().id;

    for (const language of ['pt-BR', 'en'] as const) {
      const context = await signedIn(language);
      try {
        const page = await context.newPage();
        await page.goto('/desk/lab-reports');
        await expect.poll(() => heading(page)).toBe(language === 'en' ? 'Lab reports' : 'Exames');
        await expect.poll(() => mainText(page)).toContain('Hemograma completo');
        await screenshot(page, `desk-lab-reports.${language}.desktop`);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 60_000);

  it('uploads the pending lab report’s result, which the patient then sees ready', async () => {
    const file = path.join(dataDir, 'hemograma.pdf');
    await fs.writeFile(file, labPdf());
    const notPdf = path.join(dataDir, 'notes.pdf');
    await fs.writeFile(notPdf, 'not a pdf at all');
    const context = await signedIn('en');
    try {
      const page = await context.newPage();
      await page.goto('/desk/lab-reports');
      const pending = page.getByRole('region', { name: 'Waiting for the result' });
      // The page's chunk and its list load after the heading: room for a busy machine.
      await expect
        .poll(() => pending.innerText(), { timeout: 15_000 })
        .toContain('Dra. Beatriz Araújo');
      await page
        .getByRole('button', { name: 'Upload result: Hemograma completo for Ana Conceição' })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[type=file]').setInputFiles(notPdf);
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      // The API's own words for a file that is not a PDF or an image (415).
      await expect
        .poll(() => dialog.getByRole('alert').innerText())
        .toContain('The file must be a PDF, JPEG or PNG.');
      expect(await seriousViolations(page, '[role=dialog]')).toEqual([]);
      await dialog.locator('input[type=file]').setInputFiles(file);
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await expect
        .poll(() => page.getByRole('status').allInnerTexts())
        .toContain(
          'The result of Hemograma completo for Ana Conceição is in: they were told it is ready.',
        );
      const ready = page.getByRole('region', { name: 'Ready' });
      await expect.poll(() => ready.innerText()).toContain('Hemograma completo');
      expect(await pending.innerText()).not.toContain('Hemograma completo');

      // A result from outside: registered for Ana, found by her register number.
      await page.getByRole('button', { name: 'Register a lab report' }).click();
      const register = page.getByRole('dialog');
      await register.getByRole('searchbox').fill(ana.registerNumber);
      await register.getByRole('button', { name: 'Choose Ana Conceição' }).click();
      await register.getByRole('button', { name: 'Register', exact: true }).click();
      await expect.poll(() => register.innerText()).toContain('Fill this in.');
      await register.getByLabel(/^Exam/).fill('TSH');
      await register.getByLabel(/^Laboratory/).fill('Lab Fleury');
      await register.getByRole('button', { name: 'Register', exact: true }).click();
      await expect
        .poll(() => page.getByRole('status').allInnerTexts())
        .toContain('TSH for Ana Conceição is registered and waits for its result.');
      await expect.poll(() => pending.innerText()).toContain('Registered by the desk');
    } finally {
      await context.close();
    }

    const mine = await as(t, ana.session).get(`/api/v1/patients/${ana.registerNumber}/lab-reports`);
    const report = mine
      .json<{ items: { id: string; status: string; file: object | null }[] }>()
      .items.find((item) => item.id === labReportId);
    expect(report).toMatchObject({ status: 'ready', file: { contentType: 'application/pdf' } });
  });
});
