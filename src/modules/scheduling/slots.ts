import { DateTime } from 'luxon';

/** A weekday's working range in the clinic's wall-clock time; `weekday` 0 is Sunday. */
export interface WeeklyRange {
  weekday: number;
  /** `HH:MM`, 00:00 to 23:59. */
  start: string;
  /** `HH:MM`, after `start`; `24:00` for midnight at the end of the day. */
  end: string;
}

/** A half-open span of time, [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

export interface SlotQuery {
  /** IANA zone the weekly hours are written in. */
  timeZone: string;
  slotMinutes: number;
  weekly: readonly WeeklyRange[];
  /** First and last day (inclusive), `YYYY-MM-DD` in `timeZone`. */
  from: string;
  to: string;
  /** Time off and active appointments, in any order, overlapping or not. */
  busy: readonly Interval[];
  /** No slot starts before this (now plus the minimum notice). */
  earliest: Date;
  /** No slot starts after this (now plus the booking horizon). */
  latest: Date;
}

/**
 * The free slots: each working range cut into `slotMinutes` pieces from its start, minus those
 * that touch a busy interval, between `earliest` and `latest`, in time order.
 *
 * A range runs from its start to its end as real instants in the clinic's zone, so across a
 * daylight-saving change it holds the hours really worked: an hour fewer when clocks go forward,
 * an hour more when they go back (both 01:30s are slots then). A start inside the hour that
 * clocks skip begins when the clocks resume. Slots follow each other in real time, never
 * overlapping and never leaving a gap, whatever the wall clock does.
 */
export function freeSlots(query: SlotQuery): Interval[] {
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
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
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
