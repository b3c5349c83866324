import { Type, type Static } from 'typebox';
import { StrictObject } from '../../http/schemas.js';
import { PasswordSchema } from './passwords.js';

export const RoleSchema = Type.Enum(['patient', 'professional', 'admin']);
export const LanguageSchema = Type.Enum(['pt-BR', 'en']);

export const LoginBody = StrictObject({
  // No format check here: a malformed address simply fails like any wrong one.
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

export const SessionUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  role: RoleSchema,
  name: Type.String(),
  email: Type.String(),
});

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`.' }),
  expiresAt: Type.String({ format: 'date-time' }),
  csrfToken: Type.String({
    description: 'For cookie sessions: send as the X-CSRF-Token header on unsafe requests.',
  }),
  user: SessionUser,
});

const NotifySettings = Type.Object({
  email: Type.Boolean(),
  sms: Type.Boolean(),
  whatsapp: Type.Boolean(),
});

export const Me = Type.Object({
  id: Type.String({ format: 'uuid' }),
  role: RoleSchema,
  name: Type.String(),
  email: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  language: LanguageSchema,
  emailVerified: Type.Boolean(),
  phoneVerified: Type.Boolean(),
  notify: NotifySettings,
  whatsappOptInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  registerNumber: Type.Optional(Type.String({ description: 'Patients: their register number.' })),
  councilNumber: Type.Optional(
    Type.String({ description: 'Professionals: their council number.' }),
  ),
});

export const UpdateMeBody = StrictObject(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' })),
    phone: Type.Optional(Type.String({ minLength: 4, maxLength: 32 })),
    password: Type.Optional(PasswordSchema),
    currentPassword: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    language: Type.Optional(LanguageSchema),
    notify: Type.Optional(
      StrictObject(
        {
          email: Type.Optional(Type.Boolean()),
          sms: Type.Optional(Type.Boolean()),
          whatsapp: Type.Optional(Type.Boolean()),
        },
        { minProperties: 1 },
      ),
    ),
  },
  { minProperties: 1 },
);

export type MeView = Static<typeof Me>;
export type UpdateMeInput = Static<typeof UpdateMeBody>;
