import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** The number in E.164 (`+5521987654321`), or undefined when it is not a valid number. */
export function toE164(input: string, defaultCountry: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input, defaultCountry as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}
