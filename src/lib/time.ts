import { DateTime } from 'luxon';

/** An instant as ISO 8601 with the clinic zone's offset: `2026-12-23T10:00:00-03:00`. */
export function toZonedIso(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;
}

/** The instant a calendar day (`YYYY-MM-DD`) begins in a zone. */
export function startOfDay(day: string, timeZone: string): Date {
  return DateTime.fromISO(day, { zone: timeZone }).startOf('day').toJSDate();
}

/** A day plus some days, as `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Whole days from one date to another (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days')
    .days;
}
