import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp, type TestUser } from '../helpers/app.js';
import { launchBrowser, screenshot, seriousViolations, viewports } from '../helpers/browser.js';
import { signInContext } from '../helpers/browser-session.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
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
let adminUser: TestUser;
let admin: Session;
let adminName: string;
let patient: SignedUpPatient;
/** The professional the admin registers in the browser (the first test). */
const NEW_PRO = '4321-RJ';

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-settings-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  adminUser = await t.createUser('admin');
  admin = await t.login(adminUser);
  const [me] = await t.database.sql<{ name: string }[]>`
    select name from users where id = ${adminUser.id}`;
  adminName = me!.name;
  patient = await signUpPatient(t, { name: 'Ana Souza' });
  const existing = await registerProfessional(t, admin, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Cardiologia',
    officeNumber: '3',
  });
  await setAvailability(t, admin, existing.councilNumber, WEEKDAY_MORNINGS);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

/** A desktop context signed in as `user`, its account in `language`. */
async function signedIn(
  user: { email: string; password: string },
  language: 'en' | 'pt-BR',
): Promise<BrowserContext> {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale: language,
    viewport: viewports.desktop,
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
  context.setDefaultTimeout(10_000);
  await signInContext(context, user);
  await context.request.patch('/api/v1/auth/me', {
    data: { language },
    headers: { 'x-csrf-token': await csrf(context) },
  });
  return context;
}

async function csrf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find(({ name }) => name === 'clinicdesk_csrf');
  return cookie ? decodeURIComponent(cookie.value) : '';
}

/** Pages answer slowly on a busy machine: each step may take a few seconds. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const mainText = (page: Page) => page.locator('main').innerText();

// Each walk takes about 10 s; more than the default 30 s when the machine is busy.
describe('the clinic settings in a real browser', { timeout: 60_000 }, () => {
  // The longest walk of the file (two forms, three axe runs): more than the default 30 s when
  // the machine is busy.
  it(
    'registers a professional in the browser and sets their working hours',
    { timeout: 60_000 },
    async () => {
      const context = await signedIn(adminUser, 'en');
      try {
        const page = await context.newPage();
        await page.goto('/settings/professionals');
        await eventually(() => heading(page)).toBe('Professionals');
        await eventually(() => mainText(page)).toContain('Dra. Beatriz Araújo');

        await page.getByRole('link', { name: 'Register a professional' }).click();
        await page.waitForURL('**/settings/professionals/new');
        await page.getByLabel(/^Full name/).fill('Dr. Rafael Nogueira');
        await page.getByLabel(/^E-mail/).fill('rafael.nogueira@example.com');
        await page.getByLabel(/^Password/).fill('rafael-password-1');
        await page.getByLabel(/^Mobile phone/).fill('(21) 97777-6666');
        await page.getByRole('combobox', { name: 'Specialty' }).fill('Dermatologia');
        await page.keyboard.press('Escape');
        await page.getByLabel(/^Council number/).fill('4321');
        await page.getByLabel(/^CEP/).fill('20031-170');
        await page.getByLabel(/^Number/).fill('100');
        await page.getByLabel(/^Room/).fill('5');
        // The state comes from the CEP, and with it the council number's suffix.
        await eventually(() => mainText(page)).toContain(`The number will be ${NEW_PRO}.`);
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Register the professional' }).click();
        await page.waitForURL(`**/settings/professionals/${NEW_PRO}`);
        await expect
          .poll(() => page.getByRole('status').first().innerText())
          .toContain('Dr. Rafael Nogueira is registered');
        const [row] = await t.database.sql<{ specialty: string; office: string }[]>`
        select s.name as specialty, p.office_number as office from professionals p
        join specialties s on s.key = p.specialty_key where p.council_number = ${NEW_PRO}`;
        expect(row).toEqual({ specialty: 'Dermatologia', office: '5' });

        // His working hours, on the schedule page: weekday mornings (a new interval is 08:00–12:00).
        await page.getByRole('link', { name: 'Working hours and time off' }).click();
        await page.waitForURL(`**/settings/professionals/${NEW_PRO}/schedule`);
        await expect
          .poll(() => heading(page))
          .toBe('Working hours and time off: Dr. Rafael Nogueira');
        for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
          await page.getByRole('button', { name: `Add hours on ${day}` }).click();
        }
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByRole('button', { name: 'Save working hours' }).click();
        await eventually(() => mainText(page)).toContain('Working hours saved.');
        const hours = await as(t, admin).get(`/api/v1/professionals/${NEW_PRO}/availability`);
        expect(hours.json<{ weekly: unknown[] }>().weekly).toEqual(
          WEEKDAY_MORNINGS.weekly.map((range) => expect.objectContaining(range)),
        );
      } finally {
        await context.close();
      }
    },
  );

  it('lists the new professional, and a patient then sees their free times', async () => {
    const context = await signedIn(adminUser, 'en');
    const portal = await signedIn(patient, 'en');
    try {
      const page = await context.newPage();
      await page.goto('/settings/professionals');
      await eventually(() => mainText(page)).toContain('Dr. Rafael Nogueira');
      const newRow = page.getByRole('row', { name: /Dr\. Rafael Nogueira/ });
      expect(await newRow.innerText()).toMatch(/Dermatologia\s+4321-RJ\s+5\s+Active/i);
      await screenshot(page, 'settings-professionals.en.desktop');
      expect(await seriousViolations(page)).toEqual([]);
      // The search narrows the table.
      await page.getByLabel('Search by name or council number').fill('Rafael');
      await eventually(() => page.getByRole('row').count()).toBe(2);

      // A patient's booking page now offers his free times (Monday 7 December, 08:00 on).
      const booking = await portal.newPage();
      await booking.goto(`/book?professional=${NEW_PRO}`);
      await booking.getByRole('button', { name: '8:00 AM', exact: true }).waitFor();
      expect(await mainText(booking)).toContain('Dr. Rafael Nogueira');
    } finally {
      await context.close();
      await portal.close();
    }
  });

  it('refuses a deactivation while an appointment remains, lists it, then deactivates', async () => {
    t.clock.set(SUNDAY_MORNING);
    const appointment = await bookAppointment(t, patient.session, {
      professional: NEW_PRO,
      startsAt: '2026-12-07T09:00:00-03:00',
    });
    const context = await signedIn(adminUser, 'en');
    try {
      const page = await context.newPage();
      await page.goto(`/settings/professionals/${NEW_PRO}`);
      await eventually(() => heading(page)).toBe('Edit Dr. Rafael Nogueira');
      // An edit first: he moves to room 7.
      await page.getByLabel(/^Room/).fill('7');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await eventually(() => mainText(page)).toContain('Saved.');
      const [moved] = await t.database.sql<{ office: string }[]>`
        select office_number as office from professionals where council_number = ${NEW_PRO}`;
      expect(moved!.office).toBe('7');

      await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: 'Deactivate the professional' })
        .click();
      await expect
        .poll(() => page.getByRole('alert').first().innerText())
        .toContain('The professional has appointments ahead; cancel or move them first.');
      await eventually(() => mainText(page)).toContain('1 appointment ahead');
      const listed = await mainText(page);
      expect(listed).toMatch(/December 7.*9:00\sAM/);
      expect(listed).toContain('Ana Souza');
      const move = page.getByRole('link', { name: /^Move the appointment of Ana Souza/ });
      expect(await move.getAttribute('href')).toBe(`/desk/book?reschedule=${appointment}`);
      await screenshot(page, 'settings-professional.en.desktop');
      expect(await seriousViolations(page)).toEqual([]);

      // Cancelled in place, with a reason; then the deactivation goes through.
      await page.getByRole('button', { name: /^Cancel the appointment of Ana Souza/ }).click();
      await page.getByLabel(/^Reason for cancelling/).fill('Dr. Rafael leaves the clinic');
      await page.getByRole('button', { name: 'Cancel the appointment', exact: true }).click();
      await eventually(() => mainText(page)).toContain('No appointment is left ahead.');
      const [cancelled] = await t.database.sql<{ status: string; cancel_reason: string }[]>`
        select status, cancel_reason from appointments where id = ${appointment}`;
      expect(cancelled).toEqual({
        status: 'cancelled',
        cancel_reason: 'Dr. Rafael leaves the clinic',
      });
      await page.getByRole('button', { name: 'Try to deactivate again' }).click();
      await expect
        .poll(() => page.getByRole('status').first().innerText())
        .toContain('Dr. Rafael Nogueira is deactivated.');
      expect(await seriousViolations(page)).toEqual([]);
      const [user] = await t.database.sql<{ active: boolean }[]>`
        select u.active from users u join professionals p on p.user_id = u.id
        where p.council_number = ${NEW_PRO}`;
      expect(user!.active).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('registers an admin, deactivates them, and says why the last admin cannot go', async () => {
    const context = await signedIn(adminUser, 'en');
    try {
      const page = await context.newPage();
      await page.goto('/settings/admins');
      await eventually(() => heading(page)).toBe('Admins');
      await page.getByRole('button', { name: 'Register an admin' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/^Name/).fill('Diego Martins');
      await dialog.getByLabel(/^E-mail/).fill('diego.martins@example.com');
      await dialog.getByLabel(/^Phone/).fill('(21) 3333-4444');
      await dialog.getByLabel(/^Password/).fill('short');
      await dialog.getByRole('button', { name: 'Register an admin' }).click();
      await eventually(() => dialog.innerText()).toContain('Use at least 8 characters.');
      await dialog.getByLabel(/^Password/).fill('diego-password-1');
      expect(await seriousViolations(page, '[role=dialog]')).toEqual([]);
      await dialog.getByRole('button', { name: 'Register an admin' }).click();
      await eventually(() => mainText(page)).toContain('Diego Martins is registered.');
      const diego = page.getByRole('row', { name: /Diego Martins/ });
      // Badges are upper case on screen: their text is what the test compares.
      expect(await diego.textContent()).toContain('Active');
      expect(await diego.textContent()).toContain('(21) 3333-4444');
      // The new admin signs in with that password.
      await t.login({ email: 'diego.martins@example.com', password: 'diego-password-1' });

      await page.getByRole('button', { name: 'Deactivate Diego Martins' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Deactivate the admin' }).click();
      await eventually(() => mainText(page)).toContain('Diego Martins is deactivated.');
      await eventually(() => diego.textContent()).toContain('Deactivated');
      await screenshot(page, 'settings-admins.en.desktop');
      expect(await seriousViolations(page)).toEqual([]);

      // Now the signed-in admin is the last active one: the API's reason is shown.
      await page.getByRole('button', { name: `Deactivate ${adminName}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Deactivate the admin' }).click();
      await expect
        .poll(() => page.getByRole('dialog').getByRole('alert').innerText())
        .toContain('This is the last active admin; register another admin first.');
      const [still] = await t.database.sql<{ active: boolean }[]>`
        select active from users where id = ${adminUser.id}`;
      expect(still!.active).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('creates a waiting-room screen link shown once with its QR code, lists it, revokes it', async () => {
    const context = await signedIn(adminUser, 'en');
    try {
      const page = await context.newPage();
      await page.goto('/settings/displays');
      await eventually(() => heading(page)).toBe('Waiting-room screens');
      await eventually(() => mainText(page)).toContain('No screen yet.');
      await page.getByLabel(/^Where the screen is/).fill('Waiting room, 2nd floor');
      await page.getByRole('button', { name: 'Create a screen link' }).click();
      const dialog = page.getByRole('dialog');
      await eventually(() => dialog.innerText()).toContain('This link is shown only now.');
      const url = await dialog.getByRole('textbox', { name: 'The screen’s address' }).inputValue();
      expect(url).toMatch(new RegExp(`^${baseUrl}/display\\?token=.+`));
      await dialog
        .getByRole('img', { name: 'QR code of the screen’s address' })
        .locator('svg')
        .waitFor();
      await screenshot(page, 'settings-displays.en.desktop');
      expect(await seriousViolations(page, '[role=dialog]')).toEqual([]);
      // The token in the URL is the screen's: its event stream accepts it.
      const token = decodeURIComponent(new URL(url).searchParams.get('token')!);
      const [stored] = await t.database.sql<{ count: number }[]>`
        select count(*)::int as count from display_tokens where revoked_at is null`;
      expect(stored!.count).toBe(1);
      await dialog.getByRole('button', { name: 'I have opened or saved it' }).click();
      await eventually(() => dialog.count()).toBe(0);
      // Once closed, the token is nowhere on the page.
      expect(await page.content()).not.toContain(token);

      const row = page.getByRole('row', { name: /Waiting room, 2nd floor/ });
      expect(await row.textContent()).toContain('Active');
      await page
        .getByRole('button', { name: 'Revoke the link of Waiting room, 2nd floor' })
        .click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke the link' }).click();
      await eventually(() => row.textContent()).toMatch(/Revoked on December 6, 2026/);
      expect(await seriousViolations(page)).toEqual([]);
      const listed = await as(t, admin).get('/api/v1/display/tokens');
      expect(
        listed.json<{ items: { revokedAt: string | null }[] }>().items[0]!.revokedAt,
      ).not.toBeNull();
    } finally {
      await context.close();
    }
  });

  it('shows the professionals in Brazilian Portuguese', async () => {
    const context = await signedIn(adminUser, 'pt-BR');
    try {
      const page = await context.newPage();
      await page.goto('/settings/professionals');
      await eventually(() => heading(page)).toBe('Profissionais');
      await eventually(() => mainText(page)).toContain('Dra. Beatriz Araújo');
      const text = await mainText(page);
      for (const shown of [
        'Cadastrar profissional',
        'Consultório',
        'Especialidade',
        '1 profissional',
      ]) {
        expect(text).toContain(shown);
      }
      await screenshot(page, 'settings-professionals.pt-BR.desktop');
      expect(await seriousViolations(page)).toEqual([]);
      // A phone's width: the table scrolls sideways inside the page, the page itself does not.
      await page.setViewportSize(viewports.mobile);
      await screenshot(page, 'settings-professionals.pt-BR.mobile');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        viewports.mobile.width,
      );
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
