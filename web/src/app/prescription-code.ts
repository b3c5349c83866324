// Crockford's base32, as the API writes the codes (src/modules/records/verification-codes.ts).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16;

/**
 * A prescription's code as someone typed or scanned it, in the printed form
 * (`7KQ2-M9XD-4TNB-R8WE`), or undefined when it cannot be one. The API's own rule, so a code
 * the page turns away is one the API would not find either: any case, dashes and spaces
 * ignored, O read as 0 and I or L as 1.
 */
export function normalizePrescriptionCode(input: string): string | undefined {
  const plain = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== LENGTH || [...plain].some((character) => !ALPHABET.includes(character)))
    return undefined;
  return plain.match(/.{4}/g)!.join('-');
}
