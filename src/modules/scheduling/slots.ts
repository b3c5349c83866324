import { DateTime, type Zone } from 'luxon';

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

/** A half-open span as a pair of epoch milliseconds, as the slot route reads them. */
export type EpochInterval = readonly [start: number, end: number];

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

/** A `SlotQuery` whose busy intervals may also come as epoch milliseconds (no Date per row). */
export interface EpochSlotQuery extends Omit<SlotQuery, 'busy'> {
  busy: readonly (Interval | EpochInterval)[];
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
  const slots: Interval[] = [];
  eachFreeSlot(query, (start, end) => slots.push({ start: new Date(start), end: new Date(end) }));
  return slots;
}

/** A free slot with its instants written as the API writes them (`toZonedIso`). */
export interface ZonedSlot {
  /** Epoch milliseconds. */
  start: number;
  startsAt: string;
  endsAt: string;
}

/**
 * `freeSlots`, each written with the zone's offset: what `toZonedIso` writes for its start and
 * end, from the offsets of the slot's day rather than a look-up per instant.
 */
export function zonedFreeSlots(query: EpochSlotQuery): ZonedSlot[] {
  const slots: ZonedSlot[] = [];
  const writer = offsetWriter(query.timeZone);
  eachFreeSlot(query, (start, end, day) => {
    slots.push({
      start,
      startsAt: writer.iso(start, offsetAt(day, start)),
      endsAt: writer.iso(end, offsetAt(day, end)),
    });
  });
  return slots;
}

/**
 * `zonedFreeSlots` as the API answers it, `[{"startsAt":"…","endsAt":"…"},…]`: byte for byte what
 * fast-json-stringify writes for them under the route's schema, without an object per slot or
 * its per-character escape check (it took three times as long). Nothing in an instant written
 * here needs escaping: digits, `-`, `:`, `T`, `+` and Luxon's offsets (`-03:00`, `Z`).
 */
export function zonedFreeSlotsJson(query: EpochSlotQuery): {
  /** The JSON array. */
  json: string;
  /** The first slot's start (epoch ms), undefined when none is free. */
  firstStart: number | undefined;
} {
  const writer = offsetWriter(query.timeZone);
  let json = '';
  let firstStart: number | undefined;
  // Free slots mostly follow each other: a slot starts where the one before ended.
  let lastEnd = NaN;
  let lastEndsAt = '';
  eachFreeSlot(query, (start, end, day) => {
    firstStart ??= start;
    const startsAt = start === lastEnd ? lastEndsAt : writer.iso(start, offsetAt(day, start));
    lastEnd = end;
    lastEndsAt = writer.iso(end, offsetAt(day, end));
    json +=
      (json === '' ? '[{"startsAt":"' : ',{"startsAt":"') +
      startsAt +
      '","endsAt":"' +
      lastEndsAt +
      '"}';
  });
  return { json: json === '' ? '[]' : `${json}]`, firstStart };
}

/**
 * Whether a free slot starts at this instant: what `freeSlots` over the instant's day (in the
 * zone), with `busy` subtracted and no booking window, would contain, checked without listing
 * the day. Days whose offset changes are listed all the same, to keep their exact semantics.
 */
export function isFreeSlotStart(
  query: Pick<SlotQuery, 'timeZone' | 'slotMinutes' | 'weekly' | 'busy'>,
  instant: Date,
): boolean {
  const start = instant.getTime();
  const zone = zoneDays(query.timeZone);
  const day = zone.dayOf(start);
  const next = zone.day(day.number + 1);
  if (day.changes.length) {
    let found = false;
    eachFreeSlot(
      {
        ...query,
        from: day.date,
        to: day.date,
        earliest: new Date(day.start),
        latest: new Date(next.start),
      },
      (slotStart) => {
        if (slotStart === start) found = true;
      },
    );
    return found;
  }
  // One offset all day and around it: wall-clock times are plain arithmetic.
  const slotMs = query.slotMinutes * 60_000;
  const shift = day.offsets[0]! * 60_000;
  let onGrid = false;
  for (const range of query.weekly) {
    if (range.weekday !== day.weekday) continue;
    const from = minutesOf(range.start);
    const to = minutesOf(range.end);
    const rangeStart = day.local + from * 60_000 - shift;
    const rangeEnd = to === END_OF_DAY ? next.start : day.local + to * 60_000 - shift;
    if (
      start >= rangeStart &&
      (start - rangeStart) % slotMs === 0 &&
      start + slotMs <= rangeEnd &&
      start >= day.start &&
      start <= next.start
    ) {
      onGrid = true;
      break;
    }
  }
  if (!onGrid) return false;
  const end = start + slotMs;
  const { starts, ends } = mergeBusy(query.busy);
  for (let i = 0; i < starts.length; i++) {
    if (ends[i]! > start) return !(starts[i]! < end);
  }
  return true;
}

export interface SlotGridPoint {
  weekday: number;
  localMs: number;
  endOfDayMs: number;
}

/**
 * Where an instant sits on its day's wall clock, for `isFreeSlotStart`'s test done in SQL (the
 * booking's statement, migration 0012): the weekday, the milliseconds since local midnight, and
 * where `24:00` falls on that scale. Undefined on a day whose offset changes: those are checked
 * here, with their exact semantics.
 */
export function slotGridPoint(instant: Date, timeZone: string): SlotGridPoint | undefined {
  const start = instant.getTime();
  const zone = zoneDays(timeZone);
  const day = zone.dayOf(start);
  const next = zone.day(day.number + 1);
  if (day.changes.length || start < day.start || start > next.start) return undefined;
  const shift = day.offsets[0]! * 60_000;
  // The same arithmetic as `isFreeSlotStart`'s, shifted by the day's local midnight.
  return {
    weekday: day.weekday,
    localMs: start + shift - day.local,
    endOfDayMs: next.start + shift - day.local,
  };
}

/** The calendar day (in the zone) an instant falls on, and the instants that bound it. */
export function zonedDay(
  instant: Date,
  timeZone: string,
): { date: string; weekday: number; start: Date; end: Date } {
  const zone = zoneDays(timeZone);
  const day = zone.dayOf(instant.getTime());
  return {
    date: day.date,
    weekday: day.weekday,
    start: new Date(day.start),
    end: new Date(zone.day(day.number + 1).start),
  };
}

/**
 * A range of calendar days (`YYYY-MM-DD`, inclusive) in a zone: how many days after `from` the
 * day `to` is, and the instants they cover, [the start of `from`, the start of the day after
 * `to`), as `startOfDay` places them, from the zone's cached days rather than Luxon per request.
 */
export function zonedDaySpan(
  from: string,
  to: string,
  timeZone: string,
): { days: number; start: number; end: number } {
  const zone = zoneDays(timeZone);
  const first = dayNumber(from, timeZone);
  const last = dayNumber(to, timeZone);
  return { days: last - first, start: zone.day(first).start, end: zone.day(last + 1).start };
}

/** A calendar day (`YYYY-MM-DD`) plus some days, as `addDays` writes it. */
export function plusDays(date: string, days: number): string {
  return new Date((dayNumber(date, 'UTC') + days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Calls `emit` with each free slot, in the order of the original per-slot computation: days in
 * turn, each day's ranges by start, each range's slots from its start; a busy pointer that only
 * moves forward.
 */
function eachFreeSlot(
  query: EpochSlotQuery,
  emit: (start: number, end: number, day: ZoneDay) => void,
): void {
  const slotMs = query.slotMinutes * 60_000;
  const { starts, ends } = mergeBusy(query.busy);
  const earliest = query.earliest.getTime();
  const latest = query.latest.getTime();
  const byWeekday = rangesByWeekday(query.weekly);
  const zone = zoneDays(query.timeZone);
  const last = dayNumber(query.to, query.timeZone);
  let next = 0; // the first busy interval that may still overlap a later slot
  for (let number = dayNumber(query.from, query.timeZone); number <= last; number++) {
    const day = zone.day(number);
    const ranges = byWeekday[day.weekday]!;
    for (const range of ranges) {
      const rangeEnd =
        range.end === END_OF_DAY ? zone.endOfDay(day) : zone.wallClock(day, range.end);
      for (let start = zone.wallClock(day, range.start); start + slotMs <= rangeEnd;) {
        const end = start + slotMs;
        while (next < ends.length && ends[next]! <= start) next++;
        const blocked = next < ends.length && starts[next]! < end;
        if (start >= earliest && start <= latest && !blocked) emit(start, end, day);
        start = end;
      }
    }
  }
}

const END_OF_DAY = 24 * 60;

/** `HH:MM` as minutes after midnight; any `24:…` is the end of the day. */
function minutesOf(time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return hour === 24 ? END_OF_DAY : hour * 60 + minute;
}

/** Each weekday's ranges in minutes, by start (ties in the order given). */
function rangesByWeekday(weekly: readonly WeeklyRange[]): { start: number; end: number }[][] {
  const byWeekday: { start: number; end: number }[][] = [[], [], [], [], [], [], []];
  for (const range of weekly) {
    byWeekday[range.weekday]?.push({ start: minutesOf(range.start), end: minutesOf(range.end) });
  }
  for (const ranges of byWeekday) ranges.sort((a, b) => a.start - b.start);
  return byWeekday;
}

/** The busy intervals merged (as `mergeIntervals`), as epoch milliseconds. */
function mergeBusy(intervals: EpochSlotQuery['busy']): { starts: number[]; ends: number[] } {
  const sorted = intervals
    .map((interval) =>
      'start' in interval
        ? { start: interval.start.getTime(), end: interval.end.getTime() }
        : { start: interval[0], end: interval[1] },
    )
    .sort((a, b) => a.start - b.start);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { start, end } of sorted) {
    const last = ends.length - 1;
    if (last >= 0 && start <= ends[last]!) {
      if (end > ends[last]!) ends[last] = end;
    } else {
      starts.push(start);
      ends.push(end);
    }
  }
  return { starts, ends };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/**
 * How far a day's instants reach past its wall-clock day: beyond any offset a zone has had. A
 * day's offsets are known over [local midnight − REACH, local midnight + 1 day + REACH].
 */
const REACH_MS = 16 * HOUR_MS;
/** Offsets are probed this far apart; a zone never changes offset twice within it. */
const PROBE_MS = 6 * HOUR_MS;
const MAX_CACHED_DAYS = 20_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day in a zone, with the offsets in force on and around it. */
interface ZoneDay {
  /** Days from 1970-01-01. */
  number: number;
  /** `YYYY-MM-DD`. */
  date: string;
  /** 0 is Sunday. */
  weekday: number;
  /** Its midnight as if the zone were UTC (epoch milliseconds). */
  local: number;
  /** Instants (ascending) at which the offset changes within the reach of the day. */
  changes: number[];
  /** The offset (minutes east of UTC) before each change, and after the last: one more. */
  offsets: number[];
  /** The day's first instant, as Luxon reads `YYYY-MM-DD` in the zone, and its offset. */
  start: number;
  startOffset: number;
}

function offsetAt(day: ZoneDay, instant: number): number {
  const { changes, offsets } = day;
  let i = 0;
  while (i < changes.length && instant >= changes[i]!) i++;
  return offsets[i]!;
}

function dayNumber(date: string, timeZone: string): number {
  const match =
    DATE.exec(date) ?? DATE.exec(DateTime.fromISO(date, { zone: timeZone }).toISODate() ?? '');
  if (!match) return NaN;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

/** A zone's days, computed on first use from a few offset look-ups each and kept. */
class ZoneDays {
  private readonly days = new Map<number, ZoneDay>();
  private readonly zone: Zone;

  constructor(timeZone: string) {
    this.zone = DateTime.fromMillis(0, { zone: timeZone }).zone;
  }

  day(number: number): ZoneDay {
    let day = this.days.get(number);
    if (day === undefined) {
      day = this.compute(number);
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      this.days.set(number, day);
    }
    return day;
  }

  /** The day an instant falls on in the zone. */
  dayOf(instant: number): ZoneDay {
    const utcDay = this.day(Math.floor(instant / DAY_MS));
    const local = instant + this.offset(utcDay, instant) * 60_000;
    return this.day(Math.floor(local / DAY_MS));
  }

  /** A wall-clock time (minutes after midnight) of a day, as Luxon's `set` places it. */
  wallClock(day: ZoneDay, minutes: number): number {
    return this.fixOffset(day, day.local + minutes * 60_000, day.startOffset)[0];
  }

  /** `24:00` of a day, as Luxon's `day.plus({ days: 1 }).startOf('day')` places it. */
  endOfDay(day: ZoneDay): number {
    const next = this.day(day.number + 1);
    const timeOfDay = day.start + day.startOffset * 60_000 - day.local;
    const [, offset] = this.fixOffset(next, next.local + timeOfDay, day.startOffset);
    return this.fixOffset(next, next.local, offset)[0];
  }

  /** Luxon's `fixOffset`: a local time's instant and offset, starting from a guessed offset. */
  private fixOffset(day: ZoneDay, local: number, guess: number): [number, number] {
    let instant = local - guess * 60_000;
    const o2 = this.offset(day, instant);
    if (o2 === guess) return [instant, guess];
    instant -= (o2 - guess) * 60_000;
    const o3 = this.offset(day, instant);
    if (o2 === o3) return [instant, o2];
    return [local - Math.min(o2, o3) * 60_000, Math.max(o2, o3)];
  }

  private offset(day: ZoneDay, instant: number): number {
    if (instant < day.local - REACH_MS || instant > day.local + DAY_MS + REACH_MS) {
      return this.zone.offset(instant);
    }
    return offsetAt(day, instant);
  }

  private compute(number: number): ZoneDay {
    const local = number * DAY_MS;
    const changes: number[] = [];
    const offsets: number[] = [];
    const first = local - REACH_MS;
    const last = local + DAY_MS + REACH_MS;
    let before = this.zone.offset(first);
    offsets.push(before);
    for (let probe = first; probe < last;) {
      const after = Math.min(probe + PROBE_MS, last);
      const offset = this.zone.offset(after);
      if (offset !== before) {
        // Offsets change on whole seconds: the first second in (probe, after] with the new one.
        let low = probe / 1000;
        let high = after / 1000;
        while (high - low > 1) {
          const middle = Math.floor((low + high) / 2);
          if (this.zone.offset(middle * 1000) === before) low = middle;
          else high = middle;
        }
        changes.push(high * 1000);
        offsets.push(offset);
        before = offset;
      }
      probe = after;
    }
    const day: ZoneDay = {
      number,
      date: new Date(local).toISOString().slice(0, 10),
      weekday: (((number + 4) % 7) + 7) % 7,
      local,
      changes,
      offsets,
      start: 0,
      startOffset: 0,
    };
    [day.start, day.startOffset] = this.fixOffset(day, local, offsets[0]!);
    return day;
  }
}

const zones = new Map<string, ZoneDays>();

function zoneDays(timeZone: string): ZoneDays {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = new ZoneDays(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

/** Writes instants as `toZonedIso` does, given their offset; the offset's spelling is Luxon's. */
function offsetWriter(timeZone: string): { iso(instant: number, offset: number): string } {
  let written = writtenOffsets.get(timeZone);
  if (written === undefined) {
    written = new Map();
    writtenOffsets.set(timeZone, written);
  }
  const spellings = written;
  let lastDay = NaN;
  let lastDate = '';
  return {
    iso(instant, offset) {
      let spelling = spellings.get(offset);
      if (spelling === undefined) {
        const zoned = DateTime.fromMillis(instant - (instant % 1000), { zone: timeZone });
        spelling = zoned.toISO({ suppressMilliseconds: true })!.slice(19);
        spellings.set(offset, spelling);
      }
      const local = instant + offset * 60_000;
      if (local % 60_000 === 0) {
        // Whole minutes, as slots are: the day's `YYYY-MM-DDT` and the time from tables.
        const day = Math.floor(local / DAY_MS);
        if (day !== lastDay) {
          lastDay = day;
          lastDate = new Date(day * DAY_MS).toISOString().slice(0, 11);
        }
        return `${lastDate}${wallTimes[(local - day * DAY_MS) / 60_000]}:00${spelling}`;
      }
      const iso = new Date(local).toISOString();
      return `${instant % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23)}${spelling}`;
    },
  };
}

const writtenOffsets = new Map<string, Map<number, string>>();
/** `HH:MM` of each minute of a day. */
const wallTimes = Array.from(
  { length: 24 * 60 },
  (_, minute) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
);

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
