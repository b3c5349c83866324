import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatDateTime,
  formatShortDateTime,
  gsm7Length,
  isGsm7,
  notificationKinds,
  renderNotice,
  smsSegments,
  smsSize,
  toGsm7,
  whatsappTemplates,
} from '../../../src/modules/notifications/templates/index.js';
import {
  shortenName,
  shortenPrefix,
  shortenText,
} from '../../../src/modules/notifications/templates/sms.js';
import { appointment, fullInput, input } from './fixtures.js';

describe('GSM-7', () => {
  it('knows the basic set, the extension table and what is outside', () => {
    expect(isGsm7('Olá? é à ü ñ Ç @£$¥ _ ΔΩ')).toBe(false); // "á" is not in it
    expect(isGsm7('Ola! é à ü ñ Ç @£$¥ _ ΔΩ {[€]}')).toBe(true);
    for (const char of ['ã', 'õ', 'ç', 'ê', 'â', 'ô', 'á', 'í', 'ó', 'ú', '`', '’', '…', '😀'])
      expect(isGsm7(char), char).toBe(false);
    expect(gsm7Length('abc')).toBe(3);
    expect(gsm7Length('a€{')).toBe(5); // extension characters take two
    expect(gsm7Length('ã')).toBeNull();
  });

  it('counts segments: 160/153 in GSM-7, 70/67 in UCS-2', () => {
    expect(smsSegments('')).toBe(0);
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('a'.repeat(306))).toBe(2);
    expect(smsSegments('a'.repeat(307))).toBe(3);
    expect(smsSize('€'.repeat(80))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    // An escape pair is never split: 152 plain + "€" does not fit in the first 153-septet part.
    expect(smsSize(`${'a'.repeat(152)}€${'a'.repeat(10)}`).segments).toBe(2);
    expect(smsSize('ã'.repeat(70))).toEqual({ encoding: 'UCS-2', length: 70, segments: 1 });
    expect(smsSegments('ã'.repeat(71))).toBe(2);
    expect(smsSegments('ã'.repeat(134))).toBe(2);
    expect(smsSegments('ã'.repeat(135))).toBe(3);
  });

  it('transliterates to GSM-7, keeping the letters it has', () => {
    expect(toGsm7('Conceição Ânima Côrtes Ávila São João')).toBe(
      'Conceicao Anima Cortes Avila Sao Joao',
    );
    expect(toGsm7('José Müller Muñoz à Ça')).toBe('José Müller Muñoz à Ça');
    expect(toGsm7('Łukasz “Œuvre” – 12º…')).toBe('Lukasz "OEuvre" - 12o...');
    expect(isGsm7(toGsm7('Ünïcödé ŝţŕïñĝ 😀 中文'))).toBe(true);
  });
});

describe('SMS fit in one segment for realistic long inputs', () => {
  const longName = 'Maria da Conceição Aparecida dos Santos Ferreira Albuquerque'; // 60
  const longProfessional = 'Dra. Ângela Cristina Conceição Magalhães de Vasconcellos Lima'; // 60
  const longSpecialty = 'Otorrinolaringologia e Cirurgia de Cabeça'; // 40
  const longAppointment = {
    ...appointment,
    startsAt: '2026-09-30T23:45:00-03:00',
    endsAt: '2026-10-01T00:15:00-03:00',
    cancelReason:
      'O profissional precisou se ausentar por motivo de saúde; a clínica entrará em contato para remarcar a consulta no primeiro horário disponível da próxima semana.',
    reason: 'Dor de cabeça persistente há três semanas, com tontura',
    patient: { name: longName, registerNumber: 'ZxcVaS-2' },
    professional: {
      name: longProfessional,
      councilNumber: '123456-SP',
      specialty: longSpecialty,
      officeNumber: '1204-B',
    },
    changes: [
      { field: 'startsAt', from: '2026-09-28T08:00:00-03:00', to: '2026-09-30T23:45:00-03:00' },
      { field: 'endsAt', from: '2026-09-28T08:30:00-03:00', to: '2026-10-01T00:15:00-03:00' },
      {
        field: 'professional',
        from: {
          councilNumber: '9876-RJ',
          name: 'Dr. Sebastião Bartolomeu Gonçalves Nogueira Júnior',
        },
        to: { councilNumber: '123456-SP', name: longProfessional },
      },
    ],
  };

  for (const kind of notificationKinds)
    for (const audience of ['patient', 'professional', 'user'] as const)
      for (const language of ['pt-BR', 'en'] as const)
        it(`${kind} to the ${audience} in ${language}`, () => {
          const { sms } = renderNotice(
            fullInput({
              kind,
              audience,
              language,
              recipientName: longName,
              clinicName: 'Clínica Médica São Sebastião e Nossa Senhora',
              // A long but real address: the link is never cut, the names make room.
              publicUrl: 'https://clinicasaosebastiao.com.br',
              appointment: longAppointment,
              labReport: { lab: 'Laboratório de Análises Clínicas São Lucas e Santa Cecília' },
              // Three days ahead: the reminder writes the date, its longest form.
              sentAt: '2026-09-27T12:00:00Z',
            }),
          );
          expect(isGsm7(sms), sms).toBe(true);
          expect(gsm7Length(sms), sms).toBeLessThanOrEqual(160);
          expect(smsSegments(sms)).toBe(1);
          expect(sms).not.toMatch(/undefined|null|\(\)|\s\s/);
        });

  it('shortens names sensibly: first and last name', () => {
    const { sms } = renderNotice(
      input({
        kind: 'appointment.booked',
        clinicName: 'Clínica Médica São Sebastião e Nossa Senhora',
        appointment: longAppointment,
      }),
    );
    expect(sms).toMatch(/Dra\. Lima|Dra\. Angela|Vasconcellos Lima/);
    expect(gsm7Length(sms)).toBeLessThanOrEqual(160);
  });
});

describe('HTML e-mail', () => {
  it('escapes every interpolated value', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    const evil = '<script>alert("x")</script>';
    for (const kind of notificationKinds)
      for (const audience of ['patient', 'professional'] as const) {
        const {
          email: { html },
        } = renderNotice(
          fullInput({
            kind,
            audience,
            recipientName: `Ana ${evil}`,
            clinicName: `Clínica <b>&</b>`,
            labReport: { lab: `Lab ${evil}` },
            code: { value: '<123456>', minutes: 10 },
            appointment: {
              ...appointment,
              reason: evil,
              cancelReason: evil,
              patient: { name: `Ana ${evil}`, registerNumber: '<rn>' },
              professional: {
                ...appointment.professional,
                name: `Dr. ${evil}`,
                specialty: evil,
                officeNumber: '<12>',
              },
              changes: [
                {
                  field: 'startsAt',
                  from: '2026-12-07T08:00:00-03:00',
                  to: '2026-12-07T09:00:00-03:00',
                },
                { field: 'reason', from: evil, to: `"${evil}"` },
              ],
            },
          }),
        );
        expect(html, kind).not.toContain('<script');
        expect(html, kind).not.toContain('<b>');
        expect(html, kind).not.toContain('<rn>');
        expect(html, kind).not.toContain('<123456>');
        expect(html, kind).not.toContain('<12>');
        expect(html).toContain('Clínica &lt;b&gt;&amp;&lt;/b&gt;');
      }
  });

  it('is a small accessible page: language, title, presentation tables, row headers', () => {
    const { html } = renderNotice(input({ language: 'en' })).email;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<title>Appointment booked: Monday, December 7, 2026, 9:00 AM</title>');
    expect(html).toContain('role="presentation"');
    expect(html).toMatch(/<th scope="row"[^>]*>Date and time<\/th>/);
    expect(html).not.toMatch(/<style|<link|<img|<script/);
    expect(html).toContain('Clínica Boa Saúde');
  });
});

describe('dates in the appointment zone and the recipient language', () => {
  it('writes the long and the short forms', () => {
    const at = '2026-12-07T09:00:00-03:00';
    expect(formatDateTime(at, 'America/Sao_Paulo', 'pt-BR')).toBe(
      'segunda-feira, 7 de dezembro de 2026, 09:00',
    );
    expect(formatDateTime(at, 'America/Sao_Paulo', 'en')).toBe('Monday, December 7, 2026, 9:00 AM');
    expect(formatShortDateTime(at, 'America/Sao_Paulo', 'pt-BR')).toBe('seg 07/12, 09:00');
    expect(formatShortDateTime(at, 'America/Sao_Paulo', 'en')).toBe('Mon Dec 7, 9:00 AM');
    expect(formatDateTime('2026-12-07T03:05:00Z', 'America/Sao_Paulo', 'pt-BR')).toBe(
      'segunda-feira, 7 de dezembro de 2026, 00:05',
    );
    expect(formatDateTime('2026-12-07T03:05:00Z', 'America/Sao_Paulo', 'en')).toBe(
      'Monday, December 7, 2026, 12:05 AM',
    );
  });

  it('keeps the local time across the DST changes of America/New_York', () => {
    const ny = 'America/New_York';
    // Spring forward: Sunday 2026-03-08 02:00 EST → 03:00 EDT.
    expect(formatDateTime('2026-03-07T14:00:00Z', ny, 'en')).toBe(
      'Saturday, March 7, 2026, 9:00 AM',
    );
    expect(formatDateTime('2026-03-09T13:00:00Z', ny, 'en')).toBe('Monday, March 9, 2026, 9:00 AM');
    expect(formatDateTime('2026-03-08T06:59:00Z', ny, 'en')).toBe('Sunday, March 8, 2026, 1:59 AM');
    expect(formatDateTime('2026-03-08T07:00:00Z', ny, 'en')).toBe('Sunday, March 8, 2026, 3:00 AM');
    // Fall back: Sunday 2026-11-01 02:00 EDT → 01:00 EST; 1:30 happens twice.
    expect(formatDateTime('2026-11-01T05:30:00Z', ny, 'pt-BR')).toBe(
      'domingo, 1 de novembro de 2026, 01:30',
    );
    expect(formatDateTime('2026-11-01T06:30:00Z', ny, 'pt-BR')).toBe(
      'domingo, 1 de novembro de 2026, 01:30',
    );
    expect(formatDateTime('2026-11-02T14:00:00Z', ny, 'en')).toBe(
      'Monday, November 2, 2026, 9:00 AM',
    );
  });

  it('in a notice: a move across the change keeps 9:00 AM, and the reminder says tomorrow', () => {
    const nyAppointment = {
      ...appointment,
      timeZone: 'America/New_York',
      startsAt: '2026-03-09T09:00:00-04:00',
      endsAt: '2026-03-09T09:30:00-04:00',
      changes: [
        { field: 'startsAt', from: '2026-03-06T09:00:00-05:00', to: '2026-03-09T09:00:00-04:00' },
        { field: 'endsAt', from: '2026-03-06T09:30:00-05:00', to: '2026-03-09T09:30:00-04:00' },
      ],
    };
    const moved = renderNotice(
      input({ kind: 'appointment.rescheduled', language: 'en', appointment: nyAppointment }),
    );
    expect(moved.email.text).toContain(
      '- Date and time: Friday, March 6, 2026, 9:00 AM → Monday, March 9, 2026, 9:00 AM',
    );
    const reminder = renderNotice(
      input({
        kind: 'appointment.reminder',
        language: 'en',
        appointment: nyAppointment,
        // Sunday 09:00 in New York, the day after the change.
        sentAt: '2026-03-08T13:00:00Z',
      }),
    );
    expect(reminder.email.subject).toBe('Reminder: your appointment is tomorrow at 9:00 AM');
  });
});

describe('docs/whatsapp-templates.md', () => {
  const doc = readFileSync(new URL('../../../docs/whatsapp-templates.md', import.meta.url), 'utf8');

  it('lists every template, with each body as the code sends it', () => {
    for (const [name, template] of Object.entries(whatsappTemplates)) {
      expect(doc).toContain(`### \`${name}\``);
      for (const language of ['en', 'pt-BR'] as const) {
        expect(doc, `${name} ${language}`).toContain(
          `\`\`\`text\n${template.body[language]}\n\`\`\``,
        );
        const placeholders = new Set(template.body[language].match(/\{\{\d+\}\}/g));
        expect(placeholders.size, `${name} ${language}`).toBe(template.parameters.length);
      }
    }
  });
});

describe('shortening for SMS', () => {
  it('keeps names recognisable and clinic names from their beginning', () => {
    expect(shortenName('Dra. Ângela Cristina Magalhães Lima', 20)).toBe('Dra. Ângela Lima');
    expect(shortenName('Dra. Ângela Cristina Magalhães Lima', 14)).toBe('Dra. Ângela L.');
    expect(shortenName('Maria da Conceição Albuquerque', 20)).toBe('Maria Albuquerque');
    expect(shortenName('Ana Souza', 20)).toBe('Ana Souza');
    expect(shortenPrefix('Clínica São Sebastião e Nossa Senhora', 26)).toBe(
      'Clínica São Sebastião',
    );
    expect(shortenText('Dor de cabeça persistente há três semanas', 20)).toBe('Dor de cabeça...');
  });
});
