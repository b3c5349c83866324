import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
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
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { consultation } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import { SAO_PAULO_CLINIC, setAvailability, WEEKDAY_MORNINGS } from '../helpers/scheduling.js';
import { WEB_ROOT } from '../helpers/web-root.js';

const PUBLIC_URL = 'https://clinica.example.com.br';
/** A code of the right form that no prescription has. */
const UNKNOWN = '0000-0000-0000-0000';

let t: TestApp;
let baseUrl: string;
let browser: Browser;
let councilNumber: string;
/** The paths the QR codes of the two prescriptions lead to. */
let validPath: string;
let revokedPath: string;
let validCode: string;

interface Issued {
  id: string;
  verificationCode: string;
  verificationUrl: string;
}

async function prescribe(pro: Session, appointmentId: string, drugs: string[]): Promise<Issued> {
  const response = await as(t, pro).post(`/api/v1/appointments/${appointmentId}/prescriptions`, {
    items: drugs.map((drug) => ({ drug, dosage: '1 comprimido', instructions: 'Pela manhã.' })),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Issued>();
}

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    CLINIC_NAME: 'Clínica São Lucas',
    CLINIC_PHONE: '(21) 2556-4410',
    PUBLIC_URL,
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const admin = await t.login(await t.createUser('admin'));
  const patient = await signUpPatient(t, { name: 'Ana da Conceição' });
  const pro = await registerProfessional(t, admin, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Cardiologia',
  });
  councilNumber = pro.councilNumber;
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  // Issued at the end of each consultation: Monday 7 December, 08:00 and 09:00 in São Paulo.
  const first = await consultation(t, admin, patient, pro, '2026-12-07T08:00');
  const valid = await prescribe(pro.session, first, ['Losartana 50 mg', 'Hidroclorotiazida 25 mg']);
  const second = await consultation(t, admin, patient, pro, '2026-12-07T09:00');
  const revoked = await prescribe(pro.session, second, ['Dipirona 500 mg']);
  t.clock.set(new Date('2026-12-07T10:15:00-03:00'));
  const revoking = await as(t, pro.session).post(`/api/v1/prescriptions/${revoked.id}/revoke`, {
    reason: 'Dose errada',
  });
  expect(revoking.statusCode, revoking.body).toBe(200);
  // The QR code and the printed address lead to the web app's page, not to the API's JSON.
  for (const issued of [valid, revoked])
    expect(issued.verificationUrl).toBe(
      `${PUBLIC_URL}/prescriptions/verify/${issued.verificationCode}`,
    );
  validPath = new URL(valid.verificationUrl).pathname;
  revokedPath = new URL(revoked.verificationUrl).pathname;
  validCode = valid.verificationCode;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const texts = {
  'pt-BR': {
    title: 'Verificar uma receita',
    valid: 'Receita válida',
    revoked: 'Receita revogada',
    issued: 'Emitida em7 de dezembro de 2026, às 08:00',
    revokedOn:
      'Não a dispense: o profissional revogou esta receita em 7 de dezembro de 2026, às 10:15.',
    initials: 'A. C. (só as iniciais)',
    items: 'Itens2 itens',
    council: 'Registro no conselho',
    unknown: 'Nenhuma receita tem este código',
    unknownHelp: 'ligue para a clínica: (21) 2556-4410',
    codeLabel: 'Código da receita',
    submit: 'Verificar',
    invalid: 'Um código tem 16 letras e números',
    tooMany: 'Verificações demais desta conexão',
    offline: 'Ainda não foi possível verificar o código',
  },
  en: {
    title: 'Check a prescription',
    valid: 'Valid prescription',
    revoked: 'Revoked prescription',
    issued: 'Issued onDecember 7, 2026 at 8:00 AM',
    revokedOn:
      'Do not dispense it: the professional revoked this prescription on December 7, 2026 at 10:15 AM.',
    initials: 'A. C. (initials only)',
    items: 'Items2 items',
    council: 'Council no.',
    unknown: 'No prescription has this code',
    unknownHelp: 'call the clinic: (21) 2556-4410',
    codeLabel: 'Code on the prescription',
    submit: 'Check',
    invalid: 'A code has 16 letters and digits',
    tooMany: 'Too many checks from this connection',
    offline: 'The code could not be checked yet',
  },
} as const;
type Language = keyof typeof texts;

async function contextFor(language: Language, viewport: Viewport) {
  return browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale: language,
    viewport: viewports[viewport],
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
}

/** The page's main text, its white space collapsed (a table row runs label and value together). */
async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

/** How long an answer may take on a busy machine. */
const soon = { timeout: 10_000 };

const answer = (page: Page) => page.getByRole('heading', { level: 2 }).first().textContent();

describe('the prescription check page, signed out, in a real browser', () => {
  for (const language of ['pt-BR', 'en'] as const) {
    for (const viewport of ['mobile', 'desktop'] as const) {
      it(`reads a valid, a revoked and an unknown code, and one typed (${language}, ${viewport})`, async () => {
        const text = texts[language];
        const context = await contextFor(language, viewport);
        try {
          const page = await context.newPage();
          await page.goto(validPath);
          await expect.poll(() => answer(page), soon).toContain(text.valid);
          expect(await page.locator('html').getAttribute('lang')).toBe(language);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(text.title);
          const shown = await mainText(page);
          for (const expected of [
            text.issued,
            'Dra. Beatriz Araújo',
            `${text.council}${councilNumber}`,
            'Cardiologia',
            text.initials,
            text.items,
            validCode,
          ])
            expect(shown.replace(/ /g, ''), expected).toContain(expected.replace(/ /g, ''));
          // Only what the paper shows: never the patient's name nor the drugs.
          expect(shown).not.toMatch(/Conceição|Losartana/);
          await screenshot(page, `prescription-check.${language}.${viewport}`);
          expect(await seriousViolations(page)).toEqual([]);

          // Revoked, reached as a pharmacist may type it in the address bar: lower case, no
          // dashes. The page shows it as printed.
          await page.goto(revokedPath.toLowerCase().replace(/-/g, ''));
          await expect.poll(() => answer(page), soon).toContain(text.revoked);
          expect(new URL(page.url()).pathname).toBe(revokedPath);
          expect(await mainText(page)).toContain(text.revokedOn);
          expect(await seriousViolations(page)).toEqual([]);

          await page.goto(`/prescriptions/verify/${UNKNOWN}`);
          await expect
            .poll(() => page.getByRole('main').textContent(), soon)
            .toContain(text.unknown);
          expect(await mainText(page)).toContain(text.unknownHelp);
          // The code looked up, to hold against the paper.
          expect(await mainText(page)).toContain(UNKNOWN);
          expect(await seriousViolations(page)).toEqual([]);

          // Typed by hand, from a badly scanned paper: a wrong one is refused in place, without
          // asking the API; a right one in any case and spacing is checked.
          await page.goto('/prescriptions/verify');
          const field = page.getByLabel(new RegExp(`^${text.codeLabel}`));
          await field.fill('7KQ2-M9XD');
          await page.getByRole('button', { name: text.submit, exact: true }).click();
          await expect.poll(() => mainText(page), soon).toContain(text.invalid);
          expect(await field.getAttribute('aria-invalid')).toBe('true');
          expect(await seriousViolations(page)).toEqual([]);
          await field.fill(` ${validCode.toLowerCase().replace(/-/g, ' ')} `);
          await field.press('Enter');
          await page.waitForURL(`**${validPath}`);
          await expect.poll(() => answer(page), soon).toContain(text.valid);
          expect(await seriousViolations(page)).toEqual([]);
        } finally {
          await context.close();
        }
      }, 120_000);
    }
  }

  it('says when the connection is down', async () => {
    for (const language of ['pt-BR', 'en'] as const) {
      const context = await contextFor(language, 'mobile');
      try {
        const page = await context.newPage();
        const text = texts[language];
        await page.goto('/prescriptions/verify');
        await page.getByLabel(new RegExp(`^${text.codeLabel}`)).fill(validCode);
        await context.setOffline(true);
        await page.getByRole('button', { name: text.submit, exact: true }).click();
        await expect.poll(() => page.getByRole('main').textContent(), soon).toContain(text.offline);
        expect(await seriousViolations(page)).toEqual([]);
        await context.setOffline(false);
        // Back online, it gets its answer without the pharmacist doing anything.
        await expect.poll(() => answer(page), { timeout: 15_000 }).toContain(text.valid);
      } finally {
        await context.close();
      }
    }
  }, 120_000);

  // Last: it spends this client's checks for the minute.
  it('says when this client checked too many codes', async () => {
    // Spent again before each language: the minute's window may end between the two pages.
    const spendChecks = async () => {
      for (let tries = 0; tries < 40; tries += 1) {
        const response = await fetch(`${baseUrl}/api/v1/prescriptions/verify/${UNKNOWN}`);
        await response.arrayBuffer(); // read: an unread answer holds its connection open
        if (response.status === 429) return;
        expect(response.status).toBe(404);
      }
      throw new Error('40 checks in a row were never refused');
    };
    for (const language of ['pt-BR', 'en'] as const) {
      const context = await contextFor(language, 'mobile');
      try {
        const page = await context.newPage();
        // On a slow machine the minute may also end between spending and the page's own
        // check, which is then allowed: spent again and asked again once, then it must show.
        for (let attempt = 1; ; attempt += 1) {
          await spendChecks();
          await page.goto(validPath);
          const shown = expect
            .poll(() => page.getByRole('main').textContent(), soon)
            .toContain(texts[language].tooMany);
          if (attempt === 2) {
            await shown;
            break;
          }
          if (await shown.then(() => true).catch(() => false)) break;
        }
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 60_000);
});
