import { describe, expect, it } from 'vitest';
import {
  notificationKinds,
  renderNotice,
  renderWhatsappBody,
  smsSegments,
  whatsappTemplates,
  type RenderInput,
  type WhatsappTemplateName,
} from '../../../src/modules/notifications/templates/index.js';
import { appointment, fullInput, input } from './fixtures.js';

const languages = ['pt-BR', 'en'] as const;
const audiences = ['patient', 'professional', 'user'] as const;

describe('every kind, audience and language', () => {
  for (const kind of notificationKinds)
    for (const audience of audiences)
      for (const language of languages)
        it(`${kind} to the ${audience} in ${language}`, () => {
          const notice = renderNotice(fullInput({ kind, audience, language }));
          const texts = [
            notice.email.subject,
            notice.email.text,
            notice.email.html,
            notice.sms,
            notice.whatsapp.template,
            ...notice.whatsapp.parameters,
          ];
          for (const text of texts) {
            expect(text.trim()).not.toBe('');
            expect(text).not.toMatch(/undefined|null|NaN|\[object Object\]|\{\{\d+\}\}/);
          }
          expect(notice.email.subject).not.toMatch(/\n/);
          expect(notice.whatsapp.language).toBe(language === 'en' ? 'en' : 'pt_BR');
          const template = whatsappTemplates[notice.whatsapp.template as WhatsappTemplateName];
          expect(template).toBeDefined();
          expect(notice.whatsapp.parameters).toHaveLength(template.parameters.length);
          for (const parameter of notice.whatsapp.parameters)
            expect(parameter).not.toMatch(/[\n\r\t]| {5}/);
        });
});

describe('what a kind needs', () => {
  it('fails loudly without an appointment, a code or a lab', () => {
    expect(() => renderNotice(input({ appointment: undefined }))).toThrow(/appointment/);
    expect(() => renderNotice(input({ kind: 'code.password_reset' }))).toThrow(/code/);
    expect(() => renderNotice(input({ kind: 'lab_report.ready' }))).toThrow(/lab report/);
  });
});

describe('appointment booked', () => {
  it('to the patient, in Portuguese', () => {
    const notice = renderNotice(input());
    expect(notice.email.subject).toBe(
      'Consulta marcada: segunda-feira, 7 de dezembro de 2026, 09:00',
    );
    expect(notice.email.text).toBe(
      [
        'Olá, Ana Souza,',
        '',
        'Sua consulta está marcada.',
        '',
        'Profissional: Dr. Caio',
        'Especialidade: Clínica Geral',
        'Sala: 12',
        'Data e horário: segunda-feira, 7 de dezembro de 2026, 09:00',
        '',
        'Se não puder comparecer, cancele ou nos avise com antecedência.',
        '',
        'Cancelar ou remarcar: https://agenda.example/appointments',
        '',
        '-- ',
        'Clínica Boa Saúde · mensagem automática',
        '',
      ].join('\n'),
    );
    expect(notice.sms).toBe(
      'Clinica Boa Saude: consulta marcada com Dr. Caio (Clinica Geral), seg 07/12, 09:00, sala 12. Remarcar ou cancelar: https://agenda.example/appointments',
    );
    expect(notice.whatsapp).toEqual({
      template: 'appointment_booked_patient',
      language: 'pt_BR',
      parameters: [
        'Ana Souza',
        'Clínica Boa Saúde',
        'Dr. Caio',
        'Clínica Geral',
        'segunda-feira, 7 de dezembro de 2026, 09:00',
        '12',
        'https://agenda.example/appointments',
      ],
    });
  });

  it('to the patient, in English', () => {
    const notice = renderNotice(input({ language: 'en' }));
    expect(notice.email.subject).toBe('Appointment booked: Monday, December 7, 2026, 9:00 AM');
    expect(notice.email.text).toBe(
      [
        'Hello Ana Souza,',
        '',
        'Your appointment is booked.',
        '',
        'Professional: Dr. Caio',
        'Specialty: Clínica Geral',
        'Room: 12',
        'Date and time: Monday, December 7, 2026, 9:00 AM',
        '',
        "If you can't make it, please cancel or let us know in advance.",
        '',
        'Cancel or reschedule: https://agenda.example/appointments',
        '',
        '-- ',
        'Clínica Boa Saúde · automatic message',
        '',
      ].join('\n'),
    );
    expect(notice.sms).toBe(
      'Clinica Boa Saude: appointment booked with Dr. Caio (Clinica Geral), Mon Dec 7, 9:00 AM, room 12. Change or cancel: https://agenda.example/appointments',
    );
    expect(renderWhatsappBody('appointment_booked_patient', 'en', notice.whatsapp.parameters)).toBe(
      'Hello Ana Souza, this is Clínica Boa Saúde. Your appointment is booked.\n\n' +
        'Professional: Dr. Caio\nSpecialty: Clínica Geral\n' +
        'Date and time: Monday, December 7, 2026, 9:00 AM\nRoom: 12\n\n' +
        "If you can't make it, please cancel at https://agenda.example/appointments or let us " +
        'know in advance.',
    );
  });

  it('to the professional: the patient with the register number, never a contact', () => {
    const pt = renderNotice(input({ audience: 'professional', recipientName: 'Dr. Caio' }));
    expect(pt.email.subject).toBe(
      'Nova consulta: Ana Souza, segunda-feira, 7 de dezembro de 2026, 09:00',
    );
    expect(pt.email.text).toContain(
      [
        'Olá, Dr. Caio,',
        '',
        'Uma nova consulta foi marcada com você.',
        '',
        'Paciente: Ana Souza (ZxcVaS-2)',
        'Data e horário: segunda-feira, 7 de dezembro de 2026, 09:00',
        'Motivo: Check-up',
      ].join('\n'),
    );
    expect(pt.sms).toBe(
      'Clinica Boa Saude: nova consulta com Ana Souza (ZxcVaS-2), seg 07/12, 09:00. Acesse: https://agenda.example/',
    );
    expect(pt.whatsapp.parameters).toEqual([
      'Dr. Caio',
      'Clínica Boa Saúde',
      'Ana Souza (ZxcVaS-2)',
      'segunda-feira, 7 de dezembro de 2026, 09:00',
      'Check-up',
      'https://agenda.example/',
    ]);

    const en = renderNotice(
      input({ audience: 'professional', recipientName: 'Dr. Caio', language: 'en' }),
    );
    expect(en.email.subject).toBe('New appointment: Ana Souza, Monday, December 7, 2026, 9:00 AM');
    expect(en.email.text).toContain(
      [
        'Hello Dr. Caio,',
        '',
        'A new appointment was booked with you.',
        '',
        'Patient: Ana Souza (ZxcVaS-2)',
        'Date and time: Monday, December 7, 2026, 9:00 AM',
        'Reason: Check-up',
      ].join('\n'),
    );
    expect(en.sms).toBe(
      'Clinica Boa Saude: new appointment with Ana Souza (ZxcVaS-2), Mon Dec 7, 9:00 AM. Open: https://agenda.example/',
    );
    expect(en.email.text).not.toMatch(/@/);
  });

  it('leaves out the room when there is none, and says so on WhatsApp', () => {
    const noRoom = {
      ...appointment,
      professional: { ...appointment.professional, officeNumber: null },
    };
    const notice = renderNotice(input({ appointment: noRoom, language: 'en' }));
    expect(notice.email.text).not.toContain('Room');
    expect(notice.sms).not.toContain('room');
    expect(notice.whatsapp.parameters[5]).toBe('ask at the front desk');
  });
});

describe('appointment rescheduled: what changed, from and to', () => {
  const moved = {
    ...appointment,
    startsAt: '2026-12-08T10:00:00-03:00',
    endsAt: '2026-12-08T10:30:00-03:00',
    professional: {
      name: 'Dra. Duda',
      councilNumber: '1234-SP',
      specialty: 'Cardiologia',
      officeNumber: '3',
    },
    changes: [
      { field: 'startsAt', from: '2026-12-07T09:00:00-03:00', to: '2026-12-08T10:00:00-03:00' },
      { field: 'endsAt', from: '2026-12-07T09:30:00-03:00', to: '2026-12-08T10:30:00-03:00' },
      {
        field: 'professional',
        from: { councilNumber: '9876-RJ', name: 'Dr. Caio' },
        to: { councilNumber: '1234-SP', name: 'Dra. Duda' },
      },
    ],
  };

  it('to the patient, in Portuguese', () => {
    const notice = renderNotice(input({ kind: 'appointment.rescheduled', appointment: moved }));
    expect(notice.email.subject).toBe(
      'Sua consulta foi alterada: agora terça-feira, 8 de dezembro de 2026, 10:00',
    );
    expect(notice.email.text).toBe(
      [
        'Olá, Ana Souza,',
        '',
        'Sua consulta foi alterada. O que mudou:',
        '',
        '- Data e horário: segunda-feira, 7 de dezembro de 2026, 09:00 → terça-feira, 8 de dezembro de 2026, 10:00',
        '- Profissional: Dr. Caio → Dra. Duda',
        '',
        'Sua consulta agora:',
        'Profissional: Dra. Duda',
        'Especialidade: Cardiologia',
        'Sala: 3',
        'Data e horário: terça-feira, 8 de dezembro de 2026, 10:00',
        '',
        'Se a mudança não for boa para você, nos avise.',
        '',
        'Cancelar ou remarcar: https://agenda.example/appointments',
        '',
        '-- ',
        'Clínica Boa Saúde · mensagem automática',
        '',
      ].join('\n'),
    );
    expect(notice.email.text).not.toContain('10:30'); // the end moves with the start: shown once
    expect(notice.sms).toBe(
      'Clinica Boa Saude: sua consulta mudou. Agora: ter 08/12, 10:00 com Dra. Duda, sala 3. Remarcar ou cancelar: https://agenda.example/appointments',
    );
    expect(notice.whatsapp.parameters[2]).toBe(
      'Data e horário: segunda-feira, 7 de dezembro de 2026, 09:00 → terça-feira, 8 de dezembro de 2026, 10:00; ' +
        'Profissional: Dr. Caio → Dra. Duda',
    );
  });

  it('to the patient, in English', () => {
    const notice = renderNotice(
      input({ kind: 'appointment.rescheduled', appointment: moved, language: 'en' }),
    );
    expect(notice.email.text).toContain(
      [
        'Your appointment has changed. What changed:',
        '',
        '- Date and time: Monday, December 7, 2026, 9:00 AM → Tuesday, December 8, 2026, 10:00 AM',
        '- Professional: Dr. Caio → Dra. Duda',
        '',
        'Your appointment now:',
        'Professional: Dra. Duda',
        'Specialty: Cardiologia',
        'Room: 3',
        'Date and time: Tuesday, December 8, 2026, 10:00 AM',
      ].join('\n'),
    );
    expect(notice.sms).toBe(
      'Clinica Boa Saude: appointment changed. Now: Tue Dec 8, 10:00 AM with Dra. Duda, room 3. Change or cancel: https://agenda.example/appointments',
    );
  });

  it('within the same day, as times; a reason from nothing', () => {
    const sameDay = {
      ...appointment,
      startsAt: '2026-12-07T10:00:00-03:00',
      endsAt: '2026-12-07T10:30:00-03:00',
      changes: [
        { field: 'startsAt', from: '2026-12-07T09:00:00-03:00', to: '2026-12-07T10:00:00-03:00' },
        { field: 'endsAt', from: '2026-12-07T09:30:00-03:00', to: '2026-12-07T10:30:00-03:00' },
        { field: 'reason', from: null, to: 'Retorno' },
      ],
    };
    const en = renderNotice(
      input({
        kind: 'appointment.rescheduled',
        appointment: sameDay,
        language: 'en',
        audience: 'professional',
        recipientName: 'Dr. Caio',
      }),
    );
    expect(en.email.text).toContain(
      [
        'The appointment of Ana Souza (ZxcVaS-2) has changed. What changed:',
        '',
        '- Time: 9:00 AM → 10:00 AM',
        '- Reason: (none) → Retorno',
      ].join('\n'),
    );
    expect(en.whatsapp.parameters[3]).toBe('Time: 9:00 AM → 10:00 AM; Reason: (none) → Retorno');
    const pt = renderNotice(input({ kind: 'appointment.rescheduled', appointment: sameDay }));
    expect(pt.email.text).toContain('- Horário: 09:00 → 10:00\n- Motivo: (nenhum) → Retorno');
  });
});

describe('appointment transferred: to the former professional, as it was for them', () => {
  // What the fan-out gives the former professional: their name and the old times.
  const asItWas = {
    ...appointment,
    changes: [
      { field: 'startsAt', from: '2026-12-07T09:00:00-03:00', to: '2026-12-08T10:00:00-03:00' },
      { field: 'endsAt', from: '2026-12-07T09:30:00-03:00', to: '2026-12-08T10:30:00-03:00' },
      {
        field: 'professional',
        from: { councilNumber: '9876-RJ', name: 'Dr. Caio' },
        to: { councilNumber: '1234-SP', name: 'Dra. Duda' },
      },
    ],
  };
  const transferred = (language: 'en' | 'pt-BR') =>
    renderNotice(
      input({
        kind: 'appointment.transferred',
        audience: 'professional',
        recipientName: 'Dr. Caio',
        appointment: asItWas,
        language,
      }),
    );

  it('in English: the old time, the new professional, off the schedule', () => {
    const notice = transferred('en');
    expect(notice.email.subject).toBe(
      'Appointment moved: Ana Souza, Monday, December 7, 2026, 9:00 AM',
    );
    expect(notice.email.text).toBe(
      [
        'Hello Dr. Caio,',
        '',
        'The appointment of Ana Souza (ZxcVaS-2) on Monday, December 7, 2026, 9:00 AM was moved to Dra. Duda. It is no longer on your schedule.',
        '',
        'Patient: Ana Souza (ZxcVaS-2)',
        'Date and time: Monday, December 7, 2026, 9:00 AM',
        '',
        "Open the clinic's system: https://agenda.example/",
        '',
        '-- ',
        'Clínica Boa Saúde · automatic message',
        '',
      ].join('\n'),
    );
    expect(notice.email.text).not.toContain('December 8');
    expect(notice.sms).toBe(
      'Clinica Boa Saude: the appointment of Ana Souza (ZxcVaS-2) on Mon Dec 7, 9:00 AM was moved to Dra. Duda. Open: https://agenda.example/',
    );
    expect(smsSegments(notice.sms)).toBe(1);
    expect(notice.whatsapp).toEqual({
      template: 'appointment_transferred_professional',
      language: 'en',
      parameters: [
        'Dr. Caio',
        'Clínica Boa Saúde',
        'Ana Souza (ZxcVaS-2)',
        'Monday, December 7, 2026, 9:00 AM',
        'Dra. Duda',
        'https://agenda.example/',
      ],
    });
    expect(
      renderWhatsappBody('appointment_transferred_professional', 'en', notice.whatsapp.parameters),
    ).toContain('Moved to: Dra. Duda\n\nIt is no longer on your schedule.');
  });

  it('in Portuguese', () => {
    const notice = transferred('pt-BR');
    expect(notice.email.subject).toBe(
      'Consulta transferida: Ana Souza, segunda-feira, 7 de dezembro de 2026, 09:00',
    );
    expect(notice.email.text).toContain(
      [
        'A consulta de Ana Souza (ZxcVaS-2) em segunda-feira, 7 de dezembro de 2026, 09:00 foi transferida para Dra. Duda. Ela não está mais na sua agenda.',
        '',
        'Paciente: Ana Souza (ZxcVaS-2)',
        'Data e horário: segunda-feira, 7 de dezembro de 2026, 09:00',
      ].join('\n'),
    );
    expect(notice.sms).toBe(
      'Clinica Boa Saude: a consulta de Ana Souza (ZxcVaS-2) em seg 07/12, 09:00 foi transferida para Dra. Duda. Acesse: https://agenda.example/',
    );
    expect(smsSegments(notice.sms)).toBe(1);
    expect(notice.whatsapp).toEqual({
      template: 'appointment_transferred_professional',
      language: 'pt_BR',
      parameters: [
        'Dr. Caio',
        'Clínica Boa Saúde',
        'Ana Souza (ZxcVaS-2)',
        'segunda-feira, 7 de dezembro de 2026, 09:00',
        'Dra. Duda',
        'https://agenda.example/',
      ],
    });
    expect(
      renderWhatsappBody(
        'appointment_transferred_professional',
        'pt-BR',
        notice.whatsapp.parameters,
      ),
    ).toContain('Transferida para: Dra. Duda\n\nEla não está mais na sua agenda.');
  });

  it('with long names, still one GSM-7 segment, with names shortened', () => {
    const notice = renderNotice(
      input({
        kind: 'appointment.transferred',
        audience: 'professional',
        recipientName: 'Dr. Caio',
        clinicName: 'Clínica Médica São Sebastião e Nossa Senhora',
        appointment: {
          ...asItWas,
          patient: {
            name: 'Maria da Conceição Aparecida dos Santos Ferreira',
            registerNumber: 'ZxcVaS-2',
          },
          changes: [
            {
              field: 'professional',
              from: { councilNumber: '9876-RJ', name: 'Dr. Caio' },
              to: {
                councilNumber: '1234-SP',
                name: 'Dra. Ângela Cristina Magalhães de Vasconcellos Lima',
              },
            },
          ],
        },
      }),
    );
    expect(smsSegments(notice.sms)).toBe(1);
    expect(notice.sms).toMatch(/foi transferida para Dra\. (Angela )?.*Lima\.$/);
  });
});

describe('appointment cancelled, with the reason', () => {
  const cancelled = {
    ...appointment,
    cancelReason: 'Médico em congresso',
    changes: [{ field: 'status', from: 'scheduled', to: 'cancelled' }],
  };

  it('in Portuguese and English', () => {
    const pt = renderNotice(input({ kind: 'appointment.cancelled', appointment: cancelled }));
    expect(pt.email.subject).toBe(
      'Consulta cancelada: segunda-feira, 7 de dezembro de 2026, 09:00',
    );
    expect(pt.email.text).toContain(
      [
        'Sua consulta foi cancelada.',
        '',
        'Profissional: Dr. Caio',
        'Especialidade: Clínica Geral',
        'Sala: 12',
        'Data e horário: segunda-feira, 7 de dezembro de 2026, 09:00',
        'Motivo: Médico em congresso',
        '',
        'Para marcar outro horário, use o portal do paciente ou fale conosco.',
        '',
        'Marcar consulta: https://agenda.example/book',
      ].join('\n'),
    );
    expect(pt.sms).toBe(
      'Clinica Boa Saude: sua consulta com Dr. Caio em seg 07/12, 09:00 foi cancelada. Motivo: Médico em congresso. Nova consulta: https://agenda.example/book',
    );
    expect(pt.whatsapp.parameters[5]).toBe('Médico em congresso');

    const en = renderNotice(
      input({ kind: 'appointment.cancelled', appointment: cancelled, language: 'en' }),
    );
    expect(en.email.subject).toBe('Appointment cancelled: Monday, December 7, 2026, 9:00 AM');
    expect(en.email.text).toContain('Reason: Médico em congresso');
    expect(en.sms).toBe(
      'Clinica Boa Saude: your appointment with Dr. Caio on Mon Dec 7, 9:00 AM was cancelled. Reason: Médico em congresso. New booking: https://agenda.example/book',
    );
  });

  it('without a reason, says nothing of one (and "not given" on WhatsApp)', () => {
    const en = renderNotice(input({ kind: 'appointment.cancelled', language: 'en' }));
    expect(en.email.text).not.toContain('Reason');
    expect(en.sms).not.toContain('Reason');
    expect(en.whatsapp.parameters[5]).toBe('not given');
  });

  it('the finished notice is not the cancellation (a flaw of the old system)', () => {
    const finished = renderNotice(input({ kind: 'appointment.finished' }));
    expect(finished.whatsapp.template).toBe('appointment_finished_patient');
    expect(finished.email.text).not.toMatch(/cancel/i);
    expect(finished.sms).not.toMatch(/cancel/i);
  });
});

describe('appointment removed (an entry deleted as made in error)', () => {
  const removed = (overrides: Partial<RenderInput>) =>
    renderNotice(input({ kind: 'appointment.removed', ...overrides }));

  it('tells the patient, in Portuguese and English, on every channel', () => {
    const pt = removed({});
    expect(pt.email.subject).toBe('Consulta removida: segunda-feira, 7 de dezembro de 2026, 09:00');
    expect(pt.email.text).toContain(
      'Sua consulta foi removida da agenda, pois tinha sido registrada por engano.',
    );
    expect(pt.email.text).toContain('Profissional: Dr. Caio');
    expect(pt.sms).toBe(
      'Clinica Boa Saude: sua consulta com Dr. Caio em seg 07/12, 09:00 foi removida (registrada por engano). Nova consulta: https://agenda.example/book',
    );
    expect(pt.whatsapp).toEqual({
      template: 'appointment_removed_patient',
      language: 'pt_BR',
      parameters: [
        'Ana Souza',
        'Clínica Boa Saúde',
        'Dr. Caio',
        'Clínica Geral',
        'segunda-feira, 7 de dezembro de 2026, 09:00',
        'https://agenda.example/book',
      ],
    });
    const en = removed({ language: 'en' });
    expect(en.email.subject).toBe('Appointment removed: Monday, December 7, 2026, 9:00 AM');
    expect(en.email.text).toContain('it had been entered by mistake.');
    expect(en.sms).toContain(
      'was removed (entered by mistake). New booking: https://agenda.example/book',
    );
    expect(en.whatsapp.language).toBe('en');
  });

  it('tells the professional whose appointment left their schedule', () => {
    const en = removed({ audience: 'professional', language: 'en', recipientName: 'Dr. Caio' });
    expect(en.email.subject).toBe(
      'Appointment removed: Ana Souza, Monday, December 7, 2026, 9:00 AM',
    );
    expect(en.email.text).toContain('Patient: Ana Souza (ZxcVaS-2)');
    expect(en.sms).toBe(
      'Clinica Boa Saude: the appointment of Ana Souza (ZxcVaS-2) on Mon Dec 7, 9:00 AM was removed from your schedule (entered by mistake).',
    );
    expect(en.whatsapp.template).toBe('appointment_removed_professional');
    const pt = removed({ audience: 'professional', recipientName: 'Dr. Caio' });
    expect(
      renderWhatsappBody('appointment_removed_professional', 'pt-BR', pt.whatsapp.parameters),
    ).toContain('Uma consulta foi removida da sua agenda, pois tinha sido registrada por engano.');
  });

  it('is neither a cancellation nor a change', () => {
    for (const audience of ['patient', 'professional'] as const) {
      const notice = removed({ audience, language: 'en' });
      for (const text of [notice.email.subject, notice.email.text, notice.sms])
        expect(text).not.toMatch(/cancel|changed/i);
    }
  });
});

describe('reminders', () => {
  // The appointment: Monday 7 December 2026, 09:00 in São Paulo (12:00Z).
  const reminder = (sentAt: string, overrides: Partial<RenderInput> = {}) =>
    renderNotice(input({ kind: 'appointment.reminder', sentAt, ...overrides }));

  it('"tomorrow at" for a day before, "today at" for hours before', () => {
    const tomorrow = reminder('2026-12-06T12:00:00Z', { language: 'en' });
    expect(tomorrow.email.subject).toBe('Reminder: your appointment is tomorrow at 9:00 AM');
    expect(tomorrow.sms).toBe(
      'Clinica Boa Saude: reminder: appointment with Dr. Caio tomorrow at 9:00 AM, room 12. Change or cancel: https://agenda.example/appointments',
    );
    const today = reminder('2026-12-07T10:00:00Z');
    expect(today.email.subject).toBe('Lembrete: sua consulta é hoje às 09:00');
    expect(today.whatsapp.parameters[2]).toBe('hoje às 09:00');
    const later = reminder('2026-12-04T12:00:00Z', { language: 'en' });
    expect(later.email.subject).toBe(
      'Reminder: your appointment is on Monday, December 7, 2026 at 9:00 AM',
    );
  });

  it('says the day as seen when it is sent, not from its offset: a same-day booking is "today"', () => {
    // Booked at 05:15 for 08:00: the 24-hour reminder goes out at once, on the same day.
    const sameDay = {
      ...appointment,
      startsAt: '2026-12-01T08:00:00-03:00',
      endsAt: '2026-12-01T08:30:00-03:00',
    };
    for (const language of ['pt-BR', 'en'] as const)
      for (const audience of ['patient', 'professional'] as const) {
        const notice = reminder('2026-12-01T08:15:00Z', {
          appointment: sameDay,
          language,
          audience,
        });
        const today = language === 'en' ? 'today at 8:00 AM' : 'hoje às 08:00';
        const tomorrow = language === 'en' ? /tomorrow/i : /amanh/i;
        expect(notice.email.subject, `${language} ${audience}`).toContain(today);
        expect(notice.email.text).toContain(today);
        expect(notice.sms).toContain(language === 'en' ? today : 'hoje às 08:00');
        expect(notice.whatsapp.parameters).toContain(today);
        for (const text of [notice.email.subject, notice.email.text, notice.sms])
          expect(text).not.toMatch(tomorrow);
      }
  });

  it('counts days in the clinic’s zone, not in UTC', () => {
    // Sunday 23:30 in São Paulo is already Monday in UTC: Monday 09:00 is still "tomorrow".
    expect(reminder('2026-12-07T02:30:00Z').email.subject).toBe(
      'Lembrete: sua consulta é amanhã às 09:00',
    );
    // An hour later it is Monday 00:30 in São Paulo: "today".
    expect(reminder('2026-12-07T03:30:00Z').email.subject).toBe(
      'Lembrete: sua consulta é hoje às 09:00',
    );
  });

  it('cannot be rendered without the moment it is sent', () => {
    const { sentAt: _sentAt, ...unsent } = input({ kind: 'appointment.reminder' });
    expect(() => renderNotice(unsent)).toThrow(/needs the time it is sent/);
  });
});

describe('one-time codes', () => {
  it('the SMS is the code and its warning only', () => {
    const en = renderNotice(
      input({
        kind: 'code.phone_verification',
        audience: 'user',
        language: 'en',
        clinicName: 'ClinicDesk',
        code: { value: '123456', minutes: 10 },
      }),
    );
    expect(en.sms).toBe(
      'Your ClinicDesk code is 123456. It expires in 10 minutes. Never share it.',
    );
    expect(en.whatsapp).toEqual({
      template: 'one_time_code',
      language: 'en',
      parameters: ['123456'],
    });
    const pt = renderNotice(
      input({
        kind: 'code.phone_verification',
        audience: 'user',
        clinicName: 'ClinicDesk',
        code: { value: '123456', minutes: 10 },
      }),
    );
    // Its accents fit one segment (70 characters in UCS-2), so they stay.
    expect(pt.sms).toBe('Seu código ClinicDesk: 123456. Vale por 10 minutos. Não o compartilhe.');
    expect(smsSegments(pt.sms)).toBe(1);
  });

  it('the e-mail says what the code is for', () => {
    const reset = renderNotice(
      input({
        kind: 'code.password_reset',
        audience: 'user',
        language: 'en',
        code: { value: '654321', minutes: 10 },
      }),
    );
    expect(reset.email.subject).toBe('Your password reset code');
    expect(reset.email.text).toContain(
      [
        'Use this code to reset your password:',
        '',
        '654321',
        '',
        'It expires in 10 minutes. Never share it: nobody from the clinic will ask you for it.',
        '',
        'Reset your password: https://agenda.example/forgot-password',
        '',
        "If you didn't ask for it, ignore this message: your password stays the same.",
      ].join('\n'),
    );
    const verify = renderNotice(
      input({
        kind: 'code.email_verification',
        audience: 'user',
        code: { value: '000111', minutes: 1 },
      }),
    );
    expect(verify.email.text).toContain('Use este código para confirmar seu e-mail:\n\n000111');
    expect(verify.email.text).toContain('Ele expira em 1 minuto.');
    expect(verify.email.html).toContain('>000111</p>');
  });
});

describe('password changed', () => {
  it('says when, in the clinic zone, and what to do if it was not you', () => {
    const notice = renderNotice(
      input({
        kind: 'password.changed',
        audience: 'user',
        occurredAt: '2026-12-07T12:00:00Z',
        timeZone: 'America/Sao_Paulo',
      }),
    );
    expect(notice.email.text).toContain(
      'A senha da sua conta foi alterada em segunda-feira, 7 de dezembro de 2026, 09:00.',
    );
    expect(notice.email.text).toContain('Se não foi você, redefina sua senha agora');
    expect(notice.sms).toBe(
      'Clinica Boa Saude: sua senha foi alterada em seg 07/12, 09:00. Nao foi voce? Redefina em https://agenda.example/forgot-password e avise a clinica.',
    );
  });

  it('without a zone, in UTC and says so; without a time, "just now"', () => {
    const utc = renderNotice(
      input({
        kind: 'password.changed',
        audience: 'user',
        language: 'en',
        occurredAt: '2026-12-07T12:00:00Z',
      }),
    );
    expect(utc.email.text).toContain('changed on Monday, December 7, 2026, 12:00 PM (UTC).');
    const unknown = renderNotice(
      input({ kind: 'password.changed', audience: 'user', language: 'en' }),
    );
    expect(unknown.email.text).toContain('The password of your account was just changed.');
    expect(unknown.whatsapp.parameters[2]).toBe('just now');
  });
});

describe('lab report ready', () => {
  it('names the lab and sends to the portal', () => {
    const notice = renderNotice(
      input({ kind: 'lab_report.ready', language: 'en', labReport: { lab: 'Lab Central' } }),
    );
    expect(notice.email.text).toContain(
      'Lab: Lab Central\n\nSign in to the patient portal to see it.',
    );
    expect(notice.email.text).toContain('See your lab report: https://agenda.example/records');
    expect(notice.sms).toBe(
      'Clinica Boa Saude: your lab report (Lab Central) is ready. See it in the patient portal: https://agenda.example/records',
    );
  });
});
