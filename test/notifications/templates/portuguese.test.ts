import { describe, expect, it } from 'vitest';
import {
  isGsm7,
  notificationKinds,
  renderNotice,
  renderWhatsappBody,
  smsSegments,
  toGsm7,
  whatsappTemplates,
  type WhatsappTemplateName,
} from '../../../src/modules/notifications/templates/index.js';
import { queueMessages } from '../../../src/modules/queue/queue-messages.js';
import { fullInput } from './fixtures.js';

/**
 * Portuguese words as they are misspelt without their accents. Words that are also correct
 * without one ("esta", "agenda", "e") are not listed.
 */
const UNACCENTED = [
  'codigo',
  'voce',
  'voces',
  'nao',
  'sera',
  'horario',
  'medico',
  'medica',
  'consultorio',
  'amanha',
  'ate',
  'informacao',
  'informacoes',
  'clinica',
  'confirmacao',
  'verificacao',
  'alteracao',
  'sao',
  'ja',
  'tambem',
  'numero',
  'endereco',
  'usuario',
  'possivel',
  'disponivel',
  'proximo',
  'proxima',
  'atencao',
  'recepcao',
  'saude',
  'laboratorio',
  'automatica',
  'concluida',
  'ola',
  'historico',
  'prontuario',
  'sessao',
  'inicio',
  'termino',
  'periodo',
  'apos',
  'pagina',
  'ninguem',
  'alguem',
  'tres',
  'medio',
  'seguranca',
  'terca-feira',
  'sabado',
  'mudanca',
  'antecedencia',
];
const misspelling = new RegExp(`(?<![\\p{L}])(?:${UNACCENTED.join('|')})(?![\\p{L}])`, 'iu');

/** A day, hours and days before the appointment: "amanhã", "hoje" and the date. */
const sentAt = ['2026-12-06T12:00:00Z', '2026-12-07T10:00:00Z', '2026-12-04T12:00:00Z'];

function portugueseTexts(): { where: string; text: string }[] {
  const texts: { where: string; text: string }[] = [];
  for (const kind of notificationKinds)
    for (const audience of ['patient', 'professional', 'user'] as const)
      for (const when of sentAt) {
        const base = fullInput();
        const notice = renderNotice(
          fullInput({
            kind,
            audience,
            language: 'pt-BR',
            sentAt: when,
            // No reason and no room: the "not given" and "ask at the front desk" wordings too.
            appointment: {
              ...base.appointment!,
              reason: null,
              professional: { ...base.appointment!.professional, officeNumber: null },
              changes: [
                ...base.appointment!.changes,
                { field: 'professional', from: { name: 'Dr. Caio' }, to: { name: 'Dra. Duda' } },
                { field: 'reason', from: null, to: 'Retorno' },
              ],
            },
          }),
        );
        const where = `${kind} to the ${audience} (${when})`;
        texts.push(
          { where: `${where}: e-mail subject`, text: notice.email.subject },
          { where: `${where}: e-mail text`, text: notice.email.text },
          { where: `${where}: e-mail HTML`, text: notice.email.html.replace(/<[^>]+>/g, ' ') },
          {
            where: `${where}: WhatsApp`,
            text: renderWhatsappBody(
              notice.whatsapp.template as WhatsappTemplateName,
              'pt-BR',
              notice.whatsapp.parameters,
            ),
          },
        );
        // An SMS that kept its accents (one UCS-2 segment) must have all of them.
        if (!isGsm7(notice.sms)) texts.push({ where: `${where}: SMS`, text: notice.sms });
      }
  for (const [name, template] of Object.entries(whatsappTemplates))
    texts.push({ where: `template ${name}`, text: template.body['pt-BR'] });
  for (const waiting of [0, 1, 3])
    for (const waitMinutes of [0, 1, 45, 60, 90])
      texts.push({
        where: `queue sentence (${waiting} waiting, ${waitMinutes} min)`,
        text: queueMessages({
          waiting,
          waitMinutes,
          professionalName: 'Dra. Duda',
          professionalGender: 'female',
        }).messagePt,
      });
  return texts;
}

describe('Brazilian Portuguese texts', () => {
  it('keep their accents in every e-mail, WhatsApp template and queue sentence', () => {
    const texts = portugueseTexts();
    expect(texts.length).toBeGreaterThan(notificationKinds.length * 3 * 3 * 4);
    const wrong = texts
      .map(({ where, text }) => ({ where, found: misspelling.exec(text)?.[0] }))
      .filter((entry) => entry.found !== undefined);
    expect(wrong).toEqual([]);
  });

  it('the list catches what it is meant to', () => {
    expect(misspelling.test('Seu codigo de verificacao')).toBe(true);
    expect(misspelling.test('Voce tem consulta amanha')).toBe(true);
    expect(misspelling.test('Seu código de verificação')).toBe(false);
    expect(misspelling.test('esta mensagem, na agenda')).toBe(false);
  });

  it('SMS keep their accents when one segment holds them, else drop those GSM-7 lacks', () => {
    // "ó", "ã", "ê" are not in the GSM 03.38 alphabet: one of them makes the whole SMS UCS-2,
    // 70 characters a segment. A code's SMS fits that and keeps them.
    const code = renderNotice(
      fullInput({ kind: 'code.password_reset', audience: 'user', clinicName: 'ClinicDesk' }),
    ).sms;
    expect(code).toBe('Seu código ClinicDesk: 123456. Vale por 10 minutos. Não o compartilhe.');
    expect(smsSegments(code)).toBe(1);
    // With a longer clinic name it would take two UCS-2 segments: one GSM-7 segment instead,
    // where "é" and "à" stay.
    const longer = renderNotice(
      fullInput({ kind: 'code.password_reset', audience: 'user', clinicName: 'Clínica Boa Saúde' }),
    ).sms;
    expect(longer).toBe(
      'Seu codigo Clinica Boa Saude: 123456. Vale por 10 minutos. Nao o compartilhe.',
    );
    expect(smsSegments(longer)).toBe(1);
    expect(toGsm7('código, você, não, amanhã às 9h, é')).toBe('codigo, voce, nao, amanha às 9h, é');
  });
});
