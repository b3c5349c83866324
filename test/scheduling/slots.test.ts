import { describe, expect, it } from 'vitest';
import { freeSlots, mergeIntervals, type SlotQuery } from '../../src/modules/scheduling/slots.js';
import { weeklyHoursProblems } from '../../src/modules/scheduling/weekly-hours.js';

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
