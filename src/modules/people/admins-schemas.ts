import { Type, type Static } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { Nullable, StrictObject } from '../../http/schemas.js';
import { PasswordSchema } from '../accounts/index.js';
import { EmailInput, NameInput, PhoneInput } from './shared-schemas.js';

export const Admin = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export const NewAdminBody = StrictObject({
  name: NameInput,
  email: EmailInput,
  password: PasswordSchema,
  phone: Type.Optional(PhoneInput),
});
export const UpdateAdminBody = StrictObject(
  {
    name: Type.Optional(NameInput),
    email: Type.Optional(EmailInput),
    phone: Type.Optional(PhoneInput),
    password: Type.Optional(PasswordSchema),
  },
  { minProperties: 1 },
);
export const AdminIdParams = StrictObject({ id: Type.String({ format: 'uuid' }) });
export const AdminListQuery = StrictObject({
  active: Type.Optional(
    Type.Boolean({ description: 'Only active (true) or deactivated (false) admins.' }),
  ),
  ...PageQuery,
});

export type AdminView = Static<typeof Admin>;
export type NewAdminInput = Static<typeof NewAdminBody>;
export type UpdateAdminInput = Static<typeof UpdateAdminBody>;
export type AdminListQueryInput = Static<typeof AdminListQuery>;
