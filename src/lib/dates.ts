import type { Clock } from './clock.js';

// Building an Intl.DateTimeFormat is costly (it loads locale and zone data): one per zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date (`YYYY-MM-DD`) in the clinic's time zone, read from the clock each time. */
export function todayIn(timeZone: string, clock: Clock): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone }); // en-CA writes YYYY-MM-DD
    dayFormats.set(timeZone, format);
  }
  return format.format(clock.now());
}

/** Whole years from a birth date to a day, both `YYYY-MM-DD`; birthdays count on the day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A real calendar date (`2023-02-30` is not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}
