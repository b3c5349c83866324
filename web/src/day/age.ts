import type { Day } from '../time/days';

/** Whole years from a birth date to a clinic day (both `YYYY-MM-DD`). */
export function ageOn(birthDate: Day, today: Day): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}
