import { randomBytes } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so a code read off paper cannot be mistyped into another.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A prescription's verification code, `7KQ2-M9XD-4TNB-R8WE`: 80 random bits, so guessing one
 * among a clinic's prescriptions is hopeless even before the rate limit.
 */
export function newVerificationCode(): string {
  const bytes = randomBytes((GROUPS * GROUP_LENGTH * 5) / 8);
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      code += ALPHABET[(value >> bits) & 31];
    }
  }
  return code.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}

/**
 * A code as someone typed it, in the stored form, or undefined when it cannot be one: any case,
 * with or without the dashes and spaces, O read as 0 and I or L as 1 (Crockford's rule).
 */
export function normalizeVerificationCode(input: string): string | undefined {
  const plain = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== GROUPS * GROUP_LENGTH) return undefined;
  if ([...plain].some((character) => !ALPHABET.includes(character))) return undefined;
  return plain.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}
