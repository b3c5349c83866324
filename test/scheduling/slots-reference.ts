/**
 * The free-slot computation as it was before the per-day arithmetic (commit 57da199), kept
 * verbatim as the reference the property tests and `npm run bench:slots` compare against.
 */
import { DateTime } from 'luxon';
import type { Interval, SlotQuery } from '../../src/modules/scheduling/slots.js';

/** Each zone's offset (minutes east of UTC) and how it is written, by quarter hour. */
const offsets = new Map<string, { minutes: number; written: string }>();
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS = 50_000;

/**
 * An instant as ISO 8601 with the zone's offset: `2026-12-23T10:00:00-03:00`. Lists and slot
 * searches write thousands of these per request, and asking the zone database for each offset
 * dominates their cost; zones change offset only on quarter hours, so an offset found once
 * serves its whole quarter hour.
 */
export function referenceToZonedIso(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
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

export function referenceFreeSlots(query: SlotQuery): Interval[] {
  const slotMs = query.slotMinutes * 60_000;
  const busy = mergeIntervals(query.busy);
  const slots: Interval[] = [];
  let next = 0; // the first busy interval that may still overlap a later slot
  const lastDay = DateTime.fromISO(query.to, { zone: query.timeZone });
  for (
    let day = DateTime.fromISO(query.from, { zone: query.timeZone });
    day <= lastDay;
    day = day.plus({ days: 1 })
  ) {
    const ranges = query.weekly
      .filter((range) => range.weekday === day.weekday % 7)
      .sort((a, b) => a.start.localeCompare(b.start));
    for (const range of ranges) {
      const rangeEnd = wallClock(day, range.end).getTime();
      for (let start = wallClock(day, range.start).getTime(); start + slotMs <= rangeEnd;) {
        const end = start + slotMs;
        while (next < busy.length && busy[next]!.end.getTime() <= start) next++;
        const blocked = next < busy.length && busy[next]!.start.getTime() < end;
        const open = start >= query.earliest.getTime() && start <= query.latest.getTime();
        if (open && !blocked) slots.push({ start: new Date(start), end: new Date(end) });
        start = end;
      }
    }
  }
  return slots;
}

/** The instant of a wall-clock time on a day in the day's zone (`24:00` is the next midnight). */
function wallClock(day: DateTime, time: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  if (hour === 24) return day.plus({ days: 1 }).startOf('day').toJSDate();
  // Luxon moves a time that clocks skip forward by the size of the gap.
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** Sorted, with overlapping or touching intervals joined. */
function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start.getTime() <= last.end.getTime()) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ start: interval.start, end: interval.end });
    }
  }
  return merged;
}
