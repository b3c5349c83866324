/** Brazilian postal codes (CEP): eight digits, written `ddddd-ddd`. */

export type Uf =
  | 'AC'
  | 'AL'
  | 'AM'
  | 'AP'
  | 'BA'
  | 'CE'
  | 'DF'
  | 'ES'
  | 'GO'
  | 'MA'
  | 'MG'
  | 'MS'
  | 'MT'
  | 'PA'
  | 'PB'
  | 'PE'
  | 'PI'
  | 'PR'
  | 'RJ'
  | 'RN'
  | 'RO'
  | 'RR'
  | 'RS'
  | 'SC'
  | 'SE'
  | 'SP'
  | 'TO';

/**
 * The Correios CEP ranges of each state, by their first five digits (inclusive). Offline on
 * purpose: the state decides a professional's council number and must never wait on a network.
 */
const RANGES: readonly [from: number, to: number, uf: Uf][] = [
  [1000, 19999, 'SP'],
  [20000, 28999, 'RJ'],
  [29000, 29999, 'ES'],
  [30000, 39999, 'MG'],
  [40000, 48999, 'BA'],
  [49000, 49999, 'SE'],
  [50000, 56999, 'PE'],
  [57000, 57999, 'AL'],
  [58000, 58999, 'PB'],
  [59000, 59999, 'RN'],
  [60000, 63999, 'CE'],
  [64000, 64999, 'PI'],
  [65000, 65999, 'MA'],
  [66000, 68899, 'PA'],
  [68900, 68999, 'AP'],
  [69000, 69299, 'AM'],
  [69300, 69399, 'RR'],
  [69400, 69899, 'AM'],
  [69900, 69999, 'AC'],
  [70000, 72799, 'DF'],
  [72800, 72999, 'GO'],
  [73000, 73699, 'DF'],
  [73700, 76799, 'GO'],
  [76800, 76999, 'RO'],
  [77000, 77999, 'TO'],
  [78000, 78899, 'MT'],
  [79000, 79999, 'MS'],
  [80000, 87999, 'PR'],
  [88000, 89999, 'SC'],
  [90000, 99999, 'RS'],
];

export const CEP_PATTERN = '^\\d{5}-?\\d{3}$';

/** `20031-170` or `20031170` → `20031170`; anything else → undefined. */
export function normalizeCep(input: string): string | undefined {
  const match = /^(\d{5})-?(\d{3})$/.exec(input.trim());
  return match ? `${match[1]}${match[2]}` : undefined;
}

export function formatCep(digits: string): string {
  return `${digits.slice(0, 5)}-${digits.slice(5)}`;
}

/** The state (UF) a CEP belongs to, or undefined for a CEP outside every range. */
export function stateOfCep(cep: string): Uf | undefined {
  const digits = normalizeCep(cep);
  if (!digits) return undefined;
  const prefix = Number(digits.slice(0, 5));
  return RANGES.find(([from, to]) => prefix >= from && prefix <= to)?.[2];
}
