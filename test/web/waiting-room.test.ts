import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { launchBrowser, screenshot, seriousViolations } from '../helpers/browser.js';
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

// The waiting-room TV: a token made by an admin, the screen opened with it in a browser of its
// own (no session), and the desk checking patients in and calling them through the API.
let t: TestApp;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
let admin: Session;
let token: { id: string; token: string };
/** Monday's appointments, in the order they are called. */
const appointments: string[] = [];
const PATIENTS = ['Zuleica Quixabeira', 'Bartolomeu Anacleto', 'Genoveva Trindade'];
const monday = (time: string) => new Date(`2026-12-07T${time}:00-03:00`);
/** The index-th hour from 08:00: one appointment, and one call, each. */
const hour = (index: number) => `${String(8 + index).padStart(2, '0')}:00`;

const TV = { width: 1920, height: 1080 };
const LAPTOP = { width: 1280, height: 720 };

/**
 * Records what the page says and how often it chimes, instead of making any sound. A string:
 * it runs in the page, and this file is compiled without the DOM's types.
 */
const RECORD_SOUND = `
  window.spoken = [];
  window.oscillators = 0;
  window.speechSynthesis.speak = (utterance) => {
    window.spoken.push({ text: utterance.text, lang: utterance.lang });
  };
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.oscillators++;
    return create.call(this);
  };
`;
const spoken = (page: Page) => page.evaluate<{ text: string; lang: string }[]>('window.spoken');
const oscillators = (page: Page) => page.evaluate<number>('window.oscillators');

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-display-'));
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    DATA_DIR: dataDir,
    CLINIC_NAME: 'Clínica São Lucas',
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  const withOffice = await registerProfessional(t, admin, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Cardiologia',
    officeNumber: '3',
  });
  const withoutOffice = await registerProfessional(t, admin, {
    name: 'Dr. Caio Moreira',
    specialty: 'Clínica Geral',
  });
  const namedOffice = await registerProfessional(t, admin, {
    name: 'Dra. Elisa Prado',
    specialty: 'Pediatria',
    officeNumber: 'Sala Azul',
  });
  const doctors = [withOffice, withoutOffice, namedOffice];
  for (const pro of doctors) await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  for (const [index, name] of PATIENTS.entries()) {
    const patient = await signUpPatient(t, { name });
    appointments.push(
      await bookAppointment(t, admin, {
        professional: doctors[index]!.councilNumber,
        patient: patient.registerNumber,
        startsAt: monday(hour(index)).toISOString(),
      }),
    );
  }
  t.clock.set(monday('07:50'));
  // The first is pregnant: a priority ticket (P001); the others are each their doctor's N001.
  for (const [index, id] of appointments.entries()) {
    const body = index === 0 ? { priority: true, priorityReason: 'pregnant' } : {};
    const checkedIn = await as(t, admin).post(`/api/v1/appointments/${id}/check-in`, body);
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
  }
  const created = await as(t, admin).post('/api/v1/display/tokens', { name: 'Recepção, térreo' });
  expect(created.statusCode).toBe(201);
  token = created.json();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function callIn(index: number) {
  t.clock.set(monday(hour(index)));
  const called = await as(t, admin).post(`/api/v1/appointments/${appointments[index]}/call`);
  expect(called.statusCode, called.body).toBe(200);
}

/** A screen as a TV opens it: the browser in English and in Lisbon, the clinic's are not. */
async function openScreen(viewport: { width: number; height: number }) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    locale: 'en-US',
    timezoneId: 'Europe/Lisbon',
    // The new call's flash stays out of the screenshots.
    reducedMotion: 'reduce',
  });
  await context.addInitScript(RECORD_SOUND);
  const page = await context.newPage();
  await page.goto(`/display?token=${token.token}`);
  return page;
}

/** How long a call may take to show: the "within 2 s". */
const SHOWN = { timeout: 2000 };
/** The chime (1.2 s) comes before the words. */
const SAID = { timeout: 4000 };
/** A page loading, or a connection coming back (the first retry waits a second). */
const SETTLED = { timeout: 8000 };

const ticket = (page: Page) => page.getByTestId('current-ticket').textContent();
const place = (page: Page) => page.getByTestId('current-place').textContent();
const status = (page: Page) => page.getByRole('status').first().textContent();

describe('the waiting-room screen', () => {
  it('shows and announces each call, keeps the last ones, recovers and ends when revoked', async () => {
    const tv = await openScreen(TV);
    // The secret leaves the address bar at once; the device keeps it for reloads.
    await tv.waitForURL((url) => !url.search.includes('token'));
    expect(
      await tv.evaluate<string | null>("localStorage.getItem('clinicdesk.displayToken')"),
    ).toBe(token.token);
    // In the clinic's language (pt-BR), not the browser's.
    await expect
      .poll(() => tv.locator('main').innerText(), SETTLED)
      .toContain('Ninguém foi chamado ainda hoje');
    expect(await tv.locator('html').getAttribute('lang')).toBe('pt-BR');
    expect(await tv.getByRole('heading', { level: 1 }).textContent()).toBe('Clínica São Lucas');
    await expect.poll(() => status(tv), SETTLED).toBe('Ao vivo');
    await screenshot(tv, 'display-empty.pt-BR.tv');
    expect(await seriousViolations(tv)).toEqual([]);

    // A key (a TV remote's OK) turns the sound on.
    const prompt = tv.getByRole('button', {
      name: 'Clique ou aperte qualquer tecla para ativar o som',
    });
    expect(await prompt.isVisible()).toBe(true);
    await tv.keyboard.press('Enter');
    await expect.poll(() => prompt.count()).toBe(0);
    expect(await tv.getByText('Som ativado').isVisible()).toBe(true);

    await callIn(0);
    await expect.poll(() => ticket(tv), SHOWN).toBe('P001');
    expect(await place(tv)).toBe('Consultório 3');
    expect(await tv.locator('main').innerText()).toContain('Dra. Beatriz Araújo · Cardiologia');
    await expect
      .poll(() => spoken(tv), SAID)
      .toEqual([{ text: 'Senha P 0 0 1, consultório 3', lang: 'pt-BR' }]);
    expect(await oscillators(tv)).toBeGreaterThan(0);

    // Without an office, the professional is named (on screen and aloud).
    await callIn(1);
    await expect.poll(() => ticket(tv), SHOWN).toBe('N001');
    expect(await place(tv)).toBe('Dr. Caio Moreira');
    const last = tv.getByTestId('last-calls').getByRole('listitem');
    await expect
      .poll(() => last.allInnerTexts())
      .toEqual([
        // Called at 08:00 in São Paulo (11:00 in Lisbon, where the browser is).
        expect.stringMatching(/^P001\s+Consultório 3\s+Chamada às 08:00$/),
      ]);
    await expect
      .poll(() => spoken(tv), SAID)
      .toEqual([
        { text: 'Senha P 0 0 1, consultório 3', lang: 'pt-BR' },
        { text: 'Senha N 0 0 1, Dr. Caio Moreira', lang: 'pt-BR' },
      ]);
    const shown = await tv.locator('body').innerText();
    for (const name of PATIENTS) expect(shown).not.toContain(name);
    await screenshot(tv, 'display.pt-BR.tv');
    expect(await seriousViolations(tv)).toEqual([]);

    // A screen switched on later shows the day so far, and says none of it.
    const laptop = await openScreen(LAPTOP);
    await expect.poll(() => ticket(laptop), SETTLED).toBe('N001');
    expect(await laptop.getByTestId('last-calls').innerText()).toMatch(/^P001/);
    await laptop.keyboard.press('Enter');
    await expect.poll(() => laptop.getByText('Som ativado').count()).toBe(1);
    expect(await spoken(laptop)).toEqual([]);
    await screenshot(laptop, 'display.pt-BR.laptop');
    expect(await seriousViolations(laptop)).toEqual([]);
    // On a phone (a desk's preview), everything stacks and still fits.
    await laptop.setViewportSize({ width: 360, height: 740 });
    expect(
      await laptop.evaluate<number>('document.documentElement.scrollWidth'),
    ).toBeLessThanOrEqual(360);
    await screenshot(laptop, 'display.pt-BR.mobile');
    await laptop.setViewportSize(LAPTOP);

    // The network drops: the screen says so, and on its return shows what was called meanwhile.
    await laptop.context().setOffline(true);
    await expect.poll(() => status(laptop), SETTLED).toBe('Reconectando…');
    await callIn(2);
    await laptop.context().setOffline(false);
    await expect.poll(() => status(laptop), SETTLED).toBe('Ao vivo');
    // Tickets count per professional: Dra. Elisa's first is N001 too. An office with a name of
    // its own is shown and said as it is.
    await expect.poll(() => place(laptop), SHOWN).toBe('Sala Azul');
    expect(await ticket(laptop)).toBe('N001');
    // The call it missed is still said once; the TV, connected throughout, said it too.
    await expect
      .poll(() => spoken(laptop), SAID)
      .toEqual([{ text: 'Senha N 0 0 1, Sala Azul', lang: 'pt-BR' }]);
    await expect.poll(async () => (await spoken(tv)).length, SAID).toBe(3);
    expect(
      (await laptop.getByTestId('last-calls').getByRole('listitem').allInnerTexts()).map(
        (text) => text.split(/\s/)[0],
      ),
    ).toEqual(['N001', 'P001']);
    expect(await tv.locator('main').innerText()).toContain('Dra. Elisa Prado · Pediatria');

    // Revoked: both screens stop and say why, and a reload does not bring them back.
    const revoked = await as(t, admin).delete(`/api/v1/display/tokens/${token.id}`);
    expect(revoked.statusCode).toBe(204);
    for (const page of [tv, laptop]) {
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SETTLED)
        .toBe('Esta tela não está mais autorizada');
      expect(await page.locator('main').innerText()).toContain('Peça um novo link à recepção.');
    }
    await screenshot(laptop, 'display-revoked.pt-BR.laptop');
    expect(await seriousViolations(laptop)).toEqual([]);
    await laptop.reload();
    await expect
      .poll(() => laptop.getByRole('heading', { level: 1 }).textContent(), SETTLED)
      .toBe('Esta tela não está mais autorizada');
    await tv.context().close();
    await laptop.context().close();
  }, 60_000);
});
