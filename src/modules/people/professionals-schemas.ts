import { Type, type Static } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { Nullable, StrictObject } from '../../http/schemas.js';
import { LanguageSchema, PasswordSchema } from '../accounts/index.js';
import { Address, AddressInput } from './address.js';
import { DateInput, EmailInput, GenderSchema, NameInput, PhoneInput } from './shared-schemas.js';

export const CouncilNumberParams = StrictObject({
  councilNumber: Type.String({
    pattern: '^[0-9]{4}-[A-Za-z]{2}$',
    description: 'e.g. 9876-RJ (any case)',
  }),
});

const SpecialtyInput = Type.String({ minLength: 2, maxLength: 80 });
const profileFields = {
  gender: Type.Optional(GenderSchema),
  birthDate: Type.Optional(DateInput),
  experienceYears: Type.Optional(Type.Integer({ minimum: 0, maximum: 80 })),
  officeNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  bio: Type.Optional(Type.String({ maxLength: 2000 })),
  appointmentMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 480 })),
};

export const NewProfessionalBody = StrictObject({
  name: NameInput,
  email: EmailInput,
  password: PasswordSchema,
  phone: PhoneInput,
  specialty: SpecialtyInput,
  councilNumber: Type.String({
    pattern: '^[0-9]{4}$',
    description: 'The four digits; the state comes from the address CEP.',
  }),
  address: AddressInput,
  language: Type.Optional(LanguageSchema),
  ...profileFields,
});

export const UpdateProfessionalBody = StrictObject(
  {
    name: Type.Optional(NameInput),
    email: Type.Optional(EmailInput),
    phone: Type.Optional(PhoneInput),
    specialty: Type.Optional(SpecialtyInput),
    address: Type.Optional(AddressInput),
    language: Type.Optional(LanguageSchema),
    ...profileFields,
  },
  { minProperties: 1 },
);

/** The public profile; `email`, `phone`, `address`, `birthDate` only for admins and the professional. */
export const Professional = Type.Object({
  councilNumber: Type.String(),
  name: Type.String(),
  specialty: Type.String(),
  gender: Nullable(GenderSchema),
  age: Nullable(Type.Integer()),
  experienceYears: Nullable(Type.Integer()),
  officeNumber: Nullable(Type.String()),
  bio: Nullable(Type.String()),
  appointmentMinutes: Type.Integer(),
  photoUrl: Nullable(Type.String()),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Nullable(Type.String())),
  birthDate: Type.Optional(Nullable(Type.String())),
  address: Type.Optional(Address),
  active: Type.Optional(Type.Boolean()),
});

export const ProfessionalListQuery = StrictObject({
  specialty: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Part of the name, or a council number.',
    }),
  ),
  ...PageQuery,
});

export const Specialty = Type.Object({
  name: Type.String(),
  professionals: Type.Integer({ description: 'Active professionals of this specialty.' }),
});

export type NewProfessionalInput = Static<typeof NewProfessionalBody>;
export type UpdateProfessionalInput = Static<typeof UpdateProfessionalBody>;
export type ProfessionalView = Static<typeof Professional>;
