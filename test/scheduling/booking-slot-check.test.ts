import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresError } from '../../src/db/errors.js';
import {
  isFreeSlotStart,
  slotGridPoint,
  type WeeklyRange,
} from '../../src/modules/scheduling/slots.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerProfessional } from '../helpers/people.js';

// A booking's slot check runs in SQL (`book_appointment`, migration 0012) on the wall-clock
// position the app computes; the free-slot listing runs `isFreeSlotStart`'s arithmetic in
// TypeScript. Both must agree on every instant, or a listed slot could not be booked.
const TIME_ZONE = 'America/New_York'; // with DST, so days whose offset changes are left out
const SLOT_MINUTES = 25;
const WEEKLY: WeeklyRange[] = [
  { weekday: 1, start: '08:00', end: '12:10' },
  { weekday: 1, start: '13:00', end: '18:00' },
  { weekday: 3, start: '20:00', end: '24:00' },
  { weekday: 4, start: '00:00', end: '06:00' },
  { weekday: 6, start: '09:15', end: '09:40' },
];
const TIME_OFF = [
  { start: new Date('2027-03-01T15:00:00Z'), end: new Date('2027-03-01T16:10:00Z') },
  { start: new Date('2027-03-04T04:30:00Z'), end: new Date('2027-03-04T05:00:00Z') },
];

let t: TestApp;
let professionalUserId: string;
let adminUserId: string;

beforeAll(async () => {
  t = await createTestApp({ CLINIC_TIMEZONE: TIME_ZONE });
  const adminUser = await t.createUser('admin');
  adminUserId = adminUser.id;
  const admin = await t.login(adminUser);
  professionalUserId = (await registerProfessional(t, admin)).userId;
  for (const range of WEEKLY) {
    await t.database.sql`
      insert into working_hours (professional_user_id, weekday, start, "end")
      values (${professionalUserId}, ${range.weekday}, ${range.start}, ${range.end})`;
  }
  for (const absence of TIME_OFF) {
    await t.database.sql`
      insert into time_off (professional_user_id, starts_at, ends_at)
      values (${professionalUserId}, ${absence.start.toISOString()}, ${absence.end.toISOString()})`;
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/**
 * Whether `book_appointment` lets the instant through its slot check: for a patient that does
 * not exist, a slot fails later, on the foreign key (23503); a time that is not one, CDS01.
 */
async function passesSqlCheck(start: Date): Promise<boolean | undefined> {
  const point = slotGridPoint(start, TIME_ZONE);
  if (!point) return undefined;
  const end = new Date(start.getTime() + SLOT_MINUTES * 60_000);
  const code = await t.database.sql`
    select book_appointment(${randomUUID()}::uuid, ${randomUUID()}::uuid,
      ${professionalUserId}::uuid, ${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, null, false,
      ${adminUserId}::uuid, now(), ${point.weekday}::smallint, ${point.localMs}::bigint,
      ${point.endOfDayMs}::bigint, ${SLOT_MINUTES}::integer)`.then(
    () => 'none',
    (error: unknown) => postgresError(error).code,
  );
  if (code === '23503') return true;
  if (code === 'CDS01') return false;
  throw new Error(`unexpected outcome ${code} at ${start.toISOString()}`);
}

describe('the booking’s slot check in SQL', () => {
  it('agrees with isFreeSlotStart on every 5 minutes of two weeks, and skips offset changes', async () => {
    const from = new Date('2027-02-28T00:00:00Z').getTime();
    const to = new Date('2027-03-16T00:00:00Z').getTime(); // DST starts on 2027-03-14
    let slots = 0;
    let skipped = 0;
    for (let instant = from; instant < to; instant += 5 * 60_000) {
      const start = new Date(instant);
      const actual = await passesSqlCheck(start);
      if (actual === undefined) {
        skipped += 1;
        continue;
      }
      const expected = isFreeSlotStart(
        { timeZone: TIME_ZONE, slotMinutes: SLOT_MINUTES, weekly: WEEKLY, busy: TIME_OFF },
        start,
      );
      if (expected) slots += 1;
      expect({ at: start.toISOString(), free: actual }).toEqual({
        at: start.toISOString(),
        free: expected,
      });
    }
    expect(slots).toBeGreaterThan(50);
    expect(skipped).toBeGreaterThan(0); // the DST day is left to the app
  }, 120_000);
});
