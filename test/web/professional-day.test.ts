import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { signInContext } from '../helpers/browser-session.js';
import { launchBrowser, screenshot, seriousViolations, viewports } from '../helpers/browser.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { consultation } from '../helpers/records.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  SAO_PAULO_CLINIC,
  setAvailability,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';
import { WEB_ROOT } from '../helpers/web-root.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;
let admin: Session;
let pro: RegisteredProfessional;
const ids: Record<'ana' | 'bruna' | 'carla', string> = { ana: '', bruna: '', carla: '' };

const tuesday = (time: string) => new Date(`2026-12-08T${time}:00-03:00`);

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  t = await createTestApp({ ...SAO_PAULO_CLINIC, CLINIC_NAME: 'Clínica São Lucas' });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  admin = await t.login(await t.createUser('admin'));
  pro = await registerProfessional(t, admin, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Clínica Geral',
    officeNumber: '3',
  });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const ana = await signUpPatient(t, { name: 'Ana Conceição', birthDate: '1990-05-17' });
  const bruna = await signUpPatient(t, { name: 'Bruna Lima', birthDate: '1994-02-03' });
  const carla = await signUpPatient(t, { name: 'Carla Nunes', birthDate: '1985-10-30' });
  // Bruna was seen on Monday: her summary has a consultation behind her.
  await consultation(t, admin, bruna, pro, '2026-12-07T08:00', {
    notes: 'Cefaleia tensional.',
    diagnoses: [{ description: 'Cefaleia tensional', code: 'G44.2' }],
  });
  for (const [key, patient, time] of [
    ['ana', ana, '08:00'],
    ['bruna', bruna, '08:30'],
    ['carla', carla, '09:00'],
  ] as const) {
    ids[key] = await bookAppointment(t, admin, {
      professional: pro.councilNumber,
      patient: patient.registerNumber,
      startsAt: tuesday(time).toISOString(),
    });
  }
  // Tuesday morning: Ana arrived first; Bruna, pregnant, after her.
  t.clock.set(tuesday('07:45'));
  await desk(`/appointments/${ids.ana}/check-in`);
  t.clock.set(tuesday('07:50'));
  await desk(`/appointments/${ids.bruna}/check-in`, { priority: true, priorityReason: 'pregnant' });
  t.clock.set(tuesday('07:55'));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function desk(url: string, body?: object) {
  const response = await as(t, admin).post(`/api/v1${url}`, body);
  expect(response.statusCode, response.body).toBe(200);
}

async function professionalPage(language: 'en' | 'pt-BR', size: keyof typeof viewports) {
  const changed = await as(t, pro.session).patch('/api/v1/auth/me', { language });
  expect(changed.statusCode).toBe(200);
  const context: BrowserContext = await browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale: language,
    viewport: viewports[size],
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
  await signInContext(context, pro);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** Under a loaded CI machine, pages and streams take their time. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

const main = (page: Page) => page.locator('main').innerText();

/** The longer walks (many round trips each): room for a busy CI machine. */
const LONG = 60_000;

describe('the professional’s day in a real browser', () => {
  it('shows the live queue, and calls the priority patient next', async () => {
    const { context, page } = await professionalPage('en', 'desktop');
    try {
      await page.goto('/day');
      await poll(() => main(page)).toContain('Bruna Lima');
      const waiting = page.getByRole('region', { name: /^Waiting \(/ });
      await poll(() => waiting.innerText()).toMatch(/#1\s+\S+\s+Bruna Lima/);
      expect(await waiting.innerText()).toMatch(/#2\s+\S+\s+Ana Conceição/);
      // Badges are upper case on screen: their text is what the test compares.
      expect(await waiting.textContent()).toContain('Priority');
      // The day's list: times in the clinic's zone, not Lisbon's (11:00).
      const list = page.getByRole('region', { name: 'Today’s appointments' });
      await poll(() => list.innerText()).toContain('9:00 AM');
      expect(await list.innerText()).not.toContain('12:00 PM');
      await poll(() => page.getByText('Live', { exact: true }).count()).toBe(1);

      // Carla checks in at the desk: she shows up without a reload.
      t.clock.set(tuesday('08:00'));
      await desk(`/appointments/${ids.carla}/check-in`);
      await poll(() => waiting.innerText()).toContain('Carla Nunes');
      expect(await waiting.innerText()).toMatch(/#3\s+\S+\s+Carla Nunes/);
      await screenshot(page, 'day.en.desktop');
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Call next' }).click();
      await page.waitForURL(`**/day/appointments/${ids.bruna}`);
      const bruna = await as(t, pro.session).get(`/api/v1/appointments/${ids.bruna}`);
      expect(bruna.json<{ status: string }>().status).toBe('in_progress');
      await poll(() => main(page)).toContain('32 years old');
    } finally {
      await context.close();
    }
  });

  it('fits a phone', async () => {
    const mobile = await professionalPage('en', 'mobile');
    try {
      await mobile.page.goto('/day');
      await poll(() => main(mobile.page)).toContain('Carla Nunes');
      const width = await mobile.page.evaluate('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(viewports.mobile.width);
      await screenshot(mobile.page, 'day.en.mobile');
      expect(await seriousViolations(mobile.page)).toEqual([]);
    } finally {
      await mobile.context.close();
    }
  });

  it('speaks Portuguese', async () => {
    const pt = await professionalPage('pt-BR', 'desktop');
    try {
      await pt.page.goto('/day');
      await poll(() => main(pt.page)).toContain('Chamar o próximo');
      await poll(() => main(pt.page)).toContain('No consultório');
      // The day's list loads on its own request, after the queue's stream.
      const list = pt.page.getByRole('region', { name: 'Consultas de hoje' });
      await poll(() => list.innerText()).toContain('09:00');
      await screenshot(pt.page, 'day.pt-BR.desktop');
      expect(await seriousViolations(pt.page)).toEqual([]);
    } finally {
      await pt.context.close();
    }
  });

  it(
    'writes the consultation: diagnoses, a previewed prescription, a lab order, finish',
    async () => {
      const { context, page } = await professionalPage('en', 'desktop');
      try {
        await page.goto(`/day/appointments/${ids.bruna}`);
        await poll(() => main(page)).toContain('Cefaleia tensional');
        await page.getByLabel('Notes').fill('Coriza e dor de garganta há 3 dias. Sem febre.');
        await page.getByLabel('Diagnosis 1').fill('Infecção aguda das vias aéreas superiores');
        await page.getByLabel('CID-10 code 1').fill('J0X');
        await page.getByRole('button', { name: 'Finish the consultation' }).click();
        await poll(() => main(page)).toContain('Not a CID-10 code');
        expect(await page.getByRole('dialog').count()).toBe(0);
        await page.getByLabel('CID-10 code 1').fill('J06.9');
        expect(await main(page)).not.toContain('Not a CID-10 code');

        await page.getByLabel(/^Drug and strength/).fill('Paracetamol 750 mg');
        await page.getByLabel(/^Dosage/).fill('1 comprimido de 6 em 6 horas');
        await page.getByLabel(/^Instructions/).fill('Se dor ou febre, por até 3 dias.');
        const previewed = page.waitForResponse((r) => r.url().endsWith('/prescriptions/preview'));
        await page.getByRole('button', { name: 'Preview PDF' }).click();
        const preview = await previewed;
        expect(preview.status()).toBe(200);
        expect(preview.headers()['content-type']).toBe('application/pdf');
        const dialog = page.getByRole('dialog', { name: 'Preview of the prescription' });
        // What the dialog hands over is the PDF the API answered.
        const downloading = page.waitForEvent('download');
        await dialog.getByRole('link', { name: 'Download the preview' }).click();
        const pdf = await fs.readFile(await (await downloading).path());
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(1000);
        expect(
          await dialog.getByRole('link', { name: 'Open the preview' }).getAttribute('href'),
        ).toMatch(/^blob:/);
        expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
        await page.keyboard.press('Escape');
        await poll(() => page.getByRole('dialog').count()).toBe(0);
        const issued = page.waitForResponse((r) => r.url().endsWith('/prescriptions'));
        await page.getByRole('button', { name: 'Issue', exact: true }).click();
        expect((await issued).status()).toBe(201);
        const rx = page.getByRole('list', { name: 'Prescriptions issued in this consultation' });
        await poll(() => rx.innerText()).toContain('Paracetamol 750 mg');

        await page.getByLabel(/^Exam/).fill('Hemograma completo');
        await page.getByLabel(/^Laboratory/).fill('Laboratório Central');
        await page.getByRole('button', { name: 'Order the exam' }).click();
        const labs = page.getByRole('list', { name: 'Exams ordered in this consultation' });
        await poll(() => labs.innerText()).toContain('Hemograma completo');
        await screenshot(page, 'consultation.en.desktop');
        expect(await seriousViolations(page)).toEqual([]);

        await page.getByRole('button', { name: 'Finish the consultation' }).click();
        const confirm = page.getByRole('dialog', { name: 'Finish the consultation?' });
        await confirm.getByRole('button', { name: 'Finish', exact: true }).click();
        await poll(() => page.getByRole('heading', { name: 'Consultation finished' }).count()).toBe(
          1,
        );
        await poll(() => main(page)).toContain('J06.9');
        expect(await page.getByRole('link', { name: 'Back to my day', exact: true }).count()).toBe(
          1,
        );

        const appointment = await as(t, pro.session).get(`/api/v1/appointments/${ids.bruna}`);
        expect(appointment.json<{ status: string }>().status).toBe('finished');
        const record = await as(t, pro.session).get(`/api/v1/consultations/${ids.bruna}`);
        const held = record.json<{
          notes: string;
          diagnoses: { code: string | null }[];
          prescriptions: unknown[];
          labReports: unknown[];
        }>();
        expect(held.notes).toBe('Coriza e dor de garganta há 3 dias. Sem febre.');
        expect(held.diagnoses.map((d) => d.code)).toEqual(['J06.9']);
        expect(held.prescriptions).toHaveLength(1);
        expect(held.labReports).toHaveLength(1);
      } finally {
        await context.close();
      }
    },
    LONG,
  );

  it('shows the consultation in Portuguese, calling in a waiting patient', async () => {
    const { context, page } = await professionalPage('pt-BR', 'desktop');
    try {
      await page.goto(`/day/appointments/${ids.ana}`);
      await page.getByRole('button', { name: 'Chamar o paciente' }).click();
      await poll(() => main(page)).toContain('Encerrar a consulta');
      const ana = await as(t, pro.session).get(`/api/v1/appointments/${ids.ana}`);
      expect(ana.json<{ status: string }>().status).toBe('in_progress');
      await poll(() => main(page)).toContain('36 anos');
      await screenshot(page, 'consultation.pt-BR.desktop');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it(
    'edits the working hours, adds and removes time off, creates the calendar feed',
    async () => {
      const { context, page } = await professionalPage('en', 'desktop');
      const availability = async () =>
        (
          await as(t, pro.session).get(`/api/v1/professionals/${pro.councilNumber}/availability`)
        ).json<{
          weekly: { weekday: number; start: string; end: string }[];
        }>();
      const timeOff = async () =>
        (await as(t, pro.session).get(`/api/v1/professionals/${pro.councilNumber}/time-off`)).json<
          { startsAt: string; reason: string | null }[]
        >();
      try {
        await page.goto('/day/schedule');
        await page.getByRole('button', { name: 'Add hours on Monday' }).click();
        const end = page.getByLabel('Monday, interval 2: to');
        await end.fill('13:00');
        await page.getByLabel('Monday, interval 2: from').fill('14:00');
        await page.getByRole('button', { name: 'Save working hours' }).click();
        await poll(() => main(page)).toContain('The end must come after the start.');
        await end.fill('18:00');
        await page.getByRole('button', { name: 'Save working hours' }).click();
        await poll(() => main(page)).toContain('Working hours saved.');
        expect((await availability()).weekly).toContainEqual({
          weekday: 1,
          start: '14:00',
          end: '18:00',
        });

        await page.getByLabel('From (day)').fill('2026-12-21');
        await page.getByLabel('From (time)').fill('08:00');
        await page.getByLabel('To (day)').fill('2026-12-21');
        await page.getByLabel('To (time)').fill('12:00');
        await page.getByLabel(/^Reason/).fill('Congresso de cardiologia');
        await page.getByRole('button', { name: 'Add time off' }).click();
        await poll(() => main(page)).toContain('Congresso de cardiologia');
        // 08:00 in São Paulo, typed in a browser in Lisbon.
        expect((await timeOff()).map((off) => new Date(off.startsAt).toISOString())).toEqual([
          '2026-12-21T11:00:00.000Z',
        ]);

        await page.getByRole('button', { name: 'Create my calendar link' }).click();
        const webcal = page.getByRole('textbox', { name: 'Subscription link' });
        await poll(() => webcal.inputValue()).toMatch(/^webcal:\/\/.+/);
        expect(await page.getByRole('textbox', { name: 'Web address' }).inputValue()).toMatch(
          /^https?:\/\//,
        );
        expect(await page.getByRole('img', { name: /QR code/ }).count()).toBe(1);
        await screenshot(page, 'my-schedule.en.desktop');
        expect(await seriousViolations(page)).toEqual([]);

        await page.getByRole('button', { name: /^Remove time off/ }).click();
        await poll(() => main(page)).toContain('No time off in the next two months.');
        expect(await timeOff()).toEqual([]);
      } finally {
        await context.close();
      }
    },
    LONG,
  );
});
