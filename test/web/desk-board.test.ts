import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, type TestUser } from '../helpers/app.js';
import { launchBrowser, screenshot, seriousViolations, viewports } from '../helpers/browser.js';
import { signInContext } from '../helpers/browser-session.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
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
let baseUrl: string;
let browser: Browser;
let adminUser: TestUser;
let admin: Session;
/** Appointment ids by patient's first name. */
const ids: Record<string, string> = {};

const monday = (time: string) => new Date(`2026-12-07T${time}:00-03:00`);
const sizes = { ...viewports, laptop: { width: 1280, height: 720 } } as const;

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  t = await createTestApp({ ...SAO_PAULO_CLINIC, CLINIC_NAME: 'Clínica São Lucas' });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  adminUser = await t.createUser('admin');
  admin = await t.login(adminUser);
  const beatriz = await registerProfessional(t, admin, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Cardiologia',
    officeNumber: '3',
  });
  const caio = await registerProfessional(t, admin, {
    name: 'Dr. Caio Mendes',
    specialty: 'Clínica Geral',
    officeNumber: '5',
  });
  for (const pro of [beatriz, caio]) {
    await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  }
  const bookings: [string, string, string, string?][] = [
    [beatriz.councilNumber, 'Ana Conceição', '08:00'],
    [beatriz.councilNumber, 'Bruno Lima', '08:30'],
    [beatriz.councilNumber, 'Zélia Ramos', '09:00', '1941-04-02'],
    [beatriz.councilNumber, 'Carla Nunes', '09:30'],
    [caio.councilNumber, 'Eduardo Reis', '08:00'],
    [caio.councilNumber, 'Diego Alves', '08:30'],
    [caio.councilNumber, 'Fernanda Dias', '09:00'],
  ];
  for (const [professional, name, time, birthDate] of bookings) {
    const patient = await signUpPatient(t, { name, ...(birthDate ? { birthDate } : {}) });
    ids[name.split(' ')[0]!] = await bookAppointment(t, admin, {
      professional,
      patient: patient.registerNumber,
      startsAt: monday(time).toISOString(),
    });
  }
  // Monday morning: Eduardo is in with Dr. Caio; Zélia (85) arrived at 07:50.
  t.clock.set(monday('07:50'));
  await desk(`/appointments/${ids.Zélia}/check-in`);
  await desk(`/appointments/${ids.Eduardo}/check-in`);
  await desk(`/appointments/${ids.Eduardo}/call`);
  t.clock.set(monday('08:05'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A move made at another desk, through the API. */
async function desk(url: string, body?: object) {
  const response = await as(t, admin).post(`/api/v1${url}`, body);
  expect(response.statusCode, response.body).toBe(200);
}

async function boardPage(language: 'en' | 'pt-BR', size: keyof typeof sizes) {
  const response = await as(t, admin).patch('/api/v1/auth/me', { language });
  expect(response.statusCode).toBe(200);
  const context: BrowserContext = await browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale: language,
    viewport: sizes[size],
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
  await signInContext(context, adminUser);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto('/desk');
  return { context, page };
}

const card = (page: Page, name: string) => page.getByRole('article', { name });
// Badges are upper case on screen: their text is what the test compares.
const text = (page: Page) =>
  page
    .locator('main')
    .textContent()
    .then((value) => value ?? '');
const cardText = (page: Page, name: string) =>
  card(page, name)
    .textContent()
    .then((value) => value ?? '');

describe('the front desk’s board in a real browser', () => {
  it('checks in with a priority, follows other desks live, cancels and marks a no-show', async () => {
    const { context, page } = await boardPage('en', 'desktop');
    try {
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Today at the front desk');
      await expect.poll(() => page.getByRole('status').first().innerText()).toBe('Live');
      // Times in the clinic's zone; minutes waiting from the server's clock (07:50 → 08:05).
      await expect.poll(() => cardText(page, 'Zélia Ramos')).toContain('Waiting for 15 minutes');
      expect(await cardText(page, 'Zélia Ramos')).toMatch(/9:00\sAM/);
      expect(await cardText(page, 'Zélia Ramos')).toContain('Priority: 80+');
      expect(await text(page)).toContain('1 in the room');

      // Check in with a declared priority, through the dialog.
      await card(page, 'Ana Conceição').getByRole('button', { name: 'Check in' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: 'Pregnant' }).waitFor();
      expect(await dialog.innerText()).toContain('Nothing to declare for age');
      await screenshot(page, 'desk-check-in.en.desktop');
      expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
      await dialog.getByRole('radio', { name: 'Pregnant' }).check();
      await dialog.getByRole('button', { name: 'Check in' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => cardText(page, 'Ana Conceição')).toMatch(/Ticket P\d{3}/);
      expect(await cardText(page, 'Ana Conceição')).toContain('Priority: pregnant');
      // Behind Zélia (80+ goes before everyone).
      expect(await cardText(page, 'Ana Conceição')).toContain('No. 2 in line');

      // Another desk checks Bruno in and calls Zélia: the board follows without a reload.
      await desk(`/appointments/${ids.Bruno}/check-in`);
      await expect.poll(() => cardText(page, 'Bruno Lima')).toMatch(/Ticket N\d{3}/);
      await desk(`/appointments/${ids.Zélia}/call`);
      await expect.poll(() => cardText(page, 'Zélia Ramos')).toMatch(/In since 8:05\sAM/);
      await expect.poll(() => cardText(page, 'Ana Conceição')).toContain('No. 1 in line');
      expect(await text(page)).toContain('2 in the room');

      // Cancel with a reason: asked for first, then shown among the cancelled.
      await card(page, 'Carla Nunes').getByRole('button', { name: 'Cancel' }).click();
      const cancel = page.getByRole('dialog');
      await cancel.getByRole('button', { name: 'Cancel the appointment' }).click();
      await expect
        .poll(() => cancel.innerText())
        .toContain('Say why the appointment is cancelled.');
      await cancel.getByLabel(/^Reason/).fill('Patient called: travelling');
      await cancel.getByRole('button', { name: 'Cancel the appointment' }).click();
      await cancel.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Show 1 cancelled' }).click();
      await expect
        .poll(() => cardText(page, 'Carla Nunes'))
        .toContain('Reason: Patient called: travelling');

      // No-show once the time has come (the server's clock, brought by the next change).
      expect(await card(page, 'Diego Alves').getByRole('button', { name: 'No-show' }).count()).toBe(
        0,
      );
      t.clock.set(monday('08:35'));
      await desk(`/appointments/${ids.Fernanda}/check-in`);
      await expect.poll(() => cardText(page, 'Fernanda Dias')).toMatch(/Ticket N\d{3}/);
      await card(page, 'Diego Alves').getByRole('button', { name: 'No-show' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Mark as no-show' }).click();
      const noShows = page.getByRole('region', { name: 'Dr. Caio Mendes' });
      await expect.poll(() => noShows.textContent()).toMatch(/No-show\s*1/);
      expect(await card(page, 'Diego Alves').getByRole('button').count()).toBe(0);

      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'desk-board.en.desktop');
    } finally {
      await context.close();
    }
    // A whole morning at the desk, in one page: longer than one step.
  }, 60_000);

  for (const size of ['laptop', 'mobile'] as const) {
    it(`fits a ${size} screen`, async () => {
      const { context, page } = await boardPage('en', size);
      try {
        await card(page, 'Fernanda Dias').waitFor();
        if (size === 'mobile') {
          // One professional at a time, chosen in a select.
          expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual([
            'Dr. Caio Mendes',
          ]);
          await card(page, 'Fernanda Dias').waitFor();
          await page.getByRole('combobox', { name: 'Professional' }).click();
          await page.getByRole('option', { name: /Dra\. Beatriz Araújo/ }).click();
          await card(page, 'Ana Conceição').waitFor();
        }
        const width = await page.evaluate('document.documentElement.scrollWidth');
        expect(width).toBeLessThanOrEqual(sizes[size].width);
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `desk-board.en.${size}`);
      } finally {
        await context.close();
      }
    });
  }

  it('keeps an open dialog, and what was typed in it, when the screen turns narrow and back', async () => {
    const { context, page } = await boardPage('en', 'desktop');
    try {
      // Bruno is Dra. Beatriz's: on a narrow screen her column is not the one shown.
      await card(page, 'Bruno Lima').getByRole('button', { name: 'Cancel' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Reason/).fill('Typed before the tablet turned');
      const select = page.getByRole('combobox', { name: 'Professional' });
      await page.setViewportSize(viewports.mobile);
      await expect.poll(() => select.isVisible()).toBe(true);
      expect(await card(page, 'Bruno Lima').isVisible()).toBe(false);
      await page.setViewportSize(viewports.desktop);
      await expect.poll(() => select.isVisible()).toBe(false);
      expect(await dialog.getByLabel(/^Reason/).inputValue()).toBe(
        'Typed before the tablet turned',
      );
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await cardText(page, 'Bruno Lima')).toMatch(/Ticket N\d{3}/);
    } finally {
      await context.close();
    }
  });

  it('speaks Brazilian Portuguese', async () => {
    const { context, page } = await boardPage('pt-BR', 'desktop');
    try {
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Hoje na recepção');
      await expect.poll(() => text(page)).toContain('2 em atendimento');
      const main = await text(page);
      expect(main).toContain('Consultório 3');
      expect(main).toContain('Nenhum atendido');
      expect(main).toContain('Chamada a seguir');
      expect(await cardText(page, 'Ana Conceição')).toContain('Prioridade: gestante');
      expect(await cardText(page, 'Ana Conceição')).toMatch(/Senha P\d{3}/);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'desk-board.pt-BR.desktop');
    } finally {
      await context.close();
    }
  });
});
