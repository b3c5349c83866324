import { Type } from 'typebox';
import { DayInput } from '../../http/schemas.js';

export const NameInput = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
export const EmailInput = Type.String({ format: 'email', maxLength: 254 });
export const PhoneInput = Type.String({
  minLength: 4,
  maxLength: 32,
  description: 'Any common format; stored as E.164.',
});
export const DateInput = DayInput();
export const GenderSchema = Type.Enum(['female', 'male', 'other']);
