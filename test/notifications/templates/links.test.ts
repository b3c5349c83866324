import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  isGsm7,
  notificationKinds,
  renderNotice,
  renderWhatsappBody,
  smsSegments,
  type NotificationKind,
  type WhatsappTemplateName,
} from '../../../src/modules/notifications/templates/index.js';
import { pageUrl } from '../../../src/modules/notifications/templates/links.js';
import { fullInput } from './fixtures.js';

type Audience = 'patient' | 'professional' | 'user';

/** The page each notice sends its reader to; undefined: it asks nothing of them. */
function expectedPath(kind: NotificationKind, audience: Audience): string | undefined {
  if (kind.startsWith('appointment.') || kind === 'lab_report.ready') {
    if (audience === 'professional') return '/';
    if (audience === 'user') return undefined;
  }
  switch (kind) {
    case 'appointment.booked':
    case 'appointment.rescheduled':
    case 'appointment.reminder':
      return '/appointments';
    case 'appointment.cancelled':
    case 'appointment.removed':
      return '/book';
    case 'lab_report.ready':
      return '/records';
    case 'password.changed':
    case 'code.password_reset':
      return '/forgot-password';
    case 'code.email_verification':
      return '/verify-email';
    case 'code.phone_verification':
      return '/verify-phone';
    case 'appointment.finished':
    case 'appointment.transferred':
      return undefined;
  }
}

/** Who receives each kind (the fan-out's audiences). */
function audiencesOf(kind: NotificationKind): Audience[] {
  if (kind === 'appointment.transferred') return ['professional'];
  if (kind.startsWith('appointment.') || kind === 'lab_report.ready')
    return ['patient', 'professional'];
  return ['user'];
}

const bases = ['https://agenda.example', 'https://clinic.example/portal'];

describe('every notice links to the page where its reader acts on it', () => {
  for (const base of bases)
    for (const kind of notificationKinds)
      for (const audience of audiencesOf(kind))
        for (const language of ['pt-BR', 'en'] as const) {
          const path = expectedPath(kind, audience);
          if (!path) continue;
          it(`${kind} to the ${audience} in ${language}, under ${base}`, () => {
            const url = `${base}${path}`;
            const notice = renderNotice(fullInput({ kind, audience, language, publicUrl: base }));
            expect(notice.email.text).toMatch(new RegExp(`^[^\\n]+: ${escape(url)}$`, 'm'));
            expect(notice.email.html).toContain(`<a href="${escapeHtml(url)}"`);
            if (kind.startsWith('code.')) {
              // The code's SMS and Meta's code template stay the code and its warning.
              expect(notice.sms).not.toContain(base);
              expect(notice.whatsapp.template).toBe('one_time_code');
              return;
            }
            // A professional's SMS leaves the link out rather than cut a name (see below).
            if (audience !== 'professional' || notice.sms.includes('https://'))
              expect(notice.sms.endsWith(url) || notice.sms.includes(`${url} `), notice.sms).toBe(
                true,
              );
            expect(isGsm7(notice.sms)).toBe(true);
            expect(smsSegments(notice.sms), notice.sms).toBe(1);
            expect(notice.whatsapp.parameters).toContain(url);
            const body = renderWhatsappBody(
              notice.whatsapp.template as WhatsappTemplateName,
              language,
              notice.whatsapp.parameters,
            );
            // Inside a sentence: never the last word, where phones would take a full stop with it.
            expect(body).toMatch(new RegExp(`${escape(url)}[ ,\\n]`));
          });
        }

  it('no link where nothing is asked: the thanks after a visit', () => {
    const notice = renderNotice(fullInput({ kind: 'appointment.finished', audience: 'patient' }));
    for (const text of [
      notice.email.text,
      notice.email.html,
      notice.sms,
      ...notice.whatsapp.parameters,
    ])
      expect(text).not.toContain('https://');
  });

  it('reads naturally: a labelled button in the e-mail, a sentence on WhatsApp', () => {
    const pt = renderNotice(fullInput({ kind: 'appointment.cancelled', audience: 'patient' }));
    expect(pt.email.text).toContain(
      'Para marcar outro horário, use o portal do paciente ou fale conosco.\n\n' +
        'Marcar consulta: https://agenda.example/book\n',
    );
    expect(pt.email.html).toMatch(
      /<a href="https:\/\/agenda\.example\/book" style="[^"]+">Marcar consulta<\/a>/,
    );
    expect(
      renderWhatsappBody('appointment_cancelled_patient', 'pt-BR', pt.whatsapp.parameters),
    ).toContain('Para marcar outro horário, acesse https://agenda.example/book ou fale conosco.');
    const en = renderNotice(
      fullInput({ kind: 'lab_report.ready', audience: 'patient', language: 'en' }),
    );
    expect(renderWhatsappBody('lab_report_ready_patient', 'en', en.whatsapp.parameters)).toContain(
      'sign in at https://agenda.example/records to see it.',
    );
    const code = renderNotice(
      fullInput({ kind: 'code.email_verification', audience: 'user', language: 'en' }),
    );
    expect(code.email.text).toContain(
      '123456\n\nIt expires in 10 minutes. Never share it: nobody from the clinic will ask you ' +
        'for it.\n\nEnter the code: https://agenda.example/verify-email\n\n',
    );
  });

  it('escapes the address in the HTML e-mail', () => {
    const { html } = renderNotice(
      fullInput({ kind: 'appointment.booked', publicUrl: 'https://clinic.example/a&b"c' }),
    ).email;
    expect(html).toContain('<a href="https://clinic.example/a&amp;b&quot;c/appointments"');
    expect(html).not.toContain('a&b"c');
  });

  it('a professional’s SMS has the link only where it fits with the names whole', () => {
    const removed = renderNotice(
      fullInput({ kind: 'appointment.removed', audience: 'professional', language: 'en' }),
    );
    expect(removed.sms).toBe(
      'Clinica Boa Saude: the appointment of Ana Souza (ZxcVaS-2) on Mon Dec 7, 9:00 AM was ' +
        'removed from your schedule (entered by mistake).',
    );
    // The e-mail and WhatsApp still have it.
    expect(removed.email.text).toContain("Open the clinic's system: https://agenda.example/\n");
    expect(removed.whatsapp.parameters).toContain('https://agenda.example/');
    const reminder = renderNotice(
      fullInput({ kind: 'appointment.reminder', audience: 'professional', language: 'en' }),
    );
    expect(reminder.sms).toBe(
      'Clinica Boa Saude: reminder: appointment with Ana Souza (ZxcVaS-2) tomorrow at 9:00 AM. ' +
        'Open: https://agenda.example/',
    );
  });
});

describe('pageUrl', () => {
  it('puts the page under PUBLIC_URL, path prefix and all', () => {
    expect(pageUrl('https://clinic.example', 'appointments')).toBe(
      'https://clinic.example/appointments',
    );
    expect(pageUrl('https://clinic.example/portal', 'book')).toBe(
      'https://clinic.example/portal/book',
    );
    expect(pageUrl('https://clinic.example/portal/', 'records')).toBe(
      'https://clinic.example/portal/records',
    );
    expect(pageUrl('https://clinic.example/portal', 'start')).toBe(
      'https://clinic.example/portal/',
    );
    expect(pageUrl('http://localhost:3000', 'verifyPhone')).toBe(
      'http://localhost:3000/verify-phone',
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
