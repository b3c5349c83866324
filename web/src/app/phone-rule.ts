import { toE164 } from '../../../src/lib/phone.js';

/**
 * The form rule of a phone field, as the API reads numbers (the clinic's country as the default
 * region): so a mistyped number is pointed out when the field is left, not after sending.
 */
export function phoneRule(required: string, invalid: string, country: string | undefined) {
  return (value: string) => {
    if (!value.trim()) return required;
    // Until the clinic is known the API alone judges.
    return !country || toE164(value, country) ? null : invalid;
  };
}
