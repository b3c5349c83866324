import { randomInt } from 'node:crypto';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A patient register number: six letters of either case, a hyphen and a digit (`ZxcVaS-2`). */
export function newRegisterNumber(): string {
  let letters = '';
  for (let i = 0; i < 6; i++) letters += LETTERS[randomInt(LETTERS.length)];
  return `${letters}-${randomInt(10)}`;
}
