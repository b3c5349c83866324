import { fieldError } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { isCalendarDate, todayIn } from '../../lib/dates.js';
import { toE164 } from '../../lib/phone.js';

/** The phone in E.164, read with the clinic's country as the default region; else a 400. */
export function requirePhone(input: string, country: string): string {
  const phone = toE164(input, country);
  if (!phone) throw fieldError('phone', 'is not a valid phone number');
  return phone;
}

/** A birth date must be a real calendar date, not in the future (in the clinic's zone). */
export function checkBirthDate(birthDate: string, timeZone: string, clock: Clock): void {
  const today = todayIn(timeZone, clock);
  if (!isCalendarDate(birthDate) || birthDate > today || birthDate < '1900-01-01') {
    throw fieldError('birthDate', 'must be a real date between 1900-01-01 and today');
  }
}
