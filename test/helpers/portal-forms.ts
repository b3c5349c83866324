import type { ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import type { TestApp } from './app.js';
import type { MailServer } from './mail-server.js';

export type PortalLanguage = 'pt-BR' | 'en';

/** The sign-up form's words in each language, as a patient reads them. */
export const signUpTexts = {
  'pt-BR': {
    create: 'Primeira vez? Crie sua conta',
    labels: {
      name: 'Nome completo',
      email: 'E-mail',
      password: 'Senha',
      phone: 'Celular',
      cpf: 'CPF (opcional)',
      birthDate: 'Data de nascimento',
      postCode: 'CEP',
      houseNumber: 'Número',
      state: 'Estado',
    },
    submit: 'Criar minha conta',
    verifyTitle: 'Confirme seu e-mail',
    wrongCode: 'O código está errado ou expirou. Peça um novo.',
  },
  en: {
    create: 'New here? Create an account',
    labels: {
      name: 'Full name',
      email: 'E-mail',
      password: 'Password',
      phone: 'Mobile phone',
      cpf: 'CPF (optional)',
      birthDate: 'Date of birth',
      postCode: 'CEP',
      houseNumber: 'Number',
      state: 'State',
    },
    submit: 'Create my account',
    verifyTitle: 'Confirm your e-mail',
    wrongCode: 'The code is wrong or has expired. Ask for a new one.',
  },
} as const;

/** A sign-up field by its label (labels of required fields end with Mantine's asterisk). */
export function signUpField(
  page: Page,
  language: PortalLanguage,
  name: keyof (typeof signUpTexts)['en']['labels'],
) {
  const label = signUpTexts[language].labels[name];
  return page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}`));
}

/** Fills the sign-up form as a patient would (the address's state comes from the CEP). */
export async function fillSignUpForm(
  page: Page,
  language: PortalLanguage,
  person: { name: string; email: string; password: string; phone: string; cpf: string },
): Promise<void> {
  const field = (name: Parameters<typeof signUpField>[2]) => signUpField(page, language, name);
  await field('name').fill(person.name);
  await field('email').fill(person.email);
  await field('password').fill(person.password);
  await field('phone').fill(person.phone);
  await field('cpf').fill(person.cpf);
  await field('birthDate').fill('1990-05-17');
  await field('postCode').fill('20031-170');
  await field('houseNumber').fill('100');
}

/**
 * Delivers the outbox until the `nth` message (1 first) to `to` that `matches` has arrived at
 * the real SMTP server, and returns it.
 */
export async function mailTo(
  t: TestApp,
  mail: MailServer,
  to: string,
  options: { nth?: number; matches?: (message: ParsedMail) => boolean } = {},
): Promise<ParsedMail> {
  const { nth = 1, matches = () => true } = options;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    await t.services.notificationWorker.drain();
    const message = mail.received.filter(
      (received) => JSON.stringify(received.to).includes(to) && matches(received),
    )[nth - 1];
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const outbox = await t.database.sql`select type, processed_at from outbox`;
  const messages = await t.database
    .sql`select kind, channel, status, last_error from notifications`;
  throw new Error(
    `no message reached ${to}: ${JSON.stringify({ outbox, messages, received: mail.received.length })}`,
  );
}

/** The 6-digit code of the `nth` code message to `to`. */
export async function codeSentTo(
  t: TestApp,
  mail: MailServer,
  to: string,
  nth = 1,
): Promise<string> {
  const message = await mailTo(t, mail, to, {
    nth,
    matches: (received) => /\b\d{6}\b/.test(received.text ?? ''),
  });
  return /\b(\d{6})\b/.exec(message.text ?? '')![1]!;
}
