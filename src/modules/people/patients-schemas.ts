import { Type, type Static } from 'typebox';
import { Nullable, StrictObject } from '../../http/schemas.js';
import { PageQuery } from '../../http/pagination.js';
import { LanguageSchema, PasswordSchema } from '../accounts/index.js';
import { Address, AddressInput } from './address.js';
import { DateInput, EmailInput, GenderSchema, NameInput, PhoneInput } from './shared-schemas.js';

export const REGISTER_NUMBER_PATTERN = '^[A-Za-z]{6}-[0-9]$';
export const CpfInput = Type.String({
  minLength: 11,
  maxLength: 14,
  description: 'With or without punctuation; check digits are verified.',
});

export const RegisterNumberParams = StrictObject({
  registerNumber: Type.String({
    pattern: REGISTER_NUMBER_PATTERN,
    description: 'e.g. ZxcVaS-2 (case-sensitive)',
  }),
});

export const NewPatientBody = StrictObject({
  name: NameInput,
  email: EmailInput,
  password: Type.Optional(
    Type.Union([PasswordSchema], {
      description: 'Required for sign-up; an admin may leave it out.',
    }),
  ),
  phone: PhoneInput,
  birthDate: DateInput,
  gender: GenderSchema,
  cpf: Type.Optional(CpfInput),
  address: AddressInput,
  language: Type.Optional(LanguageSchema),
});

export const UpdatePatientBody = StrictObject(
  {
    name: Type.Optional(NameInput),
    email: Type.Optional(EmailInput),
    phone: Type.Optional(PhoneInput),
    birthDate: Type.Optional(DateInput),
    gender: Type.Optional(GenderSchema),
    cpf: Type.Optional(Nullable(CpfInput)),
    address: Type.Optional(AddressInput),
    language: Type.Optional(LanguageSchema),
  },
  { minProperties: 1 },
);

export const Patient = Type.Object({
  registerNumber: Type.String(),
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  birthDate: Type.String({ format: 'date' }),
  gender: GenderSchema,
  cpf: Nullable(Type.String({ description: '123.456.789-09' })),
  address: Address,
  language: LanguageSchema,
  photoUrl: Nullable(Type.String()),
  emailVerified: Type.Boolean(),
  phoneVerified: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const PatientListItem = Type.Object({
  registerNumber: Type.String(),
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  birthDate: Type.String({ format: 'date' }),
  cpf: Nullable(Type.String({ description: 'Masked: ***.456.789-**' })),
  photoUrl: Nullable(Type.String()),
});

export const PatientListQuery = StrictObject({
  q: Type.Optional(
    Type.String({
      // Three characters make the first trigram the name index can use.
      minLength: 3,
      maxLength: 100,
      description:
        'A name (any case, with or without accents), an e-mail, a register number or a CPF.',
    }),
  ),
  active: Type.Optional(
    Type.Boolean({
      default: true,
      description: 'Active patients (true), or deactivated ones to reactivate (false).',
    }),
  ),
  ...PageQuery,
});

export type NewPatientInput = Static<typeof NewPatientBody>;
export type UpdatePatientInput = Static<typeof UpdatePatientBody>;
export type PatientView = Static<typeof Patient>;
export type PatientListItemView = Static<typeof PatientListItem>;
