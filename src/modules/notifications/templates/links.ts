import { pick } from './common.js';
import type { Language } from '../message.js';

/**
 * The web app's pages that messages send people to (the routes of web/src/app/app.tsx). Their
 * paths live here only: a page that moves is one line to change, not a hunt through the texts.
 */
const pages = {
  /** The patient's appointments, where they cancel or reschedule one. */
  appointments: '/appointments',
  book: '/book',
  records: '/records',
  verifyEmail: '/verify-email',
  verifyPhone: '/verify-phone',
  forgotPassword: '/forgot-password',
  /** Where staff land: the web app has no professional's day of its own yet. */
  start: '/',
} as const;

export type WebPage = keyof typeof pages;

/**
 * The address of a page under `PUBLIC_URL`, which may carry a path prefix
 * (`https://clinic.example/portal` → `https://clinic.example/portal/appointments`).
 */
export function pageUrl(publicUrl: string, page: WebPage): string {
  return `${publicUrl.replace(/\/+$/, '')}${pages[page]}`;
}

/** A link in a message: what it does, in the recipient's language, and where it goes. */
export interface MessageLink {
  label: string;
  url: string;
}

const labels: Record<WebPage, Record<Language, string>> = {
  appointments: { en: 'Cancel or reschedule', 'pt-BR': 'Cancelar ou remarcar' },
  book: { en: 'Book an appointment', 'pt-BR': 'Marcar consulta' },
  records: { en: 'See your lab report', 'pt-BR': 'Ver seu resultado' },
  verifyEmail: { en: 'Enter the code', 'pt-BR': 'Digitar o código' },
  verifyPhone: { en: 'Enter the code', 'pt-BR': 'Digitar o código' },
  forgotPassword: { en: 'Reset your password', 'pt-BR': 'Redefinir a senha' },
  start: { en: "Open the clinic's system", 'pt-BR': 'Acessar o sistema da clínica' },
};

/** The link to a page, labelled with what the recipient does there. */
export function messageLink(publicUrl: string, page: WebPage, language: Language): MessageLink {
  const label = labels[page];
  return { label: pick(language, label.en, label['pt-BR']), url: pageUrl(publicUrl, page) };
}

/**
 * A professional's SMS ends with this while it fits once names are down to first and last
 * (style `drop` in `fitSms`): they know their way to the web app, and what the SMS says of the
 * patient matters more.
 */
export function startSmsLink(publicUrl: string, language: Language): string {
  const url = pageUrl(publicUrl, 'start');
  return pick(language, `Open: ${url}`, `Acesse: ${url}`);
}
