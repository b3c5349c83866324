import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { launchBrowser, viewports } from '../helpers/browser.js';
import { signInContext } from '../helpers/browser-session.js';
import { as } from '../helpers/requests.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { SAO_PAULO_CLINIC, SUNDAY_MORNING } from '../helpers/scheduling.js';
import { WEB_ROOT } from '../helpers/web-root.js';

let t: TestApp;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
let admin: { email: string; password: string };
let professional: Awaited<ReturnType<typeof registerProfessional>>;
let patient: SignedUpPatient;
/** An admin whose account reads Portuguese (the clinic's default). */
let portugueseAdmin: { email: string; password: string };

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-navigation-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  admin = await t.createUser('admin');
  professional = await registerProfessional(t, await t.login(admin));
  patient = await signUpPatient(t);
  // Signed in, a user's own language rules; these three read English.
  for (const session of [await t.login(admin), professional.session, patient.session]) {
    expect((await as(t, session).patch('/api/v1/auth/me', { language: 'en' })).statusCode).toBe(
      200,
    );
  }
  portugueseAdmin = await t.createUser('admin');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function pageAs(user: { email: string; password: string } | null, locale = 'en') {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale,
    viewport: viewports.desktop,
  });
  if (user) await signInContext(context, user);
  return context.newPage();
}

const navLinks = (page: Page, name: string) =>
  page.getByRole('navigation', { name }).getByRole('link').allInnerTexts();

describe('the web app’s navigation by role', () => {
  it('sends a signed-out visitor to sign in and back to the page they asked for', async () => {
    const page = await pageAs(null);
    try {
      await page.goto('/desk/patients?q=Maria');
      await page.waitForURL('**/sign-in?next=%2Fdesk%2Fpatients%3Fq%3DMaria');
      await page.getByLabel(/^E-mail/).fill(admin.email);
      await page.getByLabel(/^Password/).fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/desk/patients?q=Maria');
      // A link to another site is never followed: the start page instead.
      await page.context().clearCookies();
      await page.goto('/sign-in?next=%2F%2Fevil.example%2F');
      await page.getByLabel(/^E-mail/).fill(admin.email);
      await page.getByLabel(/^Password/).fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${baseUrl}/desk`);
    } finally {
      await page.context().close();
    }
  });

  it('starts each role on its own page, with its own links', async () => {
    const expected = [
      [admin, '/desk', ['Board', 'Patients', 'Book', 'Lab reports', 'Settings']],
      [professional, '/day', ['My day', 'My schedule']],
      [patient, '/dashboard', ['Home', 'Book', 'Appointments', 'My records', 'My profile']],
    ] as const;
    for (const [user, start, links] of expected) {
      const page = await pageAs(user);
      try {
        await page.goto('/');
        await page.waitForURL(`${baseUrl}${start}`);
        const label = user === patient ? 'Your pages' : 'Staff pages';
        await expect.poll(() => navLinks(page, label)).toEqual(links);
      } finally {
        await page.context().close();
      }
    }
  });

  it('tells a user when a page is another role’s, in their language', async () => {
    const cases = [
      [patient, '/desk', 'en', 'This page is not for your account'],
      [patient, '/settings/admins', 'en', 'This page is not for your account'],
      [professional, '/desk/patients', 'en', 'This page is not for your account'],
      [admin, '/records', 'en', 'This page is not for your account'],
      [portugueseAdmin, '/day', 'pt-BR', 'Esta página não é para a sua conta'],
    ] as const;
    for (const [user, url, locale, heading] of cases) {
      const page = await pageAs(user, locale);
      try {
        await page.goto(url);
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { message: url })
          .toBe(heading);
      } finally {
        await page.context().close();
      }
    }
  });

  it('opens the settings on their first section, with a tab per section', async () => {
    const page = await pageAs(admin);
    try {
      await page.goto('/settings');
      await page.waitForURL('**/settings/professionals');
      const tabs = page.getByRole('tablist', { name: 'Settings pages' }).getByRole('tab');
      await expect
        .poll(() => tabs.allInnerTexts())
        .toEqual(['Professionals', 'Admins', 'Waiting-room screens', 'Messages sent', 'Audit log']);
      await page.getByRole('tab', { name: 'Audit log' }).click();
      await page.waitForURL('**/settings/audit');
      // The section's page is a chunk of its own: its tabs show once it has loaded.
      await expect
        .poll(() => page.getByRole('tab', { name: 'Audit log' }).getAttribute('aria-selected'))
        .toBe('true');
    } finally {
      await page.context().close();
    }
  });
});
