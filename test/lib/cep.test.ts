import { describe, expect, it } from 'vitest';
import { formatCep, normalizeCep, stateOfCep, type Uf } from '../../src/lib/cep.js';

// A real CEP of each state's capital (or, for split ranges, of each part).
const knownCeps: [string, Uf][] = [
  ['69900-062', 'AC'], // Rio Branco
  ['57020-050', 'AL'], // Maceió
  ['69005-070', 'AM'], // Manaus
  ['69460-000', 'AM'], // Coari: the second AM range
  ['68900-073', 'AP'], // Macapá
  ['40020-000', 'BA'], // Salvador
  ['60060-170', 'CE'], // Fortaleza
  ['70040-010', 'DF'], // Brasília
  ['73010-010', 'DF'], // Sobradinho: the second DF range
  ['29010-120', 'ES'], // Vitória
  ['74003-010', 'GO'], // Goiânia
  ['72800-000', 'GO'], // Luziânia: the first GO range
  ['65010-070', 'MA'], // São Luís
  ['30130-010', 'MG'], // Belo Horizonte
  ['79002-071', 'MS'], // Campo Grande
  ['78005-000', 'MT'], // Cuiabá
  ['66010-000', 'PA'], // Belém
  ['58010-000', 'PB'], // João Pessoa
  ['50010-000', 'PE'], // Recife
  ['64000-040', 'PI'], // Teresina
  ['80010-000', 'PR'], // Curitiba
  ['20031-170', 'RJ'], // Rio de Janeiro
  ['59025-000', 'RN'], // Natal
  ['76801-000', 'RO'], // Porto Velho
  ['69301-000', 'RR'], // Boa Vista
  ['90010-150', 'RS'], // Porto Alegre
  ['88010-000', 'SC'], // Florianópolis
  ['49010-000', 'SE'], // Aracaju
  ['01310-100', 'SP'], // São Paulo
  ['77001-002', 'TO'], // Palmas
];

describe('CEP', () => {
  it.each(knownCeps)('%s is in %s', (cep, uf) => {
    expect(stateOfCep(cep)).toBe(uf);
    expect(stateOfCep(cep.replace('-', ''))).toBe(uf);
  });

  it('covers all 27 states', () => {
    expect(new Set(knownCeps.map(([, uf]) => uf)).size).toBe(27);
  });

  it('knows the edges of neighbouring ranges', () => {
    expect(stateOfCep('19999-999')).toBe('SP');
    expect(stateOfCep('20000-000')).toBe('RJ');
    expect(stateOfCep('68899-999')).toBe('PA');
    expect(stateOfCep('68900-000')).toBe('AP');
    expect(stateOfCep('69399-999')).toBe('RR');
    expect(stateOfCep('69400-000')).toBe('AM');
    expect(stateOfCep('99999-999')).toBe('RS');
  });

  it('has no state for CEPs outside every range or malformed ones', () => {
    for (const cep of ['00000-000', '00999-999', '2003-170', '20031-17', 'abcde-fgh', '']) {
      expect(stateOfCep(cep), cep).toBeUndefined();
    }
  });

  it('normalises and formats', () => {
    expect(normalizeCep(' 20031-170 ')).toBe('20031170');
    expect(normalizeCep('20031.170')).toBeUndefined();
    expect(formatCep('20031170')).toBe('20031-170');
  });
});
