import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, startOfDay } from '../../src/lib/time.js';
import {
  freeSlots,
  type Interval,
  isFreeSlotStart,
  mergeIntervals,
  plusDays,
  type SlotQuery,
  type WeeklyRange,
  zonedDay,
  zonedDaySpan,
  zonedFreeSlots,
  zonedFreeSlotsJson,
} from '../../src/modules/scheduling/slots.js';
import { epochMs } from '../../src/modules/scheduling/slot-inputs.js';
import { weeklyHoursProblems } from '../../src/modules/scheduling/weekly-hours.js';
import { referenceFreeSlots, referenceToZonedIso } from './slots-reference.js';

const ever = {
  earliest: new Date('2000-01-01T00:00:00Z'),
  latest: new Date('2100-01-01T00:00:00Z'),
};
const iso = (slots: { start: Date; end: Date }[]) =>
  slots.map((slot) => `${slot.start.toISOString()}/${slot.end.toISOString()}`);
const starts = (slots: { start: Date }[]) => slots.map((slot) => slot.start.toISOString());

function query(overrides: Partial<SlotQuery>): SlotQuery {
  return {
    timeZone: 'America/Sao_Paulo',
    slotMinutes: 30,
    weekly: [],
    from: '2026-12-07',
    to: '2026-12-07',
    busy: [],
    ...ever,
    ...overrides,
  };
}

describe('free slots', () => {
  it('cut each working range into slots in the clinic zone', () => {
    // 2026-12-07 is a Monday; São Paulo is at -03:00 all year.
    const slots = freeSlots(query({ weekly: [{ weekday: 1, start: '08:00', end: '10:00' }] }));
    expect(iso(slots)).toEqual([
      '2026-12-07T11:00:00.000Z/2026-12-07T11:30:00.000Z',
      '2026-12-07T11:30:00.000Z/2026-12-07T12:00:00.000Z',
      '2026-12-07T12:00:00.000Z/2026-12-07T12:30:00.000Z',
      '2026-12-07T12:30:00.000Z/2026-12-07T13:00:00.000Z',
    ]);
  });

  it('keep several ranges a day in order, drop a slot that would run past the range, and skip days off', () => {
    const slots = freeSlots(
      query({
        slotMinutes: 45,
        from: '2026-12-05', // Saturday, no hours
        to: '2026-12-07',
        weekly: [
          { weekday: 1, start: '14:00', end: '15:30' },
          { weekday: 1, start: '08:00', end: '09:40' },
        ],
      }),
    );
    expect(starts(slots)).toEqual([
      '2026-12-07T11:00:00.000Z',
      '2026-12-07T11:45:00.000Z',
      '2026-12-07T17:00:00.000Z',
      '2026-12-07T17:45:00.000Z',
    ]);
  });

  it('leave out slots touching time off or appointments, however they overlap', () => {
    const weekly = [{ weekday: 1, start: '08:00', end: '11:00' }];
    const busy = [
      { start: new Date('2026-12-07T11:30:00Z'), end: new Date('2026-12-07T12:00:00Z') }, // 08:30 exactly
      { start: new Date('2026-12-07T12:45:00Z'), end: new Date('2026-12-07T13:15:00Z') }, // 09:45–10:15
      { start: new Date('2026-12-07T12:50:00Z'), end: new Date('2026-12-07T12:55:00Z') }, // inside the last
    ];
    expect(starts(freeSlots(query({ weekly, busy })))).toEqual([
      '2026-12-07T11:00:00.000Z',
      '2026-12-07T12:00:00.000Z',
      '2026-12-07T13:30:00.000Z',
    ]);
    const dayOff = [
      { start: new Date('2026-12-07T03:00:00Z'), end: new Date('2026-12-08T03:00:00Z') },
    ];
    expect(freeSlots(query({ weekly, busy: dayOff }))).toEqual([]);
  });

  it('start no earlier than the minimum notice and no later than the horizon', () => {
    const weekly = [{ weekday: 1, start: '08:00', end: '12:00' }];
    const slots = freeSlots(
      query({
        weekly,
        earliest: new Date('2026-12-07T12:10:00Z'), // 09:10 local
        latest: new Date('2026-12-07T14:00:00Z'), // 11:00 local
      }),
    );
    expect(starts(slots)).toEqual([
      '2026-12-07T12:30:00.000Z',
      '2026-12-07T13:00:00.000Z',
      '2026-12-07T13:30:00.000Z',
      '2026-12-07T14:00:00.000Z',
    ]);
  });

  describe('across daylight-saving changes (America/New_York)', () => {
    const newYork = { timeZone: 'America/New_York', slotMinutes: 60 };

    it('follow the wall clock: 09:00 is 14:00Z before the change and 13:00Z after it', () => {
      const weekly = [1, 5].map((weekday) => ({ weekday, start: '09:00', end: '10:00' }));
      const slots = freeSlots(query({ ...newYork, weekly, from: '2026-03-06', to: '2026-03-09' }));
      expect(starts(slots)).toEqual(['2026-03-06T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
      const autumn = freeSlots(query({ ...newYork, weekly, from: '2026-10-30', to: '2026-11-02' }));
      expect(starts(autumn)).toEqual(['2026-10-30T13:00:00.000Z', '2026-11-02T14:00:00.000Z']);
    });

    it('lose the skipped hour when clocks go forward (2026-03-08, 02:00 → 03:00)', () => {
      const weekly = [{ weekday: 0, start: '00:00', end: '04:00' }];
      const slots = freeSlots(query({ ...newYork, weekly, from: '2026-03-08', to: '2026-03-08' }));
      // 00:00 EST, 01:00 EST, then 03:00 EDT: three real hours, back to back.
      expect(iso(slots)).toEqual([
        '2026-03-08T05:00:00.000Z/2026-03-08T06:00:00.000Z',
        '2026-03-08T06:00:00.000Z/2026-03-08T07:00:00.000Z',
        '2026-03-08T07:00:00.000Z/2026-03-08T08:00:00.000Z',
      ]);
      // A range starting inside the skipped hour starts when clocks resume.
      const late = freeSlots(
        query({
          ...newYork,
          weekly: [{ weekday: 0, start: '02:30', end: '05:00' }],
          from: '2026-03-08',
          to: '2026-03-08',
        }),
      );
      expect(starts(late)).toEqual(['2026-03-08T07:30:00.000Z']);
    });

    it('gain the repeated hour when clocks go back (2026-11-01, 02:00 → 01:00)', () => {
      const weekly = [{ weekday: 0, start: '00:00', end: '04:00' }];
      const slots = freeSlots(query({ ...newYork, weekly, from: '2026-11-01', to: '2026-11-01' }));
      // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST, 03:00 EST: five real hours.
      expect(starts(slots)).toEqual([
        '2026-11-01T04:00:00.000Z',
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T06:00:00.000Z',
        '2026-11-01T07:00:00.000Z',
        '2026-11-01T08:00:00.000Z',
      ]);
      for (let i = 1; i < slots.length; i++) expect(slots[i]!.start).toEqual(slots[i - 1]!.end);
    });
  });

  it('cope with a midnight that did not exist (São Paulo, 2018-11-04: 00:00 → 01:00)', () => {
    const weekly = [{ weekday: 0, start: '00:00', end: '03:00' }];
    const slots = freeSlots(
      query({ slotMinutes: 60, weekly, from: '2018-11-04', to: '2018-11-04' }),
    );
    expect(starts(slots)).toEqual(['2018-11-04T03:00:00.000Z', '2018-11-04T04:00:00.000Z']);
  });

  it('take 24:00 as the midnight ending the day', () => {
    const slots = freeSlots(
      query({ slotMinutes: 60, weekly: [{ weekday: 1, start: '22:00', end: '24:00' }] }),
    );
    expect(starts(slots)).toEqual(['2026-12-08T01:00:00.000Z', '2026-12-08T02:00:00.000Z']);
  });
});

describe('merging busy intervals', () => {
  it('sorts and joins overlapping and touching intervals', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
    const merged = mergeIntervals([
      { start: at(5), end: at(6) },
      { start: at(1), end: at(3) },
      { start: at(2), end: at(4) },
      { start: at(4), end: at(5) },
      { start: at(8), end: at(9) },
    ]);
    expect(merged).toEqual([
      { start: at(1), end: at(6) },
      { start: at(8), end: at(9) },
    ]);
  });
});

describe('epoch milliseconds from PostgreSQL’s epoch seconds', () => {
  it('truncate as a Date does, to the microsecond, from 1900 to 2200', () => {
    // `extract(epoch …)` writes whole microseconds as an exact decimal, `-` before negatives.
    const decimal = (us: bigint) => {
      const digits = (us < 0n ? -us : us).toString().padStart(7, '0');
      return `${us < 0n ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
    };
    const floorMs = (us: bigint) => Number(us / 1000n - (us % 1000n < 0n ? 1n : 0n));
    const first = BigInt(Date.UTC(1900, 0, 1)) * 1000n;
    const span = BigInt(Date.UTC(2200, 0, 1)) * 1000n - first;
    let seed = 7n;
    const samples: bigint[] = [];
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      const us = first + (seed % span);
      // Around whole milliseconds and seconds too, where rounding would show.
      samples.push(us, us - (us % 1_000_000n), us - (us % 1000n) - 1n, us - (us % 1000n) + 1n);
    }
    for (let us = -3_000_000n; us <= 3_000_000n; us += 997n) samples.push(us);
    for (const us of samples) {
      expect(epochMs(JSON.parse(decimal(us)) as number), decimal(us)).toBe(floorMs(us));
    }
    expect(epochMs(JSON.parse('1764640800.123000') as number)).toBe(1_764_640_800_123);
  });
});

describe('weekly hours', () => {
  it('accept a usual week', () => {
    expect(
      weeklyHoursProblems([
        { weekday: 1, start: '08:00', end: '12:00' },
        { weekday: 1, start: '13:00', end: '18:00' },
        { weekday: 6, start: '20:00', end: '24:00' },
      ]),
    ).toEqual([]);
  });

  it('name malformed times, inverted ranges and overlaps', () => {
    expect(weeklyHoursProblems([{ weekday: 7, start: '8:00', end: '25:00' }])).toEqual([
      { field: 'weekly.0.weekday', message: 'must be 0 (Sunday) to 6 (Saturday)' },
      { field: 'weekly.0.start', message: 'must be a time from 00:00 to 23:59' },
      { field: 'weekly.0.end', message: 'must be a time from 00:01 to 24:00' },
    ]);
    expect(weeklyHoursProblems([{ weekday: 2, start: '12:00', end: '12:00' }])).toEqual([
      { field: 'weekly.0.end', message: 'must be after start' },
    ]);
    expect(
      weeklyHoursProblems([
        { weekday: 3, start: '08:00', end: '12:00' },
        { weekday: 3, start: '11:30', end: '14:00' },
      ]),
    ).toEqual([{ field: 'weekly.1', message: 'overlaps 08:00–12:00 of the same weekday' }]);
  });
});

describe('free slots against the original per-slot computation (random schedules)', () => {
  // Days of both 2026 offset changes of each zone (São Paulo has none since 2019: its last two,
  // a skipped midnight and a repeated hour, are added), and a plain month.
  const changes: [string, string[]][] = [
    ['America/New_York', ['2026-03-08', '2026-11-01', '2026-06-15']],
    ['Europe/London', ['2026-03-29', '2026-10-25', '2026-12-10']],
    ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04', '2026-07-20']],
    ['America/Sao_Paulo', ['2018-11-04', '2019-02-16', '2026-12-07', '2026-03-08']],
  ];
  const DAY = 86_400_000;

  /** mulberry32: the same cases on every run. */
  function random(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

  function randomCase(next: () => number) {
    const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
    const [timeZone, days] = changes[int(0, changes.length - 1)]!;
    const center = days[int(0, days.length - 1)]!;
    // São Paulo's skipped midnight ends the range: the original lost the last day of a range
    // that went on after it (see the test below).
    const from = addDays(center, -int(0, 3));
    const to = center === '2018-11-04' ? center : addDays(center, int(0, 3));
    const step = [1, 5, 15, 30][int(0, 3)]!;
    const weekly: WeeklyRange[] = [];
    for (let weekday = 0; weekday <= 6; weekday++) {
      let at = int(0, 2) === 0 ? 0 : int(0, (8 * 60) / step) * step; // often from midnight
      for (let n = int(0, 3); n > 0 && at < 24 * 60; n--) {
        const end = Math.min(24 * 60, at + int(1, (6 * 60) / step) * step);
        weekly.push({ weekday, start: hhmm(at), end: end === 24 * 60 ? '24:00' : hhmm(end) });
        at = end + int(0, (2 * 60) / step) * step;
      }
    }
    weekly.sort(() => next() - 0.5); // the order stored is any order
    const slotMinutes = int(5, 120);
    const first = DateTime.fromISO(from, { zone: timeZone }).toMillis() - 2 * 3_600_000;
    const span = DateTime.fromISO(to, { zone: timeZone }).toMillis() + DAY + 2 * 3_600_000 - first;
    const instant = (grid: number) => first + Math.floor((next() * span) / grid) * grid;
    const busy: Interval[] = [];
    for (let n = int(0, 25); n > 0; n--) {
      const start = instant([60_000, 5 * 60_000, slotMinutes * 60_000][int(0, 2)]!);
      const length = int(0, 3) === 0 ? int(1, 24 * 60) : int(1, 180);
      busy.push({ start: new Date(start), end: new Date(start + length * 60_000) });
    }
    const earliest = new Date(int(0, 2) === 0 ? 0 : instant(60_000));
    const latest = new Date(int(0, 2) === 0 ? 4_102_444_800_000 : instant(60_000));
    return { timeZone, slotMinutes, weekly, from, to, busy, earliest, latest } as SlotQuery;
  }

  const cases = Array.from({ length: 1000 }, (_, i) => randomCase(random(i + 1)));

  it('gives the same slots, written the same way', () => {
    let total = 0;
    let acrossChanges = 0; // slots that start and end with different offsets
    for (const [i, query] of cases.entries()) {
      const expected = referenceFreeSlots(query);
      const label = `case ${i}: ${JSON.stringify(query)}`;
      expect(iso(freeSlots(query)), label).toEqual(iso(expected));
      expect(
        zonedFreeSlots(query).map((slot) => `${slot.start} ${slot.startsAt}/${slot.endsAt}`),
        label,
      ).toEqual(
        expected.map(
          (slot) =>
            `${slot.start.getTime()} ${referenceToZonedIso(slot.start, query.timeZone)}/` +
            referenceToZonedIso(slot.end, query.timeZone),
        ),
      );
      total += expected.length;
      acrossChanges += expected.filter(
        (slot) =>
          referenceToZonedIso(slot.start, query.timeZone).slice(19) !==
          referenceToZonedIso(slot.end, query.timeZone).slice(19),
      ).length;
    }
    expect(total).toBeGreaterThan(5_000);
    expect(acrossChanges).toBeGreaterThan(20);
  });

  it('tells a slot start as listing the day would', () => {
    let free = 0;
    for (const [i, query] of cases.slice(0, 300).entries()) {
      const next = random(1000 + i);
      for (let day = query.from; day <= query.to; day = addDays(day, 1)) {
        const dayStart = startOfDay(day, query.timeZone);
        const dayEnd = startOfDay(addDays(day, 1), query.timeZone);
        const weekday = DateTime.fromISO(day, { zone: query.timeZone }).weekday % 7;
        const dayQuery = {
          ...query,
          weekly: query.weekly.filter((range) => range.weekday === weekday),
          from: day,
          to: day,
          earliest: dayStart,
          latest: dayEnd,
        };
        const listed = referenceFreeSlots(dayQuery).map((slot) => slot.start.getTime());
        const slotMs = query.slotMinutes * 60_000;
        // Every free start, its neighbours on and off the grid, and instants anywhere that day.
        const candidates = listed.flatMap((start) => [start, start - 60_000, start + slotMs]);
        for (let n = 0; n < 20; n++) {
          const at = dayStart.getTime() + next() * (dayEnd.getTime() - dayStart.getTime());
          candidates.push(Math.floor(at / 60_000) * 60_000, Math.floor(at / slotMs) * slotMs);
        }
        for (const candidate of candidates) {
          const instant = new Date(candidate);
          const inDay = DateTime.fromJSDate(instant, { zone: query.timeZone }).toISODate() === day;
          if (!inDay) continue; // the booking looks at the candidate's own day
          const expected = listed.includes(candidate);
          expect(isFreeSlotStart(dayQuery, instant), `case ${i} ${instant.toISOString()}`).toBe(
            expected,
          );
          if (expected) free++;
        }
        const zoned = zonedDay(new Date(dayStart.getTime() + 3_600_000), query.timeZone);
        expect(zoned).toEqual({ date: day, weekday, start: dayStart, end: dayEnd });
      }
    }
    expect(free).toBeGreaterThan(1000);
  });

  it('write the JSON the route answers, the same for busy intervals as epoch milliseconds', () => {
    let total = 0;
    for (const [i, query] of cases.entries()) {
      const expected = JSON.stringify(
        referenceFreeSlots(query).map((slot) => ({
          startsAt: referenceToZonedIso(slot.start, query.timeZone),
          endsAt: referenceToZonedIso(slot.end, query.timeZone),
        })),
      );
      const epoch = query.busy.map((busy) => [busy.start.getTime(), busy.end.getTime()] as const);
      expect(zonedFreeSlotsJson(query).json, `case ${i}`).toBe(expected);
      expect(zonedFreeSlotsJson({ ...query, busy: epoch }).json, `case ${i}`).toBe(expected);
      total += expected.length;
    }
    expect(total).toBeGreaterThan(100_000);
  });

  it('span a range of days as Luxon places their midnights', () => {
    for (const [i, query] of cases.entries()) {
      const to = addDays(query.from, i % 5);
      const span = zonedDaySpan(query.from, to, query.timeZone);
      expect(span, `case ${i}`).toEqual({
        days: i % 5,
        start: startOfDay(query.from, query.timeZone).getTime(),
        end: startOfDay(addDays(to, 1), query.timeZone).getTime(),
      });
      expect(zonedDaySpan(to, query.from, query.timeZone).days).toBe(0 - (i % 5));
      expect(plusDays(query.from, (i % 70) - 7)).toBe(addDays(query.from, (i % 70) - 7));
    }
    // Across months, years and a leap day.
    expect(plusDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(plusDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(plusDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(zonedDaySpan('2026-12-01', '2027-01-31', 'America/Sao_Paulo').days).toBe(61);
  });

  it('keep the last day of a range over a skipped midnight (the original lost it)', () => {
    // Santiago skips 2026-09-06 00:00 (to 01:00); São Paulo skipped 2018-11-04 00:00.
    const daily = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday,
      start: '09:00',
      end: '10:00',
    }));
    const santiago = freeSlots(
      query({
        timeZone: 'America/Santiago',
        slotMinutes: 60,
        weekly: daily,
        from: '2026-09-05',
        to: '2026-09-07',
      }),
    );
    expect(starts(santiago)).toEqual([
      '2026-09-05T13:00:00.000Z',
      '2026-09-06T12:00:00.000Z',
      '2026-09-07T12:00:00.000Z',
    ]);
    const saoPaulo = freeSlots(
      query({ slotMinutes: 60, weekly: daily, from: '2018-11-03', to: '2018-11-05' }),
    );
    expect(starts(saoPaulo)).toEqual([
      '2018-11-03T12:00:00.000Z',
      '2018-11-04T11:00:00.000Z',
      '2018-11-05T11:00:00.000Z',
    ]);
  });
});
