import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { ptBR } from '../../web/src/i18n/pt-BR.js';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { launchBrowser, screenshot, viewports } from '../helpers/browser.js';
import { signInContext } from '../helpers/browser-session.js';
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
import { startViaCep } from '../helpers/via-cep.js';
import { WEB_ROOT } from '../helpers/web-root.js';

/**
 * A whole clinic day in four browsers at once, against one server on a fresh database: the
 * front desk, the physician, the waiting room's TV and a patient at home (issue 14). The texts
 * the test clicks are the app's own, in the language of the run: the flow passes in both.
 */

const monday = (time: string) => new Date(`2026-12-07T${time}:00-03:00`);
/** The issue's bar: a change at the desk is on the physician's and the TV's screens in 2 s. */
const WITHIN_2_S = { timeout: 2000 };
/** A role's first page loads its chunk, the clinic and the session first. */
const LOADED = { timeout: 10_000 };

/** What the professional writes: none of it may ever reach a desk's screen. */
const CLINICAL = {
  notes: 'Gestante de 20 semanas, cefaleia há dois dias; PA 11/7.',
  diagnosis: 'Cefaleia tensional',
  drug: 'Paracetamol 750 mg',
  dosage: '1 comprimido de 8 em 8 horas',
  instructions: 'Se houver dor, por até 3 dias.',
};

const messages = { en, 'pt-BR': ptBR } as const;

/** A text with its {{placeholders}} filled, as i18next does. */
function say(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key]));
}
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
const mainText = (page: Page) => page.locator('main').innerText();

for (const language of ['en', 'pt-BR'] as const) {
  describe(`a clinic day in four browsers (${language})`, () => {
    const m = messages[language];
    let t: TestApp;
    let viaCep: Awaited<ReturnType<typeof startViaCep>>;
    let dataDir: string;
    let baseUrl: string;
    let browser: Browser;
    let deskUser: TestUser;
    let pro: RegisteredProfessional;
    let ana: SignedUpPatient;
    let carlosAppointment: string;
    let displayToken: string;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
        throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
      }
      viaCep = await startViaCep();
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-clinic-day-'));
      t = await createTestApp({
        ...SAO_PAULO_CLINIC,
        DATA_DIR: dataDir,
        CLINIC_NAME: 'Clínica São Lucas',
        CEP_LOOKUP_URL: viaCep.url,
      });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      t.clock.set(SUNDAY_MORNING);
      deskUser = await t.createUser('admin');
      const desk = await t.login(deskUser);
      pro = await registerProfessional(t, desk, {
        name: 'Dra. Beatriz Araújo',
        specialty: 'Cardiologia',
        officeNumber: '3',
      });
      await setAvailability(t, desk, pro.councilNumber, WEEKDAY_MORNINGS);
      ana = await signUpPatient(t, { name: 'Ana Conceição' });
      const carlos = await signUpPatient(t, { name: 'Carlos Souza' });
      carlosAppointment = await bookAppointment(t, desk, {
        professional: pro.councilNumber,
        patient: carlos.registerNumber,
        startsAt: monday('09:00').toISOString(),
      });
      // Signed in, each user's own language rules their pages.
      for (const session of [desk, pro.session, ana.session]) {
        const changed = await as(t, session).patch('/api/v1/auth/me', { language });
        expect(changed.statusCode).toBe(200);
      }
      const screen = await as(t, desk).post('/api/v1/display/tokens', { name: 'Recepção' });
      expect(screen.statusCode).toBe(201);
      displayToken = screen.json<{ token: string }>().token;
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await t?.close();
      await viaCep?.close();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    async function browserOf(user: { email: string; password: string } | null) {
      const context = await browser.newContext({
        reducedMotion: 'reduce',
        baseURL: baseUrl,
        locale: language,
        viewport: viewports.desktop,
        // The browsers are in Lisbon; the clinic is in São Paulo.
        timezoneId: 'Europe/Lisbon',
      });
      contexts.push(context);
      if (user) await signInContext(context, user);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    }

    it(
      'runs from registration to the lab result at home, with the queue live everywhere',
      {
        timeout: 120_000,
      },
      async () => {
        // Sunday: the desk registers Joana, who phoned, and books her for Monday at 08:30.
        const desk = await browserOf(deskUser);
        await desk.goto('/desk/patients/new');
        const field = (label: string) => desk.getByLabel(exactly(label));
        await field(m.signUp.name).fill('Joana Pereira');
        await field(m.signUp.email).fill('joana.pereira@example.com');
        await field(m.signUp.phone).fill('(11) 91234-5678');
        await field(m.signUp.cpf).fill('529.982.247-25');
        await field(m.signUp.birthDate).fill('1990-05-17');
        await field(m.signUp.postCode).fill('01310-100');
        await field(m.signUp.houseNumber).click();
        await expect.poll(() => field(m.signUp.street).inputValue()).toBe('Avenida Paulista');
        await field(m.signUp.houseNumber).fill('1000');
        await desk.getByRole('button', { name: m.deskPatients.new.submit }).click();
        await desk.waitForURL(/\/desk\/patients\/[A-Za-z]{6}-\d$/);
        const joana = desk.url().split('/').at(-1)!;

        await desk.getByRole('link', { name: m.deskPatients.bookFor }).click();
        await desk.waitForURL(`**/desk/book?patient=${joana}`);
        await desk.getByLabel(m.booking.specialty).selectOption('Cardiologia');
        await desk.getByRole('radio', { name: /Dra\. Beatriz Araújo/ }).click();
        await desk
          .getByRole('button', { name: language === 'en' ? /^8:30\sAM$/ : /^08:30$/ })
          .click();
        await desk.getByRole('button', { name: m.deskPatients.book.confirm }).click();
        await expect
          .poll(() => desk.getByRole('status').allInnerTexts())
          .toContainEqual(
            expect.stringContaining(say(m.deskPatients.book.booked, { name: 'Joana Pereira' })),
          );
        const [joanaAppointment] = (
          await as(t, await t.login(deskUser)).get(`/api/v1/appointments?patient=${joana}`)
        ).json<{ items: { id: string; startsAt: string }[] }>().items;
        expect(new Date(joanaAppointment!.startsAt)).toEqual(monday('08:30'));

        // Monday 08:20: the physician's day, the TV and the board are open.
        t.clock.set(monday('08:20'));
        const physician = await browserOf(pro);
        await physician.goto('/day');
        const waitingName = m.day.queue.waiting_other.split(' (')[0]!;
        const waiting = physician.getByRole('region', { name: exactly(`${waitingName} (`) });
        await expect
          .poll(() => physician.getByText(m.day.queue.live, { exact: true }).count(), LOADED)
          .toBe(1);

        const tv = await browserOf(null);
        await tv.goto(`/display?token=${displayToken}`);
        await expect
          .poll(() => tv.getByRole('status').first().textContent(), LOADED)
          .toBe(ptBR.display.status.live);
        await tv.keyboard.press('Enter');

        await desk.goto('/desk');
        await expect
          .poll(() => desk.getByRole('status').first().innerText(), LOADED)
          .toBe(m.desk.status.live);

        // Ana walks in, pregnant: found by name, booked now and checked in with priority.
        await desk.getByRole('button', { name: m.desk.walkIn }).click();
        const walkIn = desk.getByRole('dialog', { name: m.deskPatients.walkIn.title });
        await walkIn.getByLabel(m.deskPatients.search.label).fill('ana conc');
        await walkIn
          .getByRole('button', { name: say(m.deskPatients.chooseNamed, { name: 'Ana Conceição' }) })
          .click();
        await walkIn.getByLabel(exactly(m.booking.professional)).selectOption(pro.councilNumber);
        await walkIn.getByLabel(m.deskPatients.walkIn.priority).check();
        await walkIn.getByLabel(m.deskPatients.walkIn.priorityReason).selectOption('pregnant');
        await walkIn.getByRole('button', { name: m.deskPatients.walkIn.submit }).click();
        await expect
          .poll(() => walkIn.innerText())
          .toContain(say(m.deskPatients.walkIn.done, { name: 'Ana Conceição' }));
        expect(await walkIn.innerText()).toMatch(/\bP001\b/);
        await walkIn.getByRole('button', { name: m.deskPatients.walkIn.finish }).click();
        await expect.poll(() => waiting.innerText(), WITHIN_2_S).toContain('Ana Conceição');

        // Joana arrives for her 08:30: checked in on the board, no priority.
        const joanaCard = desk.getByRole('article', { name: 'Joana Pereira' });
        await joanaCard.getByRole('button', { name: m.desk.card.checkIn }).click();
        // By its title: the walk-in's dialog may still be on its way out.
        const checkIn = desk.getByRole('dialog', {
          name: say(m.desk.checkIn.title, { name: 'Joana Pereira' }),
        });
        await checkIn.getByRole('button', { name: m.desk.checkIn.confirm }).click();
        await checkIn.waitFor({ state: 'detached' });
        // One running number a day, the line's letter in front: she is the second.
        await expect
          .poll(() => joanaCard.textContent())
          .toContain(say(m.desk.card.ticket, { ticket: 'N002' }));
        await expect.poll(() => waiting.innerText(), WITHIN_2_S).toContain('Joana Pereira');
        // The priority patient is first in line, though she came last.
        const place = (position: number) => say(m.day.queue.position, { position });
        expect(await waiting.innerText()).toMatch(
          new RegExp(
            `${place(1)}\\s+P001\\s+Ana Conceição[\\s\\S]*${place(2)}\\s+N002\\s+Joana Pereira`,
          ),
        );
        await screenshot(desk, `clinic-day-board.${language}.desktop`);
        await screenshot(physician, `clinic-day-queue.${language}.desktop`);

        // Call next: Ana, on the TV within 2 s, with the room and never her name.
        await physician.getByRole('button', { name: m.day.queue.callNext }).click();
        await physician.waitForURL('**/day/appointments/*');
        await expect
          .poll(() => tv.getByTestId('current-ticket').textContent(), WITHIN_2_S)
          .toBe('P001');
        expect(await tv.getByTestId('current-place').textContent()).toBe(
          say(ptBR.display.room, { room: '3' }),
        );
        const onTv = await tv.locator('body').innerText();
        for (const name of ['Ana', 'Joana', 'Conceição']) expect(onTv).not.toContain(name);
        await screenshot(tv, `clinic-day-tv.${language}.desktop`);

        // The consultation: notes, a diagnosis, a prescription and a lab order; then finish.
        await physician.getByLabel(m.day.consultation.notes, { exact: true }).fill(CLINICAL.notes);
        await physician
          .getByLabel(say(m.day.consultation.diagnosis, { number: 1 }))
          .fill(CLINICAL.diagnosis);
        await physician.getByLabel(say(m.day.consultation.code, { number: 1 })).fill('G44.2');
        await physician.getByLabel(exactly(m.day.prescription.drug)).fill(CLINICAL.drug);
        await physician.getByLabel(exactly(m.day.prescription.dosage)).fill(CLINICAL.dosage);
        await physician
          .getByLabel(exactly(m.day.prescription.instructions))
          .fill(CLINICAL.instructions);
        await physician
          .getByRole('button', { name: m.day.prescription.issue, exact: true })
          .click();
        await expect
          .poll(() =>
            physician.getByRole('list', { name: m.day.prescription.issuedList }).innerText(),
          )
          .toContain(CLINICAL.drug);
        await physician.getByLabel(exactly(m.day.labOrders.exam)).fill('Hemograma completo');
        await physician.getByLabel(exactly(m.day.labOrders.lab)).fill('Laboratório Central');
        await physician.getByRole('button', { name: m.day.labOrders.order }).click();
        await expect
          .poll(() =>
            physician.getByRole('list', { name: m.day.labOrders.orderedList }).innerText(),
          )
          .toContain('Hemograma completo');
        await physician.getByRole('button', { name: m.day.consultation.finish }).click();
        await physician
          .getByRole('dialog', { name: m.day.consultation.finishTitle })
          .getByRole('button', { name: m.day.consultation.finishConfirm, exact: true })
          .click();
        await expect
          .poll(() => physician.getByRole('heading', { name: m.day.finished.title }).count())
          .toBe(1);
        // The board has her as seen.
        await expect
          .poll(() => desk.getByRole('article', { name: 'Ana Conceição' }).textContent())
          .toContain(m.desk.card.finishedAt.split('{{')[0]!);

        // The lab sends the result: the desk uploads it.
        await desk.goto('/desk/lab-reports');
        await desk
          .getByRole('button', {
            name: say(m.logs.labReports.uploadLabel, {
              exam: 'Hemograma completo',
              name: 'Ana Conceição',
            }),
          })
          .click();
        const upload = desk.getByRole('dialog');
        const file = path.join(dataDir, 'hemograma.pdf');
        await fs.writeFile(file, labPdf());
        await upload.locator('input[type=file]').setInputFiles(file);
        await upload.getByRole('button', { name: m.logs.labReports.send, exact: true }).click();
        await expect
          .poll(() => desk.getByRole('status').allInnerTexts())
          .toContainEqual(
            expect.stringContaining(
              say(m.logs.labReports.uploaded, {
                exam: 'Hemograma completo',
                name: 'Ana Conceição',
              }),
            ),
          );

        // At home, Ana sees the result ready and downloads it.
        const home = await browserOf(ana);
        await home.goto('/records');
        const download = home.getByRole('link', { name: m.records.download });
        await expect.poll(() => download.count(), LOADED).toBe(1);
        const result = await home.context().request.get((await download.getAttribute('href'))!);
        expect(result.status()).toBe(200);
        expect((await result.body()).subarray(0, 5).toString()).toBe('%PDF-');

        // Carlos never came: at noon the worker's sweep marks him, and the board shows it.
        await desk.goto('/desk');
        const carlosCard = desk.getByRole('article', { name: 'Carlos Souza' });
        await expect.poll(() => carlosCard.count(), LOADED).toBe(1);
        t.clock.set(monday('12:00'));
        expect(await t.services.appointments.sweepNoShows()).toBe(1);
        const column = desk.getByRole('region', { name: 'Dra. Beatriz Araújo' });
        await expect
          .poll(() => column.textContent())
          .toMatch(new RegExp(`${m.desk.groups.noShow}\\s*1`));
        expect(await carlosCard.getByRole('button').count()).toBe(0);
        const carlos = await as(t, await t.login(deskUser)).get(
          `/api/v1/appointments/${carlosAppointment}`,
        );
        expect(carlos.json<{ status: string }>().status).toBe('no_show');

        // The desk never saw a word the physician wrote, on any of its screens.
        for (const url of [
          '/desk',
          `/desk/patients/${ana.registerNumber}`,
          '/desk/lab-reports',
          '/desk/patients?q=Ana',
        ]) {
          await desk.goto(url);
          await expect.poll(() => mainText(desk), LOADED).toContain('Ana Conceição');
          const shown = await desk.locator('body').innerText();
          for (const secret of Object.values(CLINICAL))
            expect(shown, `${url}: ${secret}`).not.toContain(secret);
        }
      },
    );
  });
}
