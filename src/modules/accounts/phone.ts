import { fieldError } from '../../http/problem.js';
import { toE164 } from '../../lib/phone.js';

/** The phone in E.164, read with the clinic's country as the default region; else a 400. */
export function requirePhone(input: string, country: string): string {
  const phone = toE164(input, country);
  if (!phone) throw fieldError('phone', 'is not a valid phone number');
  return phone;
}
