import type { Language } from '../message.js';

/**
 * Dates and times as notices write them: in the appointment's time zone and the recipient's
 * language. The parts come from `Intl.DateTimeFormat` (month and weekday names, the local
 * wall-clock time across daylight-saving changes) and are put together here, so the wording
 * does not change with the ICU version ("at", "às" or a comma).
 *
 * - long: "segunda-feira, 7 de dezembro de 2026, 09:00" · "Monday, December 7, 2026, 9:00 AM"
 * - short (SMS): "seg 07/12, 09:00" · "Mon Dec 7, 9:00 AM"
 */

interface Formats {
  long: Intl.DateTimeFormat;
  short: Intl.DateTimeFormat;
}

// Building an Intl.DateTimeFormat is costly (it loads locale and zone data): one set per
// language and zone, kept for the life of the process (there are few of each).
const cache = new Map<string, Formats>();

function formats(language: Language, timeZone: string): Formats {
  const key = `${language}|${timeZone}`;
  let found = cache.get(key);
  if (!found) {
    const time: Intl.DateTimeFormatOptions =
      language === 'en'
        ? { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    found = {
      long: new Intl.DateTimeFormat(language, {
        timeZone,
        weekday: 'long',
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        ...time,
      }),
      short: new Intl.DateTimeFormat(language, {
        timeZone,
        weekday: 'short',
        month: language === 'en' ? 'short' : '2-digit',
        day: language === 'en' ? 'numeric' : '2-digit',
        ...time,
      }),
    };
    cache.set(key, found);
  }
  return found;
}

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

function parts(format: Intl.DateTimeFormat, instant: string | Date): Parts {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(instant)}`);
  const out: Parts = {};
  for (const part of format.formatToParts(date)) out[part.type] = part.value;
  return out;
}

function time(p: Parts, language: Language): string {
  const hm = `${p.hour ?? ''}:${p.minute ?? ''}`;
  return language === 'en' ? `${hm} ${(p.dayPeriod ?? '').toUpperCase()}` : hm;
}

/** "segunda-feira, 7 de dezembro de 2026" · "Monday, December 7, 2026" */
function longDate(p: Parts, language: Language): string {
  return language === 'en'
    ? `${p.weekday}, ${p.month} ${p.day}, ${p.year}`
    : `${p.weekday}, ${p.day} de ${p.month} de ${p.year}`;
}

/** The full date and time: "segunda-feira, 7 de dezembro de 2026, 09:00". */
export function formatDateTime(instant: string | Date, timeZone: string, language: Language) {
  const p = parts(formats(language, timeZone).long, instant);
  return `${longDate(p, language)}, ${time(p, language)}`;
}

/** The date without the time: "segunda-feira, 7 de dezembro de 2026". */
export function formatDate(instant: string | Date, timeZone: string, language: Language) {
  return longDate(parts(formats(language, timeZone).long, instant), language);
}

/** The time of day: "09:00" · "9:00 AM". */
export function formatTime(instant: string | Date, timeZone: string, language: Language) {
  return time(parts(formats(language, timeZone).long, instant), language);
}

/** A compact date and time for SMS: "seg 07/12, 09:00" · "Mon Dec 7, 9:00 AM". */
export function formatShortDateTime(
  instant: string | Date,
  timeZone: string,
  language: Language,
): string {
  const p = parts(formats(language, timeZone).short, instant);
  const weekday = (p.weekday ?? '').replace(/\.$/, '');
  const date =
    language === 'en' ? `${weekday} ${p.month} ${p.day}` : `${weekday} ${p.day}/${p.month}`;
  return `${date}, ${time(p, language)}`;
}

/** The local calendar day (days since 1970-01-01 in that zone), to compare days. */
export function localDay(instant: string | Date, timeZone: string): number {
  const p = parts(formats('en', timeZone).long, instant);
  const month = MONTHS.indexOf(p.month ?? '');
  return Math.round(Date.UTC(Number(p.year), month, Number(p.day)) / 86_400_000);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
