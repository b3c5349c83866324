import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import {
  launchBrowser,
  screenshot,
  seriousViolations,
  viewports,
  type Viewport,
} from '../helpers/browser.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
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
let dataDir: string;
let baseUrl: string;
let browser: Browser;
let admin: Session;
let patient: SignedUpPatient;
let helena: RegisteredProfessional;
let paulo: RegisteredProfessional;

async function listen(app: TestApp): Promise<string> {
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-directory-web-'));
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    DATA_DIR: dataDir,
    CLINIC_NAME: 'Clínica São Lucas',
  });
  baseUrl = await listen(t);
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  patient = await signUpPatient(t, { name: 'Ana Conceição' });
  helena = await registerProfessional(t, admin, {
    name: 'Dra. Helena Prado',
    specialty: 'Cardiologia',
    experienceYears: 15,
    officeNumber: '204',
    bio: 'Cardiologista clínica, cuida de hipertensão e de arritmias.',
  });
  paulo = await registerProfessional(t, admin, {
    name: 'Dr. Paulo Mendes',
    specialty: 'Pediatria',
    experienceYears: 1,
  });
  for (const professional of [helena, paulo]) {
    await setAvailability(t, admin, professional.councilNumber, WEEKDAY_MORNINGS);
  }
  const photo = await sharp({
    create: { width: 96, height: 96, channels: 3, background: '#7aa7c7' },
  })
    .jpeg()
    .toBuffer();
  const boundary = 'directoryboundary';
  const uploaded = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/professionals/${helena.councilNumber}/photo`,
    headers: {
      ...bearer(admin),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="h.jpg"\r\n` +
          'Content-Type: image/jpeg\r\n\r\n',
      ),
      photo,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(uploaded.statusCode).toBe(204);
  // Her first morning is taken: the directory shows her next free times after it.
  await bookAppointment(t, admin, {
    professional: helena.councilNumber,
    patient: patient.registerNumber,
    startsAt: '2026-12-07T08:00:00-03:00',
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const texts = {
  'pt-BR': {
    title: 'Nossos profissionais',
    all: 'Todas',
    about: 'Cardiologia · 15 anos de experiência · Consultório 204',
    aboutPaulo: 'Pediatria · 1 ano de experiência',
    // Monday 7 December in São Paulo, whatever the browser's zone: 08:00 is taken.
    helenaFirst: /segunda-feira, 7 de dezembro.*08:30/,
    pauloFirst: /segunda-feira, 7 de dezembro.*08:00/,
    signInToBook: (name: string) => `Entre para marcar com ${name}`,
    book: (name: string) => `Marcar com ${name}`,
    headerLink: 'Profissionais',
    signInLink: 'Veja nossos profissionais e seus horários livres',
    signIn: 'Entrar',
    notPublic: 'O diretório não é público',
    none: 'Ainda não há profissionais.',
    offline: 'Parece que você está sem conexão',
  },
  en: {
    title: 'Our professionals',
    all: 'All',
    about: 'Cardiologia · 15 years of experience · Room 204',
    aboutPaulo: 'Pediatria · 1 year of experience',
    helenaFirst: /Monday, December 7.* 8:30\sAM/,
    pauloFirst: /Monday, December 7.* 8:00\sAM/,
    signInToBook: (name: string) => `Sign in to book with ${name}`,
    book: (name: string) => `Book with ${name}`,
    headerLink: 'Professionals',
    signInLink: 'See our professionals and their free times',
    signIn: 'Sign in',
    notPublic: 'The directory is not public',
    none: 'No professionals yet.',
    offline: 'You seem to be offline',
  },
} as const;
type Language = keyof typeof texts;

function contextFor(url: string, language: Language, viewport: Viewport) {
  return browser.newContext({
    reducedMotion: 'reduce',
    baseURL: url,
    locale: language,
    viewport: viewports[viewport],
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
}

const card = (page: Page, name: string) => page.locator('article').filter({ hasText: name });

async function withPage(
  url: string,
  language: Language,
  viewport: Viewport,
  test: (page: Page, context: BrowserContext) => Promise<void>,
) {
  const context = await contextFor(url, language, viewport);
  try {
    await test(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

describe('the public directory in a real browser', () => {
  for (const language of ['pt-BR', 'en'] as const) {
    for (const viewport of ['mobile', 'desktop'] as const) {
      it(`lists the professionals with their next free times, signed out (${language}, ${viewport})`, async () => {
        await withPage(baseUrl, language, viewport, async (page) => {
          const text = texts[language];
          // From the sign-in page, as a visitor of the clinic's website would come.
          await page.goto('/sign-in');
          await page.getByRole('link', { name: text.signInLink }).click();
          await page.waitForURL('**/professionals');
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.title);
          const helenaCard = card(page, 'Dra. Helena Prado');
          const pauloCard = card(page, 'Dr. Paulo Mendes');
          await expect.poll(() => helenaCard.innerText()).toMatch(text.helenaFirst);
          await expect.poll(() => pauloCard.innerText()).toMatch(text.pauloFirst);
          expect(await helenaCard.innerText()).toContain(text.about);
          expect(await helenaCard.innerText()).not.toMatch(/08:00|8:00\sAM/);
          expect(await helenaCard.getByRole('listitem').count()).toBe(3);
          expect(await pauloCard.innerText()).toContain(text.aboutPaulo);
          // Her photo is shown (and loaded); he has none: a neutral placeholder, no broken image.
          await expect
            .poll(() =>
              // The test's types have no DOM: the element's own width, as the browser decoded it.
              helenaCard
                .locator('img')
                .evaluate((img) => (img as { naturalWidth: number }).naturalWidth),
            )
            .toBeGreaterThan(0);
          expect(await pauloCard.locator('img').count()).toBe(0);
          // Signed out, booking starts with signing in.
          const book = page.getByRole('link', { name: text.signInToBook('Dra. Helena Prado') });
          expect(await book.getAttribute('href')).toBe('/sign-in');
          expect(await page.getByRole('link', { name: text.headerLink }).count()).toBe(1);
          await screenshot(page, `directory.${language}.${viewport}`);
          expect(await seriousViolations(page)).toEqual([]);

          // The specialty filter, by keyboard: only the paediatrician is left.
          await page.getByRole('radio', { name: 'Pediatria' }).focus();
          await page.keyboard.press('Space');
          await page.waitForURL('**/professionals?specialty=Pediatria');
          await expect.poll(() => helenaCard.count()).toBe(0);
          expect(await pauloCard.count()).toBe(1);
          expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
            'Pediatria',
          ]);
          expect(await seriousViolations(page)).toEqual([]);
          await page.getByRole('radio', { name: text.all }).focus();
          await page.keyboard.press('Space');
          await expect.poll(() => helenaCard.count()).toBe(1);
        });
      });
    }
  }

  it('offers a signed-in patient the booking page with the professional chosen', async () => {
    const session = await t.login(patient);
    await withPage(baseUrl, 'en', 'desktop', async (page, context) => {
      await context.addCookies(
        session.cookie.split('; ').map((pair) => {
          const [name, ...value] = pair.split('=');
          return { name: name!, value: value.join('='), url: baseUrl };
        }),
      );
      await page.goto('/professionals?specialty=Cardiologia');
      const book = page.getByRole('link', { name: texts.en.book('Dra. Helena Prado') });
      await expect.poll(() => book.count()).toBe(1);
      expect(await book.getAttribute('href')).toBe(
        `/book?professional=${encodeURIComponent(helena.councilNumber)}`,
      );
      // The header's link is for visitors; a patient has the navigation.
      expect(await page.getByRole('link', { name: texts.en.headerLink }).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('says when the connection drops', async () => {
    await withPage(baseUrl, 'en', 'mobile', async (page, context) => {
      await page.goto('/professionals?specialty=Cardiologia');
      await expect.poll(() => card(page, 'Dra. Helena Prado').count()).toBe(1);
      await context.setOffline(true);
      await page.getByRole('radio', { name: 'Pediatria' }).focus();
      await page.keyboard.press('Space');
      await expect
        .poll(() => page.locator('main').innerText(), { timeout: 15_000 })
        .toContain(texts.en.offline);
      await context.setOffline(false);
    });
  });

  it('says it is not public with PUBLIC_DIRECTORY=false, and links to sign-in', async () => {
    const closed = await createTestApp(
      { ...SAO_PAULO_CLINIC, DATA_DIR: dataDir, PUBLIC_DIRECTORY: 'false' },
      t,
    );
    try {
      const closedUrl = await listen(closed);
      for (const language of ['pt-BR', 'en'] as const) {
        await withPage(closedUrl, language, 'mobile', async (page) => {
          const text = texts[language];
          await page.goto('/professionals');
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.notPublic);
          expect(await page.locator('main').innerText()).not.toContain('Helena');
          await screenshot(page, `directory-not-public.${language}.mobile`);
          expect(await seriousViolations(page)).toEqual([]);
          await page.getByRole('link', { name: text.signIn, exact: true }).last().click();
          await page.waitForURL('**/sign-in');
          // Neither the sign-in page nor the header offer the directory then.
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.signIn);
          expect(await page.getByRole('link', { name: text.signInLink }).count()).toBe(0);
          expect(await page.getByRole('link', { name: text.headerLink }).count()).toBe(0);
        });
      }
    } finally {
      await closed.close();
    }
  });

  it('says when the clinic has no professionals yet', async () => {
    const empty = await createTestApp(SAO_PAULO_CLINIC);
    try {
      const emptyUrl = await listen(empty);
      for (const language of ['pt-BR', 'en'] as const) {
        await withPage(emptyUrl, language, 'mobile', async (page) => {
          await page.goto('/professionals');
          await expect.poll(() => page.locator('main').innerText()).toContain(texts[language].none);
          expect(await seriousViolations(page)).toEqual([]);
        });
      }
    } finally {
      await empty.close();
    }
  });
});
