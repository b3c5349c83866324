/**
 * Calendar days (`YYYY-MM-DD`) as the clinic counts them: an instant's day is the day on the
 * clinic's wall clock, whatever the browser's zone.
 */
export type Day = string;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The clinic's day of an instant. */
export function dayIn(iso: string, timeZone: string): Day {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** Days are counted on the UTC calendar, where every day has 24 hours. */
const atNoon = (day: Day) => new Date(`${day}T12:00:00Z`);

export function addDays(day: Day, days: number): Day {
  const date = atNoon(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const firstOfMonth = (day: Day): Day => `${day.slice(0, 7)}-01`;

export function lastOfMonth(day: Day): Day {
  const date = atNoon(firstOfMonth(day));
  date.setUTCMonth(date.getUTCMonth() + 1, 0);
  return date.toISOString().slice(0, 10);
}

/** "terça-feira, 8 de dezembro" / "Tuesday, December 8": a day as people say it. */
export function formatDay(day: Day, language: string): string {
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(atNoon(day));
}
