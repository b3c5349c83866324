import { Type, type Static } from 'typebox';
import { fieldError } from '../../http/problem.js';
import { StrictObject } from '../../http/schemas.js';
import { CEP_PATTERN, formatCep, normalizeCep, stateOfCep } from '../../lib/cep.js';
import type { CepLookup } from './cep-lookup.js';

// At least one visible character: a field of spaces is as good as missing, and is refused.
const text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const AddressInput = StrictObject({
  postCode: Type.String({ pattern: CEP_PATTERN, description: '`ddddd-ddd` or 8 digits' }),
  houseNumber: text(20),
  street: Type.Optional(text(200)),
  complement: Type.Optional(text(100)),
  district: Type.Optional(text(100)),
  city: Type.Optional(text(100)),
  state: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z]{2}$',
      description: 'Derived from the CEP; if sent, it must match.',
    }),
  ),
});

export const Address = Type.Object({
  postCode: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  houseNumber: Type.String(),
  complement: Type.Union([Type.String(), Type.Null()]),
  district: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
});

export type AddressInput = Static<typeof AddressInput>;
export type Address = Static<typeof Address>;

/** The address columns as stored: CEP as 8 digits, state from the CEP. */
export interface AddressColumns {
  postCode: string;
  street: string | null;
  houseNumber: string;
  complement: string | null;
  district: string | null;
  city: string | null;
  state: string;
}

/**
 * Validates the CEP, derives the state from it offline, and fills street, district and city
 * from the lookup service where the user left them out (what the user typed wins). Call it
 * before opening a transaction: the lookup may take up to its timeout.
 */
export async function resolveAddress(
  input: AddressInput,
  lookup: CepLookup,
  field = 'address',
): Promise<AddressColumns> {
  const cep = normalizeCep(input.postCode);
  const state = cep ? stateOfCep(cep) : undefined;
  if (!cep || !state) throw fieldError(`${field}.postCode`, 'is not a known CEP');
  if (input.state && input.state.toUpperCase() !== state) {
    throw fieldError(`${field}.state`, `does not match the CEP, which is in ${state}`);
  }
  const needsLookup = !input.street || !input.district || !input.city;
  const found = needsLookup ? await lookup.lookup(cep) : undefined;
  return {
    postCode: cep,
    houseNumber: input.houseNumber.trim(),
    street: input.street?.trim() ?? found?.street ?? null,
    complement: input.complement?.trim() ?? null,
    district: input.district?.trim() ?? found?.district ?? null,
    city: input.city?.trim() ?? found?.city ?? null,
    state,
  };
}

export function toAddress(columns: AddressColumns): Address {
  return {
    postCode: formatCep(columns.postCode),
    street: columns.street,
    houseNumber: columns.houseNumber,
    complement: columns.complement,
    district: columns.district,
    city: columns.city,
    state: columns.state,
  };
}
