import type { Language } from '../message.js';
import { renderEmail, type EmailContent } from './email.js';
import type { RenderInput, RenderedNotice } from './kinds.js';
import {
  whatsappLanguage,
  whatsappParameter,
  whatsappTemplates,
  type WhatsappTemplateName,
} from './whatsapp.js';

/** One notice's content on every channel, before the layout. */
export interface NoticeParts {
  email: EmailContent;
  /** Already in GSM-7 and fitted (see sms.ts `fitSms`). */
  sms: string;
  whatsapp: { template: WhatsappTemplateName; parameters: string[] };
}

/** The English or the Portuguese of a text. */
export function pick<T>(language: Language, en: T, pt: T): T {
  return language === 'en' ? en : pt;
}

export function greeting(language: Language, name: string): string {
  const clean = name.trim();
  if (clean === '') return pick(language, 'Hello,', 'Olá,');
  return pick(language, `Hello ${clean},`, `Olá, ${clean},`);
}

/** A sentence ending: adds a full stop unless the text already ends a sentence. */
export function sentence(text: string): string {
  const clean = text.trim();
  return /[.!?…]$/u.test(clean) ? clean : `${clean}.`;
}

/** Fails loudly when the worker left out what a kind needs: better than a half message. */
export function required<T>(value: T | undefined | null, what: string, input: RenderInput): T {
  if (value === undefined || value === null)
    throw new TypeError(`A ${input.kind} notice needs ${what}`);
  return value;
}

export function assemble(input: RenderInput, parts: NoticeParts): RenderedNotice {
  const template = whatsappTemplates[parts.whatsapp.template];
  const expected = template.parameters.length;
  if (parts.whatsapp.parameters.length !== expected)
    throw new Error(
      `WhatsApp template ${parts.whatsapp.template} takes ${expected} parameters, ` +
        `got ${parts.whatsapp.parameters.length}`,
    );
  return {
    email: renderEmail(parts.email, input.clinicName, input.language),
    sms: parts.sms,
    whatsapp: {
      template: parts.whatsapp.template,
      language: whatsappLanguage(input.language),
      parameters: parts.whatsapp.parameters.map(whatsappParameter),
    },
  };
}
