import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  launchBrowser,
  screenshot,
  seriousViolations,
  viewports,
  type Viewport,
} from '../helpers/browser.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { codeSentTo, signUpField, signUpTexts } from '../helpers/portal-forms.js';

let t: TestApp;
let mail: MailServer;
let dataDir: string;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  mail = await startMailServer();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-sign-up-'));
  t = await createTestApp({
    DATA_DIR: dataDir,
    CLINIC_NAME: 'Clínica São Lucas',
    SMTP_URL: mail.url,
    MAIL_FROM: 'Clínica São Lucas <no-reply@saolucas.example>',
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await mail?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

const texts = {
  'pt-BR': {
    ...signUpTexts['pt-BR'],
    invalidCpf: 'Este CPF não é válido: confira os dígitos.',
    invalidPhone: 'Este número de telefone não é válido: confira o número e o DDD.',
    greeting: 'Olá, Joana',
    signOut: 'Sair',
    forgot: 'Esqueceu a senha?',
    send: 'Enviar o código',
    code: 'Código',
    newPassword: 'Nova senha',
    save: 'Salvar a nova senha',
    changed: 'Sua senha foi alterada.',
    signIn: 'Entrar',
  },
  en: {
    ...signUpTexts.en,
    invalidCpf: 'This CPF is not valid: check its digits.',
    invalidPhone: 'This is not a phone number we can reach: check it and its area code.',
    greeting: 'Hello, Joana',
    signOut: 'Sign out',
    forgot: 'Forgot your password?',
    send: 'Send the code',
    code: 'Code',
    newPassword: 'New password',
    save: 'Set the new password',
    changed: 'Your password was changed.',
    signIn: 'Sign in',
  },
} as const;

describe('signing up in a real browser', () => {
  for (const [language, viewport, phone, cpf] of [
    ['pt-BR', 'mobile', '(21) 98765-4321', '529.982.247-25'],
    ['en', 'desktop', '(11) 91234-5678', '111.444.777-35'],
  ] as [keyof typeof texts, Viewport, string, string][]) {
    it(`creates the account (address from the CEP), confirms the e-mail and resets a forgotten password (${language}, ${viewport})`, async () => {
      const text = texts[language];
      const email = `joana.${language.toLowerCase()}.${Date.now()}@example.com`;
      const context = await browser.newContext({
        reducedMotion: 'reduce',
        baseURL: baseUrl,
        locale: language,
        viewport: viewports[viewport],
      });
      try {
        const page = await context.newPage();
        const label = (name: keyof typeof text.labels) => signUpField(page, language, name);
        await page.goto('/sign-in');
        await page.getByRole('link', { name: text.create }).click();
        await page.waitForURL('**/sign-up');
        await screenshot(page, `sign-up.${language}.${viewport}`);
        expect(await seriousViolations(page)).toEqual([]);

        await label('name').fill('Joana Conceição');
        await label('email').fill(email);
        await label('password').fill('uma-senha-boa-123');
        // A number too short to be a phone is pointed out as the field is left.
        await label('phone').fill('(21) 9876');
        await label('cpf').fill('123.456.789-00');
        await expect.poll(() => page.locator('form').innerText()).toContain(text.invalidPhone);
        await label('phone').fill(phone);
        await label('birthDate').fill('1990-05-17');
        await label('postCode').fill('20031-170');
        await label('houseNumber').click();
        // The state comes from the CEP (offline table); the CPF is checked as it is left.
        await expect.poll(() => label('state').inputValue()).toBe('RJ');
        await expect.poll(() => page.locator('form').innerText()).toContain(text.invalidCpf);
        expect(await page.locator('form').innerText()).not.toContain(text.invalidPhone);
        await screenshot(page, `sign-up-errors.${language}.${viewport}`);
        expect(await seriousViolations(page)).toEqual([]);
        await label('cpf').fill(cpf);
        await label('houseNumber').fill('100');
        await page.getByRole('button', { name: text.submit }).click();

        await page.waitForURL('**/verify-email**');
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent())
          .toBe(text.verifyTitle);
        const code = await codeSentTo(t, mail, email);
        await page.getByRole('textbox').first().click();
        await page.keyboard.type(code === '000000' ? '111111' : '000000');
        await expect.poll(() => page.getByRole('alert').innerText()).toContain(text.wrongCode);
        await screenshot(page, `verify-email.${language}.${viewport}`);
        expect(await seriousViolations(page)).toEqual([]);
        await page.reload();
        await page.getByRole('textbox').first().click();
        await page.keyboard.type(code);
        await page.waitForURL('**/dashboard');
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent())
          .toBe(text.greeting);

        // Forgotten: a code by e-mail sets a new password, which then signs in.
        await page.getByRole('button', { name: text.signOut }).click();
        await page.waitForURL('**/sign-in');
        await page.getByRole('link', { name: text.forgot }).click();
        await page.waitForURL('**/forgot-password');
        await page.getByLabel(new RegExp(`^${text.labels.email}`)).fill(email);
        await page.getByRole('button', { name: text.send }).click();
        const resetCode = await codeSentTo(t, mail, email, 2);
        await page.getByLabel(new RegExp(`^${text.code}`)).fill(resetCode);
        await page.getByLabel(new RegExp(`^${text.newPassword}`)).fill('outra-senha-boa-456');
        await screenshot(page, `forgot-password.${language}.${viewport}`);
        expect(await seriousViolations(page)).toEqual([]);
        await page.getByRole('button', { name: text.save }).click();
        await expect.poll(() => page.getByRole('status').innerText()).toContain(text.changed);
        await page.goto('/sign-in');
        await label('email').fill(email);
        await page.getByLabel(new RegExp(`^${text.labels.password}`)).fill('outra-senha-boa-456');
        await page.getByRole('button', { name: text.signIn, exact: true }).click();
        await page.waitForURL('**/dashboard');

        const [user] = await t.database.sql<{ verified: boolean; language: string }[]>`
          select email_verified_at is not null as verified, language from users
          where email = ${email}`;
        expect(user).toEqual({ verified: true, language });
      } finally {
        await context.close();
      }
    });
  }
});
