import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import { setAvailability } from '../helpers/scheduling.js';

// New York changes its clocks in 2026 on Sunday 8 March (02:00 → 03:00) and Sunday 1 November
// (02:00 → 01:00). The professional works Sundays 00:00–05:00 in hour-long slots.
let t: TestApp;
let admin: Session;
let patients: SignedUpPatient[];
let professional: string;
let adminUser: Awaited<ReturnType<TestApp['createUser']>>;

/** Moves the clock and signs everyone in again (sessions expire across months). */
async function moveClockTo(instant: string) {
  t.clock.set(new Date(instant));
  admin = await t.login(adminUser);
  for (const patient of patients) patient.session = await t.login(patient);
}

beforeAll(async () => {
  t = await createTestApp({
    CLINIC_TIMEZONE: 'America/New_York',
    BOOKING_MIN_NOTICE: '1h',
    BOOKING_HORIZON_DAYS: '90',
    SESSION_TTL_MINUTES: String(60 * 24 * 30),
  });
  t.clock.set(new Date('2026-03-01T12:00:00Z'));
  adminUser = await t.createUser('admin');
  admin = await t.login(adminUser);
  patients = [await signUpPatient(t), await signUpPatient(t), await signUpPatient(t)];
  professional = (await registerProfessional(t, admin)).councilNumber;
  await setAvailability(t, admin, professional, {
    slotMinutes: 60,
    weekly: [{ weekday: 0, start: '00:00', end: '05:00' }],
  });
});
afterAll(() => t.close());

const slotsOn = async (day: string) =>
  (
    await as(t, patients[0]!.session).get(
      `/api/v1/professionals/${professional}/slots?from=${day}&to=${day}`,
    )
  )
    .json()
    .map((slot: { startsAt: string; endsAt: string }) => `${slot.startsAt}/${slot.endsAt}`);

describe('booking across daylight-saving changes (America/New_York)', () => {
  it('spring forward: the skipped hour has no slot, the hour after it books with the new offset', async () => {
    await moveClockTo('2026-03-01T12:00:00Z');
    expect(await slotsOn('2026-03-08')).toEqual([
      '2026-03-08T00:00:00-05:00/2026-03-08T01:00:00-05:00',
      '2026-03-08T01:00:00-05:00/2026-03-08T03:00:00-04:00',
      '2026-03-08T03:00:00-04:00/2026-03-08T04:00:00-04:00',
      '2026-03-08T04:00:00-04:00/2026-03-08T05:00:00-04:00',
    ]);
    const after = await as(t, patients[0]!.session).post('/api/v1/appointments', {
      professional,
      startsAt: '2026-03-08T03:00:00-04:00',
    });
    expect(after.statusCode).toBe(201);
    expect(after.json()).toMatchObject({
      startsAt: '2026-03-08T03:00:00-04:00',
      endsAt: '2026-03-08T04:00:00-04:00',
    });
    // The slot that runs through the change lasts one real hour: 01:00 EST to 03:00 EDT.
    const across = await as(t, patients[1]!.session).post('/api/v1/appointments', {
      professional,
      startsAt: '2026-03-08T01:00:00-05:00',
    });
    expect(across.statusCode).toBe(201);
    expect(across.json().endsAt).toBe('2026-03-08T03:00:00-04:00');
    // 02:30 does not exist that night; written with the old offset it is 03:30 EDT, off the grid.
    expect(
      (
        await as(t, patients[2]!.session).post('/api/v1/appointments', {
          professional,
          startsAt: '2026-03-08T02:30:00-05:00',
        })
      ).statusCode,
    ).toBe(422);
    expect(await slotsOn('2026-03-08')).toEqual([
      '2026-03-08T00:00:00-05:00/2026-03-08T01:00:00-05:00',
      '2026-03-08T04:00:00-04:00/2026-03-08T05:00:00-04:00',
    ]);
  });

  it('fall back: both 01:00s are separate slots, booked and listed with their own offsets', async () => {
    await moveClockTo('2026-10-20T12:00:00Z');
    expect(await slotsOn('2026-11-01')).toEqual([
      '2026-11-01T00:00:00-04:00/2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-04:00/2026-11-01T01:00:00-05:00',
      '2026-11-01T01:00:00-05:00/2026-11-01T02:00:00-05:00',
      '2026-11-01T02:00:00-05:00/2026-11-01T03:00:00-05:00',
      '2026-11-01T03:00:00-05:00/2026-11-01T04:00:00-05:00',
      '2026-11-01T04:00:00-05:00/2026-11-01T05:00:00-05:00',
    ]);
    const firstOne = await as(t, patients[0]!.session).post('/api/v1/appointments', {
      professional,
      startsAt: '2026-11-01T01:00:00-04:00',
    });
    const secondOne = await as(t, patients[1]!.session).post('/api/v1/appointments', {
      professional,
      startsAt: '2026-11-01T01:00:00-05:00',
    });
    expect(firstOne.statusCode).toBe(201);
    expect(secondOne.statusCode).toBe(201);
    expect(secondOne.json()).toMatchObject({
      startsAt: '2026-11-01T01:00:00-05:00',
      endsAt: '2026-11-01T02:00:00-05:00',
    });
    // The same wall-clock time, an hour apart in reality: the two do not clash.
    const list = await as(t, admin).get(
      `/api/v1/professionals/${professional}/appointments?date=2026-11-01`,
    );
    expect(list.json().items.map((item: { startsAt: string }) => item.startsAt)).toEqual([
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:00:00-05:00',
    ]);
    expect(await slotsOn('2026-11-01')).not.toContain(
      '2026-11-01T01:00:00-05:00/2026-11-01T02:00:00-05:00',
    );
  });
});
