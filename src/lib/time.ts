import { DateTime } from 'luxon';

/** Each zone's offset (minutes east of UTC) and how it is written, by quarter hour. */
const offsets = new Map<string, { minutes: number; written: string }>();
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS = 50_000;

/**
 * An instant as ISO 8601 with the zone's offset: `2026-12-23T10:00:00-03:00`. Lists and slot
 * searches write thousands of these per request, and asking the zone database for each offset
 * dominates their cost; zones change offset only on quarter hours, so an offset found once
 * serves its whole quarter hour. The instant is a Date or its epoch milliseconds.
 */
export function toZonedIso(instant: Date | number, timeZone: string): string {
  const ms = epochOf(instant);
  const key = `${timeZone} ${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const zoned = DateTime.fromMillis(ms - (ms % 1000), { zone: timeZone });
    // Luxon's own spelling of the offset (`-03:00`, `+00:00`, or `Z` for UTC itself).
    offset = {
      minutes: zoned.offset,
      written: zoned.toISO({ suppressMilliseconds: true })!.slice(19),
    };
    if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  const local = new Date(ms + offset.minutes * 60_000).toISOString();
  return `${ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23)}${offset.written}`;
}

/** An instant's epoch milliseconds, whether it is a Date or already its milliseconds. */
export function epochOf(instant: Date | number): number {
  return typeof instant === 'number' ? instant : instant.getTime();
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
