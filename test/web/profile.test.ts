import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodeProviders, type CodeProviders } from '../accounts/code-providers.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  launchBrowser,
  screenshot,
  seriousViolations,
  viewports,
  type Viewport,
} from '../helpers/browser.js';
import { signUpPatient } from '../helpers/people.js';
import { SAO_PAULO_CLINIC, SUNDAY_MORNING } from '../helpers/scheduling.js';
import { startViaCep } from '../helpers/via-cep.js';
import { WEB_ROOT } from '../helpers/web-root.js';

let t: TestApp;
let providers: CodeProviders;
let viaCep: Awaited<ReturnType<typeof startViaCep>>;
let dataDir: string;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('The web app is not built: run npm run build (npm ci does it) first.');
  }
  providers = await startCodeProviders();
  viaCep = await startViaCep();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-profile-'));
  t = await createTestApp({
    ...SAO_PAULO_CLINIC,
    ...providers.env(),
    DATA_DIR: dataDir,
    CLINIC_NAME: 'Clínica São Lucas',
    CEP_LOOKUP_URL: viaCep.url,
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  t.clock.set(SUNDAY_MORNING);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await providers?.close();
  await viaCep?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const texts = {
  'pt-BR': {
    email: 'E-mail',
    password: 'Senha',
    signIn: 'Entrar',
    signOut: 'Sair',
    confirmPhone: 'Confirmar meu celular',
    nav: 'Meu perfil',
    title: 'Meu perfil',
    otherTitle: 'My profile',
    labels: {
      name: 'Nome completo',
      phone: 'Celular',
      postCode: 'CEP',
      street: 'Rua',
      houseNumber: 'Número',
      district: 'Bairro',
      city: 'Cidade',
      state: 'Estado',
      current: 'Senha atual',
      new: 'Nova senha',
    },
    savePersonal: 'Salvar os dados pessoais',
    personalSaved: 'Seus dados pessoais foram salvos.',
    choosePhoto: 'Escolher uma foto',
    savePhoto: 'Salvar a foto',
    cancel: 'Cancelar',
    photoSaved: 'Sua foto foi salva.',
    preview: 'A foto que você escolheu (ainda não salva)',
    current: 'Sua foto',
    tooLarge: 'Este arquivo tem mais de 5 MB: escolha uma foto menor.',
    notAnImage: 'Esta foto não pode ser usada: ela deve ser uma imagem JPEG, PNG ou WebP.',
    whatsapp: 'Por WhatsApp',
    consent: 'você concorda que Clínica São Lucas envie mensagens',
    saveNotifications: 'Salvar as notificações',
    notificationsSaved: 'Suas preferências de notificação foram salvas.',
    optedIn: 'Você concordou em 6 de dezembro de 2026.',
    savePassword: 'Trocar a senha',
    wrongPassword: 'não é a sua senha atual',
    passwordSaved: 'Sua senha foi trocada',
    language: 'Português (Brasil)',
    otherLanguage: 'English',
    verified: 'Confirmado',
    verify: 'Confirmar meu celular',
    verifyTitle: 'Confirme seu celular',
    wrongCode: 'O código está errado ou expirou. Peça um novo.',
  },
  en: {
    email: 'E-mail',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    confirmPhone: 'Confirm my phone',
    nav: 'My profile',
    title: 'My profile',
    otherTitle: 'Meu perfil',
    labels: {
      name: 'Full name',
      phone: 'Mobile phone',
      postCode: 'CEP',
      street: 'Street',
      houseNumber: 'Number',
      district: 'District',
      city: 'City',
      state: 'State',
      current: 'Current password',
      new: 'New password',
    },
    savePersonal: 'Save personal data',
    personalSaved: 'Your personal data was saved.',
    choosePhoto: 'Choose a photo',
    savePhoto: 'Save the photo',
    cancel: 'Cancel',
    photoSaved: 'Your photo was saved.',
    preview: 'The photo you chose (not saved yet)',
    current: 'Your photo',
    tooLarge: 'This file is larger than 5 MB: choose a smaller photo.',
    notAnImage: 'This photo cannot be used: it must be a JPEG, PNG or WebP image.',
    whatsapp: 'By WhatsApp',
    consent: 'you agree that Clínica São Lucas sends you messages',
    saveNotifications: 'Save notifications',
    notificationsSaved: 'Your notification settings were saved.',
    optedIn: 'You agreed on December 6, 2026.',
    savePassword: 'Change the password',
    wrongPassword: 'is not your current password',
    passwordSaved: 'Your password was changed',
    language: 'English',
    otherLanguage: 'Português (Brasil)',
    verified: 'Confirmed',
    verify: 'Confirm my phone',
    verifyTitle: 'Confirm your phone',
    wrongCode: 'The code is wrong or has expired. Ask for a new one.',
  },
} as const;

/** A small portrait: a face-coloured circle on blue. */
const portrait = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240">' +
        '<rect width="240" height="240" fill="#2b6cb0"/>' +
        '<circle cx="120" cy="100" r="56" fill="#f2c9a0"/>' +
        '<rect x="50" y="170" width="140" height="90" rx="60" fill="#f2c9a0"/></svg>',
    ),
  )
    .png()
    .toBuffer();

/**
 * Delivers the outbox until a code reached `phone` after the first `seen` messages; that code.
 * Other notices to the phone (the password changed) may arrive in the same round.
 */
async function phoneCode(phone: string, seen: number): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    await t.services.notificationWorker.drain();
    const codes = providers.twilio.accepted
      .slice(seen)
      .filter((request) => request.form.To?.endsWith(phone))
      .map((request) => /\b(\d{6})\b/.exec(request.form.Body ?? '')?.[1])
      .filter((code) => code !== undefined);
    const code = codes.at(-1);
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const messages = await t.database
    .sql`select kind, channel, destination, status, last_error from notifications`;
  throw new Error(`no code reached ${phone}: ${JSON.stringify(messages)}`);
}

async function expectAxeClean(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe('the profile and the phone confirmation in a real browser', () => {
  let run = 0;
  for (const language of ['pt-BR', 'en'] as const) {
    for (const viewport of ['mobile', 'desktop'] as const satisfies readonly Viewport[]) {
      it(`edits the profile, the photo, notifications, language and password, and confirms the phone (${language}, ${viewport})`, async () => {
        run += 1;
        const text = texts[language];
        const phone = `+55119123456${String(run).padStart(2, '0')}`;
        const typedPhone = `(11) 91234-56${String(run).padStart(2, '0')}`;
        const patient = await signUpPatient(t, { name: 'Ana Conceição', language });
        const context = await browser.newContext({
          reducedMotion: 'reduce',
          baseURL: baseUrl,
          locale: language,
          viewport: viewports[viewport],
          timezoneId: 'Europe/Lisbon',
        });
        try {
          const page = await context.newPage();
          const label = (name: keyof typeof text.labels) =>
            page.getByLabel(new RegExp(`^${text.labels[name]}`));
          const section = (id: string) => page.locator(`section[aria-labelledby="${id}"]`);
          const status = (shown: string) =>
            expect.poll(() => page.getByRole('status').allInnerTexts()).toContain(shown);

          await page.goto('/sign-in');
          await page.getByLabel(new RegExp(`^${text.email}`)).fill(patient.email);
          await page.getByLabel(new RegExp(`^${text.password}`)).fill(patient.password);
          await page.getByRole('button', { name: text.signIn, exact: true }).click();
          await page.waitForURL('**/dashboard');
          // Neither contact is confirmed yet: the dashboard offers to confirm them.
          expect(
            await page.getByRole('link', { name: text.confirmPhone }).getAttribute('href'),
          ).toBe('/verify-phone?send=1');
          await page.getByRole('link', { name: text.nav }).click();
          await page.waitForURL('**/profile');
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.title);
          expect(await label('name').inputValue()).toBe('Ana Conceição');
          expect(await label('phone').inputValue()).toBe('(21) 98765-4321');
          expect(await label('state').inputValue()).toBe('RJ');
          await expectAxeClean(page);

          // Personal data: a new name, phone and address, the address from its CEP.
          await label('name').fill('Ana Conceição Lima');
          await label('phone').fill(typedPhone);
          await label('postCode').fill('01310-100');
          await label('houseNumber').click();
          await expect.poll(() => label('street').inputValue()).toBe('Avenida Paulista');
          expect(await label('district').inputValue()).toBe('Bela Vista');
          expect(await label('city').inputValue()).toBe('São Paulo');
          expect(await label('state').inputValue()).toBe('SP');
          await label('houseNumber').fill('1578');
          await page.getByRole('button', { name: text.savePersonal }).click();
          await status(text.personalSaved);
          await page.reload();
          await expect.poll(() => label('name').inputValue()).toBe('Ana Conceição Lima');
          expect(await label('phone').inputValue()).toBe(typedPhone);
          expect(await label('street').inputValue()).toBe('Avenida Paulista');
          expect(await label('houseNumber').inputValue()).toBe('1578');
          const [saved] = await t.database.sql<
            { name: string; phone: string; post_code: string; city: string }[]
          >`
            select u.name, u.phone, p.post_code, p.city from users u
            join patients p on p.user_id = u.id where u.id = ${patient.userId}`;
          expect(saved).toEqual({
            name: 'Ana Conceição Lima',
            phone,
            post_code: '01310100',
            city: 'São Paulo',
          });

          // The photo: a file too large and one that is no image are refused with a reason;
          // a real one is previewed, then saved.
          const fileInput = page.locator('input[type=file]');
          await fileInput.setInputFiles({
            name: 'huge.jpg',
            mimeType: 'image/jpeg',
            buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 0xff),
          });
          await expect.poll(() => page.getByRole('alert').allInnerTexts()).toContain(text.tooLarge);
          await fileInput.setInputFiles({
            name: 'notes.png',
            mimeType: 'image/png',
            buffer: Buffer.from('these are my notes, not a photo'),
          });
          await page.getByRole('button', { name: text.savePhoto }).click();
          await expect
            .poll(() => page.getByRole('alert').allInnerTexts())
            .toContain(text.notAnImage);
          await expectAxeClean(page);
          // A choice can be put back before it is sent.
          const me = { name: 'me.png', mimeType: 'image/png', buffer: await portrait() };
          const preview = page.getByRole('img', { name: text.preview });
          await fileInput.setInputFiles(me);
          await expect.poll(() => preview.count()).toBe(1);
          await page.getByRole('button', { name: text.cancel }).click();
          await expect.poll(() => preview.count()).toBe(0);
          await fileInput.setInputFiles(me);
          await expect.poll(() => preview.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
          await page.getByRole('button', { name: text.savePhoto }).click();
          await status(text.photoSaved);
          const current = page.getByRole('img', { name: text.current, exact: true });
          await expect
            .poll(() =>
              current.evaluate(
                (image) => (image as unknown as { naturalWidth: number }).naturalWidth,
              ),
            )
            .toBeGreaterThan(0);
          expect(await current.getAttribute('src')).toMatch(
            new RegExp(`^/api/v1/patients/${patient.registerNumber}/photo\\?v=\\d+$`),
          );

          // WhatsApp: what the patient agrees to is said before they turn it on.
          const whatsapp = page.getByRole('switch', { name: text.whatsapp });
          expect(await section('notifications').innerText()).toContain(text.consent);
          await whatsapp.check();
          await page.getByRole('button', { name: text.saveNotifications }).click();
          await status(text.notificationsSaved);
          await expect.poll(() => section('notifications').innerText()).toContain(text.optedIn);
          const [optIn] = await t.database.sql<{ whatsapp: boolean; now: boolean }[]>`
            select notify_whatsapp as whatsapp,
              whatsapp_opt_in_at = ${SUNDAY_MORNING.toISOString()}::timestamptz as now
            from users where id = ${patient.userId}`;
          expect(optIn).toEqual({ whatsapp: true, now: true });

          // The password: a wrong current one is said next to its field; the right one works.
          await label('current').fill('not-my-password');
          await label('new').fill('a-new-password-42');
          await page.getByRole('button', { name: text.savePassword }).click();
          await expect.poll(() => section('password').innerText()).toContain(text.wrongPassword);
          expect(await label('current').getAttribute('aria-invalid')).toBe('true');
          expect(await label('new').inputValue()).toBe('a-new-password-42');
          await label('current').fill(patient.password);
          await page.getByRole('button', { name: text.savePassword }).click();
          await expect
            .poll(() => page.getByRole('status').allInnerTexts())
            .toContainEqual(expect.stringContaining(text.passwordSaved));

          await screenshot(page, `profile.${language}.${viewport}`);
          await expectAxeClean(page);

          // The language: the app changes at once, and the account keeps it. The account's
          // saves and reloads are slowed, so the reload after the first change is still on its
          // way when the second change is made: its answer must not set the language back.
          await page.route('**/api/v1/auth/me', async (route) => {
            const slower = route.request().method() === 'PATCH' ? 600 : 300;
            await new Promise((resolve) => setTimeout(resolve, slower));
            await route.continue();
          });
          await page.getByRole('radio', { name: text.otherLanguage }).check();
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.otherTitle);
          const languageOf = async () =>
            (
              await t.database.sql<{ language: string }[]>`
                select language from users where id = ${patient.userId}`
            )[0]!.language;
          await expect.poll(languageOf).toBe(language === 'en' ? 'pt-BR' : 'en');
          const own = page.getByRole('radio', { name: text.language });
          await own.check();
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.title);
          await expect.poll(languageOf).toBe(language);
          await page.waitForLoadState('networkidle');
          expect(await own.isChecked()).toBe(true);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(text.title);
          // A slowed request still on its way when the test moves on is let go without an error.
          await page.unrouteAll({ behavior: 'ignoreErrors' });

          // The new phone is confirmed with the code it was sent (by WhatsApp, now chosen).
          const seen = providers.twilio.accepted.length;
          await section('personal').getByRole('link', { name: text.verify, exact: true }).click();
          await page.waitForURL('**/verify-phone');
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe(text.verifyTitle);
          const code = await phoneCode(phone, seen);
          const sent = providers.twilio.accepted
            .slice(seen)
            .find((r) => r.form.Body?.includes(code));
          expect(sent!.form.To).toBe(`whatsapp:${phone}`);
          await page.getByRole('textbox').first().click();
          await page.keyboard.type(code === '000000' ? '111111' : '000000');
          await expect.poll(() => page.getByRole('alert').innerText()).toContain(text.wrongCode);
          await screenshot(page, `verify-phone.${language}.${viewport}`);
          await expectAxeClean(page);
          await page.reload();
          await page.getByRole('textbox').first().click();
          await page.keyboard.type(code);
          await page.waitForURL('**/profile');
          // Badges are upper case on screen: their text is what the test compares.
          await expect
            .poll(() => section('personal').getByRole('link', { name: text.verify }).count())
            .toBe(0);
          expect(await section('personal').textContent()).toContain(text.verified);
          const [verified] = await t.database.sql<{ verified: boolean }[]>`
            select phone_verified_at is not null as verified from users
            where id = ${patient.userId}`;
          expect(verified).toEqual({ verified: true });

          // Signed out, the new password signs in.
          await page.getByRole('button', { name: text.signOut }).click();
          await page.waitForURL('**/sign-in');
          await page.getByLabel(new RegExp(`^${text.email}`)).fill(patient.email);
          await page.getByLabel(new RegExp(`^${text.password}`)).fill('a-new-password-42');
          await page.getByRole('button', { name: text.signIn, exact: true }).click();
          await page.waitForURL('**/dashboard');
        } finally {
          await context.close();
        }
      });
    }
  }

  it('says when the clinic cannot send phone codes at all, in both languages', async () => {
    // A second server on the same database, without any SMS or WhatsApp provider.
    const silent = await createTestApp(
      {
        ...SAO_PAULO_CLINIC,
        ...providers.env({ sms: false, whatsapp: false }),
        DATA_DIR: dataDir,
        CLINIC_NAME: 'Clínica São Lucas',
      },
      t,
    );
    try {
      await silent.app.listen({ host: '127.0.0.1', port: 0 });
      const silentUrl = `http://127.0.0.1:${(silent.app.server.address() as AddressInfo).port}`;
      for (const [language, unavailable] of [
        ['pt-BR', 'A clínica não consegue enviar códigos para celulares agora'],
        ['en', 'The clinic cannot send codes to phones right now'],
      ] as const) {
        const patient = await signUpPatient(t, { language });
        const context = await browser.newContext({
          reducedMotion: 'reduce',
          baseURL: silentUrl,
          locale: language,
          viewport: viewports.mobile,
        });
        try {
          const page = await context.newPage();
          const text = texts[language];
          await page.goto('/sign-in');
          await page.getByLabel(new RegExp(`^${text.email}`)).fill(patient.email);
          await page.getByLabel(new RegExp(`^${text.password}`)).fill(patient.password);
          await page.getByRole('button', { name: text.signIn, exact: true }).click();
          await page.waitForURL('**/dashboard');
          await page.getByRole('link', { name: text.confirmPhone }).click();
          await page.waitForURL('**/verify-phone');
          await expect
            .poll(() => page.getByRole('status').allInnerTexts())
            .toContainEqual(expect.stringContaining(unavailable));
          await screenshot(page, `verify-phone-unavailable.${language}.mobile`);
          await expectAxeClean(page);
        } finally {
          await context.close();
        }
      }
    } finally {
      await silent.close();
    }
  });
});
