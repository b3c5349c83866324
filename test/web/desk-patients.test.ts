import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { as } from '../helpers/requests.js';
import {
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
} from '../helpers/scheduling.js';
import { startViaCep } from '../helpers/via-cep.js';
import { WEB_ROOT } from '../helpers/web-root.js';

let t: TestApp;
let viaCep: Awaited<ReturnType<typeof startViaCep>>;
let dataDir: string;
let baseUrl: string;
let browser: Browser;
const admins: Record<'en' | 'pt-BR', { email: string; password: string; session: Session }> =
  {} as never;
let ana: SignedUpPatient;
let bia: SignedUpPatient;
let councilNumber: string;
/** The patient the admin registers in the browser (set by the first test). */
let joana = '';

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  viaCep = await startViaCep();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-desk-patients-'));
  t = await createTestApp({ ...SAO_PAULO_CLINIC, DATA_DIR: dataDir, CEP_LOOKUP_URL: viaCep.url });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  for (const language of ['en', 'pt-BR'] as const) {
    const user = await t.createUser('admin');
    const session = await t.login(user);
    // Signed in, the account's language rules the pages.
    expect((await as(t, session).patch('/api/v1/auth/me', { language })).statusCode).toBe(200);
    admins[language] = { ...user, session };
  }
  ana = await signUpPatient(t, { name: 'Ana Conceição', birthDate: '1994-03-02' });
  bia = await signUpPatient(t, { name: 'Bia Lima', birthDate: '1988-07-21' });
  const pro = await registerProfessional(t, admins.en.session, {
    name: 'Dra. Beatriz Araújo',
    specialty: 'Cardiologia',
  });
  councilNumber = pro.councilNumber;
  await setAvailability(t, admins.en.session, councilNumber, WEEKDAY_MORNINGS);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await viaCep?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function signedIn(language: 'en' | 'pt-BR', viewport: Viewport = 'desktop') {
  const context = await browser.newContext({
    reducedMotion: 'reduce',
    baseURL: baseUrl,
    locale: language,
    viewport: viewports[viewport],
    // The browser is in Lisbon; the clinic is in São Paulo: times must be the clinic's.
    timezoneId: 'Europe/Lisbon',
  });
  const { email, password } = admins[language];
  const response = await context.request.post('/api/v1/auth/login', { data: { email, password } });
  expect(response.status()).toBe(200);
  return { context, page: await context.newPage() };
}

/** A field by the start of its label (required fields' labels end with an asterisk). */
const field = (scope: Page | ReturnType<Page['getByRole']>, label: string) =>
  scope.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}`));

/** What the page shows within 10 s (a role's first page loads its chunk first). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

async function expectAxeClean(page: Page, within?: string) {
  expect(await seriousViolations(page, within)).toEqual([]);
}

async function appointmentsOf(registerNumber: string) {
  const response = await as(t, admins.en.session).get(
    `/api/v1/patients/${registerNumber}/appointments?when=upcoming`,
  );
  expect(response.statusCode).toBe(200);
  return response.json<{
    items: { id: string; startsAt: string; forced: boolean; reason: string | null }[];
  }>().items;
}

describe('the desk’s patients in a real browser', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await signedIn('en'));
  });
  afterAll(async () => {
    await context?.close();
  });

  it('registers a patient at the desk, the address from the CEP', async () => {
    await page.goto('/desk/patients');
    await eventually(() => heading(page)).toBe('Patients');
    await page.getByRole('link', { name: 'Register a patient' }).click();
    await page.waitForURL('**/desk/patients/new');
    await eventually(() => heading(page)).toBe('Register a patient');
    await screenshot(page, 'desk-patient-new.en.desktop');
    await expectAxeClean(page);

    await field(page, 'Full name').fill('Joana Pereira');
    await field(page, 'E-mail').fill('joana.pereira@example.com');
    await field(page, 'Mobile phone').fill('(11) 91234-5678');
    // A CPF with wrong check digits is pointed out as the field is left.
    await field(page, 'CPF (optional)').fill('529.982.247-26');
    await field(page, 'Date of birth').fill('1990-05-17');
    await eventually(() => page.locator('form').innerText()).toContain(
      'This CPF is not valid: check its digits.',
    );
    await field(page, 'CPF (optional)').fill('529.982.247-25');
    await field(page, 'CEP').fill('01310-100');
    await field(page, 'Number').click();
    await eventually(() => field(page, 'Street').inputValue()).toBe('Avenida Paulista');
    expect(await field(page, 'City').inputValue()).toBe('São Paulo');
    expect(await field(page, 'State').inputValue()).toBe('SP');
    await field(page, 'Number').fill('1000');
    await page.getByRole('button', { name: 'Register the patient' }).click();

    await page.waitForURL(/\/desk\/patients\/[A-Za-z]{6}-\d$/);
    joana = page.url().split('/').at(-1)!;
    await eventually(() => heading(page)).toBe('Joana Pereira');
    await eventually(() => page.getByRole('status').allInnerTexts()).toContainEqual(
      expect.stringContaining(`Register number ${joana}`),
    );
    const stored = await as(t, admins.en.session).get(`/api/v1/patients/${joana}`);
    expect(stored.json()).toMatchObject({
      cpf: '529.982.247-25',
      phone: '+5511912345678',
      address: { street: 'Avenida Paulista', city: 'São Paulo', state: 'SP', houseNumber: '1000' },
      active: true,
    });
  });

  it('finds the patient by CPF and by register number', async () => {
    await page.goto('/desk/patients');
    const search = page.getByLabel('Find a patient');
    await search.fill('52998224725');
    const row = page.getByRole('row', { name: /Joana Pereira/ });
    await eventually(() => row.innerText()).toContain(joana);
    // The CPF is masked in a list; the phone as people write it.
    expect(await row.innerText()).toContain('***.982.247-**');
    expect(await row.innerText()).toContain('(11) 91234-5678');
    expect(page.url()).toContain('q=52998224725');
    await screenshot(page, 'desk-patients.en.desktop');
    await expectAxeClean(page);

    await search.fill(joana);
    await eventually(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('link', { name: 'Open the record of Joana Pereira' }).click();
    await page.waitForURL(`**/desk/patients/${joana}`);
    await eventually(() => heading(page)).toBe('Joana Pereira');
  });

  it('books a free time for the patient', async () => {
    await page.getByRole('link', { name: 'Book for this patient' }).click();
    await page.waitForURL(`**/desk/book?patient=${joana}`);
    await eventually(() => page.locator('main').innerText()).toContain(joana);
    await page.getByLabel('Specialty').selectOption('Cardiologia');
    await page.getByRole('radio', { name: /Dra\. Beatriz Araújo/ }).click();
    // The calendar opens on Monday 7 December, the first day with free times.
    await page.getByRole('button', { name: /^8:00\sAM$/ }).click();
    await eventually(() => page.locator('main').innerText()).toMatch(
      /Monday, December 7 at 8:00\sAM/,
    );
    await screenshot(page, 'desk-book.en.desktop');
    await expectAxeClean(page);
    await page.getByRole('button', { name: 'Book this time' }).click();
    await eventually(() => page.getByRole('status').allInnerTexts()).toContainEqual(
      expect.stringContaining('Booked for Joana Pereira'),
    );
  });

  it('books a forced extra with its reason', async () => {
    // Before the working hours: refused without a reason, booked with one.
    await page.getByRole('button', { name: 'Book another time' }).click();
    await page.getByRole('switch', { name: /Book an extra/ }).check();
    await field(page, 'Day').fill('2026-12-07');
    await field(page, 'Time').fill('07:15');
    await page.getByRole('button', { name: 'Book this time' }).click();
    await eventually(() => page.locator('main').innerText()).toContain(
      'Say why this extra is booked.',
    );
    await expectAxeClean(page);
    await field(page, 'Reason for the extra').fill('Urgent, agreed with the doctor');
    await page.getByRole('button', { name: 'Book this time' }).click();
    await eventually(() => page.getByRole('status').allInnerTexts()).toContainEqual(
      expect.stringMatching(/Monday, December 7 at 7:15\sAM[\s\S]*Extra/i),
    );

    const booked = await appointmentsOf(joana);
    expect(booked.map(({ startsAt, forced, reason }) => ({ startsAt, forced, reason }))).toEqual([
      {
        startsAt: '2026-12-07T07:15:00-03:00',
        forced: true,
        reason: 'Urgent, agreed with the doctor',
      },
      { startsAt: '2026-12-07T08:00:00-03:00', forced: false, reason: null },
    ]);
  });

  it('reschedules an appointment from the patient’s record', async () => {
    await page.goto(`/desk/patients/${joana}`);
    await page
      .getByRole('link', { name: /^Reschedule the appointment of Monday, December 7 at 8:00/ })
      .click();
    await page.waitForURL(/\/desk\/book\?.*reschedule=/);
    await eventually(() => heading(page)).toBe('Reschedule an appointment');
    // The calendar is the same professional's, on the same first free day.
    await page.getByRole('button', { name: /^9:30\sAM$/ }).click();
    await page.getByRole('button', { name: 'Move to this time' }).click();
    await eventually(() => page.getByRole('status').allInnerTexts()).toContainEqual(
      expect.stringContaining('The appointment was moved'),
    );
    expect((await appointmentsOf(joana)).map((item) => item.startsAt)).toEqual([
      '2026-12-07T07:15:00-03:00',
      '2026-12-07T09:30:00-03:00',
    ]);
  });

  it('shows the record: contact data, appointments and lab reports’ status', async () => {
    const report = await as(t, admins.en.session).post(`/api/v1/patients/${joana}/lab-reports`, {
      lab: 'Laboratório Central',
      exam: 'Hemograma',
    });
    expect(report.statusCode).toBe(201);
    await page.goto(`/desk/patients/${joana}`);
    await eventually(() => page.locator('main').innerText()).toContain('Hemograma');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Waiting for the result');
    await eventually(() => page.locator('main').innerText()).toMatch(/9:30\sAM/);
    expect(await field(page, 'Full name').inputValue()).toBe('Joana Pereira');
    await screenshot(page, 'desk-patient.en.desktop');
    await expectAxeClean(page);

    // Contact data corrected at the desk.
    await field(page, 'Mobile phone').fill('(11) 98888-7777');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await eventually(() => page.getByRole('status').allInnerTexts()).toContain(
      'The patient’s details were saved.',
    );
    expect((await as(t, admins.en.session).get(`/api/v1/patients/${joana}`)).json().phone).toBe(
      '+5511988887777',
    );
  });

  it('deactivates the patient after a confirmation, then reactivates them', async () => {
    await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.innerText()).toContain('Deactivate Joana Pereira?');
    // Checked once it has faded in: half-way, its text is paler than it will be.
    await eventually(() =>
      dialog.evaluate(
        (element) => element.ownerDocument.defaultView!.getComputedStyle(element).opacity,
      ),
    ).toBe('1');
    await expectAxeClean(page, '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Deactivate the patient' }).click();
    await eventually(() => page.locator('main').innerText()).toContain(
      'This patient is deactivated',
    );
    expect((await as(t, admins.en.session).get(`/api/v1/patients/${joana}`)).json().active).toBe(
      false,
    );
    // The search still finds them, shown as deactivated.
    await page.goto(`/desk/patients?q=${joana}`);
    await eventually(() => page.getByRole('row', { name: /Joana Pereira/ }).innerText()).toMatch(
      /Deactivated/i,
    );
    await page.getByRole('link', { name: 'Open the record of Joana Pereira' }).click();
    await page.getByRole('button', { name: 'Reactivate', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reactivate the patient' }).click();
    await eventually(() =>
      page.getByRole('button', { name: 'Deactivate', exact: true }).count(),
    ).toBe(1);
    expect((await as(t, admins.en.session).get(`/api/v1/patients/${joana}`)).json().active).toBe(
      true,
    );
  });

  it('checks a walk-in in through the dialog, the patient found by name, and gives a ticket', async () => {
    await page.goto('/desk/patients');
    await page.getByRole('button', { name: 'Walk-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Walk-in' });
    await dialog.getByLabel('Find a patient').fill('ana conc');
    await dialog.getByRole('button', { name: 'Choose Ana Conceição' }).click();
    await dialog.getByLabel(/^Professional/).selectOption(councilNumber);
    await dialog.getByLabel('Legal priority declared').check();
    await dialog.getByLabel('Priority because of').selectOption('pregnant');
    await screenshot(page, 'desk-walk-in.en.desktop');
    await expectAxeClean(page, '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Check in' }).click();
    await eventually(() => dialog.innerText()).toContain('Ana Conceição is checked in.');
    expect(await dialog.innerText()).toMatch(/\bP\d{3}\b/);
    expect(await dialog.innerText()).toContain('With priority: pregnant.');
    await expectAxeClean(page, '[role="dialog"]');
    const listed = await as(t, admins.en.session).get(
      `/api/v1/appointments?patient=${ana.registerNumber}`,
    );
    expect(listed.json().items).toMatchObject([
      { status: 'checked_in', forced: true, priorityReason: 'pregnant' },
    ]);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
  });
});

describe('the desk’s patients in Portuguese', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await signedIn('pt-BR'));
  });
  afterAll(async () => {
    await context?.close();
  });

  it('shows the record in pt-BR', async () => {
    await page.goto(`/desk/patients/${joana}`);
    await eventually(() => heading(page)).toBe('Joana Pereira');
    await eventually(() => page.locator('main').innerText()).toContain('Hemograma');
    await eventually(() => page.locator('main').innerText()).toMatch(
      /segunda-feira, 7 de dezembro.*09:30/,
    );
    expect(await page.locator('main').textContent()).toContain('Aguardando o resultado');
    await screenshot(page, 'desk-patient.pt-BR.desktop');
    await expectAxeClean(page);
  });

  it('checks a walk-in in (pt-BR)', async () => {
    await page.goto('/desk/patients');
    await page.getByRole('button', { name: 'Sem agendamento' }).click();
    const dialog = page.getByRole('dialog', { name: 'Paciente sem agendamento' });
    await dialog.getByLabel('Buscar paciente').fill('Bia Lima');
    await dialog.getByRole('button', { name: 'Escolher Bia Lima' }).click();
    await dialog.getByLabel(/^Profissional/).selectOption(councilNumber);
    await screenshot(page, 'desk-walk-in.pt-BR.desktop');
    await expectAxeClean(page, '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Fazer o check-in' }).click();
    await eventually(() => dialog.innerText()).toContain('Bia Lima está com check-in feito.');
    expect(await dialog.innerText()).toMatch(/\bN\d{3}\b/);
  });
});

describe('booking for a patient on a phone', () => {
  it('books for a patient on a phone', async () => {
    const { context, page } = await signedIn('en', 'mobile');
    try {
      await page.goto(`/desk/book?patient=${bia.registerNumber}`);
      await eventually(() => page.locator('main').innerText()).toContain('Bia Lima');
      await page.getByLabel('Specialty').selectOption('Cardiologia');
      await page.getByRole('radio', { name: /Dra\. Beatriz Araújo/ }).click();
      await page.getByRole('button', { name: /^10:00\sAM$/ }).click();
      await eventually(() => page.getByRole('button', { name: 'Book this time' }).count()).toBe(1);
      await screenshot(page, 'desk-book.en.mobile');
      await expectAxeClean(page);
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(viewports.mobile.width);
    } finally {
      await context.close();
    }
  });
});
