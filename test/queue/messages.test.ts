import { describe, expect, it } from 'vitest';
import { priorityAtCheckIn } from '../../src/modules/queue/priority.js';
import {
  englishDuration,
  portugueseDuration,
  queueMessages,
} from '../../src/modules/queue/queue-messages.js';
import { ticketLabel } from '../../src/modules/scheduling/tickets.js';

const jefferson = { professionalName: 'Jefferson', professionalGender: 'male' as const };
const marta = { professionalName: 'Dra. Marta Reis', professionalGender: 'female' as const };

describe('the queue message', () => {
  it('says there is nobody waiting', () => {
    expect(queueMessages({ waiting: 0, waitMinutes: 0, ...jefferson })).toEqual({
      message: 'There are no patients waiting for their appointments with Dr. Jefferson today.',
      messagePt: 'Não há pacientes aguardando atendimento com o Dr. Jefferson hoje.',
    });
  });

  it('speaks of one patient in the singular', () => {
    expect(queueMessages({ waiting: 1, waitMinutes: 60, ...jefferson })).toEqual({
      message:
        'There is 1 patient waiting for their appointment with Dr. Jefferson today. ' +
        'The average waiting time is ca 1 hour',
      messagePt:
        'Há 1 paciente aguardando atendimento com o Dr. Jefferson hoje. ' +
        'O tempo médio de espera é de cerca de 1 hora',
    });
  });

  it('words the contract’s example exactly', () => {
    expect(queueMessages({ waiting: 2, waitMinutes: 90, ...jefferson })).toEqual({
      message:
        'There are 2 patients waiting for their appointments with Dr. Jefferson today. ' +
        'The average waiting time is ca 1 hour and 30 minutes',
      messagePt:
        'Há 2 pacientes aguardando atendimento com o Dr. Jefferson hoje. ' +
        'O tempo médio de espera é de cerca de 1 hora e 30 minutos',
    });
  });

  it('gives a woman the Portuguese title "a Dra." and never doubles a typed title', () => {
    const { message, messagePt } = queueMessages({ waiting: 3, waitMinutes: 121, ...marta });
    expect(message).toBe(
      'There are 3 patients waiting for their appointments with Dr. Marta Reis today. ' +
        'The average waiting time is ca 2 hours and 1 minute',
    );
    expect(messagePt).toBe(
      'Há 3 pacientes aguardando atendimento com a Dra. Marta Reis hoje. ' +
        'O tempo médio de espera é de cerca de 2 horas e 1 minuto',
    );
  });

  it('writes hours and minutes in the singular and plural in both languages', () => {
    const cases: [number, string, string][] = [
      [0, '0 minutes', '0 minutos'],
      [1, '1 minute', '1 minuto'],
      [45, '45 minutes', '45 minutos'],
      [60, '1 hour', '1 hora'],
      [61, '1 hour and 1 minute', '1 hora e 1 minuto'],
      [125, '2 hours and 5 minutes', '2 horas e 5 minutos'],
      [180, '3 hours', '3 horas'],
      [44.6, '45 minutes', '45 minutos'],
    ];
    for (const [minutes, english, portuguese] of cases) {
      expect(englishDuration(minutes)).toBe(english);
      expect(portugueseDuration(minutes)).toBe(portuguese);
    }
  });
});

describe('legal priority at check-in', () => {
  const today = '2026-12-07';
  it('comes from the age: 80 or more ranks above 60 or more', () => {
    expect(priorityAtCheckIn({ birthDate: '1946-12-07', today })).toEqual({
      level: 2,
      reason: 'aged_80',
    });
    expect(priorityAtCheckIn({ birthDate: '1946-12-08', today })).toEqual({
      level: 1,
      reason: 'aged_60',
    });
    expect(priorityAtCheckIn({ birthDate: '1966-12-07', today })).toEqual({
      level: 1,
      reason: 'aged_60',
    });
    expect(priorityAtCheckIn({ birthDate: '1966-12-08', today })).toEqual({
      level: 0,
      reason: null,
    });
  });

  it('is declared at the desk for pregnancy, disability or an infant', () => {
    expect(
      priorityAtCheckIn({
        birthDate: '1995-01-01',
        today,
        declared: { priority: true, reason: 'pregnant' },
      }),
    ).toEqual({ level: 1, reason: 'pregnant' });
    expect(
      priorityAtCheckIn({ birthDate: '1995-01-01', today, declared: { priority: true } }),
    ).toEqual({ level: 1, reason: 'other' });
    // Declaring does not lower what the age gives.
    expect(
      priorityAtCheckIn({
        birthDate: '1940-01-01',
        today,
        declared: { priority: true, reason: 'disability' },
      }),
    ).toEqual({ level: 2, reason: 'aged_80' });
  });
});

describe('tickets', () => {
  it('read P for priority and N for the normal line, numbered in three digits', () => {
    expect(ticketLabel(0, 7)).toBe('N007');
    expect(ticketLabel(1, 12)).toBe('P012');
    expect(ticketLabel(2, 123)).toBe('P123');
    expect(ticketLabel(0, 1234)).toBe('N1234');
  });
});
