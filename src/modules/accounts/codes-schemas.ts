import { Type, type Static } from 'typebox';
import { StrictObject } from '../../http/schemas.js';
import { PasswordSchema } from './passwords.js';

const Email = Type.String({ minLength: 1, maxLength: 254 });
const Code = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code received.' });

export const ForgotPasswordBody = StrictObject({ email: Email });
export const ResetPasswordBody = StrictObject({
  email: Email,
  code: Code,
  newPassword: PasswordSchema,
});
export const ConfirmCodeBody = StrictObject({ code: Code });

export type ResetPasswordInput = Static<typeof ResetPasswordBody>;
