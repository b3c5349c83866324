/**
 * A CID-10 (ICD-10) code: a letter, two digits, and optionally a dot with one more character
 * (`J06.9`, `F32`, `S72.0`); typed with or without the dot, in either case. In a file of its
 * own so the web app checks the same rule without loading the API's schemas.
 */
export const CID10_PATTERN = '^[A-Za-z][0-9]{2}(\\.?[0-9A-Za-z])?$';
