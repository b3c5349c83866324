import { describe, expect, it } from 'vitest';
import { cpfCheckDigits, formatCpf, maskCpf, normalizeCpf } from '../../src/lib/cpf.js';
import { ageOn, isCalendarDate, todayIn } from '../../src/lib/dates.js';
import { foldText, titleCase } from '../../src/lib/text.js';

describe('CPF', () => {
  it('accepts valid numbers, formatted or not', () => {
    expect(normalizeCpf('529.982.247-25')).toBe('52998224725');
    expect(normalizeCpf('52998224725')).toBe('52998224725');
    expect(normalizeCpf('111.444.777-35')).toBe('11144477735');
  });

  it('rejects wrong check digits, repeated digits and malformed input', () => {
    for (const cpf of [
      '529.982.247-24',
      '529.982.247-15',
      '111.111.111-11',
      '0000000000',
      '5299822472a',
      '',
    ]) {
      expect(normalizeCpf(cpf), cpf).toBeUndefined();
    }
  });

  it('completes nine digits with the check digits that make a valid number', () => {
    expect(cpfCheckDigits('529982247')).toBe('25');
    expect(cpfCheckDigits('111444777')).toBe('35');
    for (const base of ['000000001', '123456789', '987654321', '100000000']) {
      expect(normalizeCpf(base + cpfCheckDigits(base)), base).toBeDefined();
    }
  });

  it('formats and masks', () => {
    expect(formatCpf('52998224725')).toBe('529.982.247-25');
    expect(maskCpf('52998224725')).toBe('***.982.247-**');
  });
});

describe('text folding', () => {
  it('ignores case, accents and spacing', () => {
    expect(foldText('  Cardiología ')).toBe('cardiologia');
    expect(foldText('CARDIOLOGIA')).toBe('cardiologia');
    expect(foldText('Clínica   Geral')).toBe('clinica geral');
    expect(foldText('João Conceição')).toBe('joao conceicao');
  });

  it('title-cases names keeping Portuguese particles low', () => {
    expect(titleCase('clínica  GERAL')).toBe('Clínica Geral');
    expect(titleCase('medicina do trabalho')).toBe('Medicina do Trabalho');
  });
});

describe('dates', () => {
  it('counts a birthday only from its day', () => {
    expect(ageOn('1990-11-22', '2026-11-21')).toBe(35);
    expect(ageOn('1990-11-22', '2026-11-22')).toBe(36);
    expect(ageOn('1990-12-01', '2026-11-30')).toBe(35);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2000-02-29', '2026-03-01')).toBe(26);
  });

  it('reads today in the clinic time zone', () => {
    const lateEvening = { now: () => new Date('2026-11-23T01:30:00Z') };
    expect(todayIn('America/Sao_Paulo', lateEvening)).toBe('2026-11-22');
    expect(todayIn('UTC', lateEvening)).toBe('2026-11-23');
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-13-01')).toBe(false);
    expect(isCalendarDate('23-01-01')).toBe(false);
  });
});
