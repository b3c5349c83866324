import { fieldError } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { isCalendarDate, todayIn } from '../../lib/dates.js';

/** A birth date must be a real calendar date, not in the future (in the clinic's zone). */
export function checkBirthDate(birthDate: string, timeZone: string, clock: Clock): void {
  const today = todayIn(timeZone, clock);
  if (!isCalendarDate(birthDate) || birthDate > today || birthDate < '1900-01-01') {
    throw fieldError('birthDate', 'must be a real date between 1900-01-01 and today');
  }
}
