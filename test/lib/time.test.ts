import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { toZonedIso } from '../../src/lib/time.js';

const QUARTER_HOUR_MS = 15 * 60_000;

function expectAsLuxon(zone: string, ms: number) {
  const instant = new Date(ms);
  const luxon = DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true });
  expect(toZonedIso(instant, zone), `${zone} ${instant.toISOString()}`).toBe(luxon);
}

describe('toZonedIso', () => {
  it('writes what Luxon writes, across daylight-saving changes, in every kind of zone', () => {
    const zones = [
      'America/Sao_Paulo',
      'America/New_York',
      'Europe/London',
      'Asia/Kolkata',
      'Australia/Lord_Howe', // half-hour daylight saving
      'Asia/Kathmandu', // +05:45
      'UTC',
    ];
    const start = Date.UTC(2026, 0, 1);
    for (const zone of zones) {
      // Every 67 minutes and 13 seconds through the year, crossing every transition, and each
      // quarter hour of the days around New York's and Lord Howe's changes.
      for (let ms = start; ms < start + 366 * 86_400_000; ms += 4_033_000) {
        expectAsLuxon(zone, ms);
      }
    }
    const days = [
      ['America/New_York', Date.UTC(2026, 2, 7)],
      ['America/New_York', Date.UTC(2026, 9, 31)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4)],
      ['Australia/Lord_Howe', Date.UTC(2026, 9, 3)],
    ] as const;
    for (const [zone, day] of days) {
      for (let ms = day; ms < day + 2 * 86_400_000; ms += QUARTER_HOUR_MS) {
        expectAsLuxon(zone, ms);
      }
    }
  });

  it('keeps milliseconds when there are some', () => {
    expect(toZonedIso(new Date('2026-12-23T13:00:00.250Z'), 'America/Sao_Paulo')).toBe(
      '2026-12-23T10:00:00.250-03:00',
    );
  });
});
