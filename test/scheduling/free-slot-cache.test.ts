import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLOTS_CHANNEL } from '../../src/modules/scheduling/free-slot-cache.js';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  type RegisteredProfessional,
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
} from '../helpers/scheduling.js';

// Two instances on one database: the free slots each keeps in memory must follow every change,
// made through it, through the other, or straight in SQL.
let first: TestApp;
let second: TestApp;
let admin: Session;
let patient: SignedUpPatient;
let pro: RegisteredProfessional;

const MONDAY = '2026-12-07';
const at = (time: string) => `${MONDAY}T${time}:00-03:00`;

beforeAll(async () => {
  first = await createTestApp(SAO_PAULO_CLINIC);
  second = await createTestApp(SAO_PAULO_CLINIC, first);
  for (const instance of [first, second]) {
    instance.clock.set(SUNDAY_MORNING);
    // Resolves once the channel is listened to, so the cache (subscribed first) keeps answers.
    await instance.services.changeFeed.subscribe(SLOTS_CHANNEL, () => {});
  }
  admin = await first.login(await first.createUser('admin'));
  patient = await signUpPatient(first);
}, 60_000);
afterAll(async () => {
  await second?.close();
  await first?.close();
});

/** The start times of Monday's free slots, as `instance` answers them. */
async function mondayStarts(instance: TestApp, professional = pro): Promise<string[]> {
  const response = await as(instance, patient.session).get(
    `/api/v1/professionals/${professional.councilNumber}/slots?from=${MONDAY}&to=${MONDAY}`,
  );
  expect(response.statusCode).toBe(200);
  return response.json<{ startsAt: string }[]>().map((slot) => slot.startsAt.slice(11, 16));
}

describe('free slots kept in memory', () => {
  beforeAll(async () => {
    pro = await registerProfessional(first, admin);
    await setAvailability(first, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  });

  it('are answered from memory: a change no notification reports is not seen', async () => {
    expect(await mondayStarts(first)).toContain('08:00');
    expect(await mondayStarts(first)).toContain('08:00');
    // With the trigger off, an appointment written in SQL tells no instance.
    await first.database.sql.begin(async (sql) => {
      await sql`alter table appointments disable trigger appointments_free_slots_inserted`;
      await sql`
        insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at)
        values (${patient.userId}, ${pro.userId}, ${at('08:00')}, ${at('08:30')})`;
      await sql`alter table appointments enable trigger appointments_free_slots_inserted`;
    });
    expect(await mondayStarts(first)).toContain('08:00');
    // Nor does one whose transaction leaves its notices for after the commit (as a booking
    // does, migration 0014) and never sends them.
    await first.database.sql.begin(async (sql) => {
      await sql`select set_config('clinicdesk.notify_after_commit', 'on', true)`;
      await sql`
        insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at)
        values (${patient.userId}, ${pro.userId}, ${at('08:30')}, ${at('09:00')})`;
    });
    expect(await mondayStarts(first)).toContain('08:30');
    // Any change of that calendar, here one in SQL that notifies, forgets it.
    await first.database.sql`
      insert into time_off (professional_user_id, starts_at, ends_at)
      values (${pro.userId}, ${at('11:30')}, ${at('12:00')})`;
    await expect.poll(() => mondayStarts(first)).not.toContain('08:00');
    expect(await mondayStarts(first)).not.toContain('08:30');
    expect(await mondayStarts(first)).not.toContain('11:30');
  });

  it('show a booking made through the same instance in the very next answer', async () => {
    for (const instance of [first, second]) expect(await mondayStarts(instance)).toContain('09:00');
    // A booking's notices are not the trigger's: with it off, the other instance still hears of
    // the booking, from the statement the booking sends once it has committed.
    await first.database
      .sql`alter table appointments disable trigger appointments_free_slots_inserted`;
    try {
      await bookAppointment(first, patient.session, {
        professional: pro.councilNumber,
        startsAt: at('09:00'),
      });
    } finally {
      await first.database
        .sql`alter table appointments enable trigger appointments_free_slots_inserted`;
    }
    // The instance that booked knows it in its very next answer.
    expect(await mondayStarts(first)).not.toContain('09:00');
    await expect.poll(() => mondayStarts(second), { timeout: 2_000 }).not.toContain('09:00');
    await bookAppointment(first, patient.session, {
      professional: pro.councilNumber,
      startsAt: at('10:30'),
    });
    expect(await mondayStarts(first)).not.toContain('10:30');
    await expect.poll(() => mondayStarts(second), { timeout: 2_000 }).not.toContain('10:30');
    // Told once per booking: its own transaction notified nothing (a NOTIFY there would make
    // commits wait for each other), the statement after its commit did.
    const heard: string[] = [];
    const listening = await first.database.sql.listen(SLOTS_CHANNEL, (payload) => {
      heard.push(payload);
    });
    try {
      await bookAppointment(first, patient.session, {
        professional: pro.councilNumber,
        startsAt: at('11:00'),
      });
      await first.database.sql`select pg_notify(${SLOTS_CHANNEL}, 'end')`;
      await expect.poll(() => heard.at(-1)).toBe('end');
      expect(heard.filter((payload) => payload === pro.userId)).toHaveLength(1);
    } finally {
      await listening.unlisten();
    }
  });

  it('follow cancellations, moves and new working hours made through either instance', async () => {
    const id = await bookAppointment(first, patient.session, {
      professional: pro.councilNumber,
      startsAt: at('09:30'),
    });
    for (const instance of [first, second]) {
      await expect.poll(() => mondayStarts(instance)).not.toContain('09:30');
    }
    const moved = await as(second, admin).patch(`/api/v1/appointments/${id}`, {
      startsAt: at('10:00'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await mondayStarts(second)).toEqual(expect.arrayContaining(['09:30']));
    expect(await mondayStarts(second)).not.toContain('10:00');
    await expect.poll(() => mondayStarts(first)).toContain('09:30');
    expect(await mondayStarts(first)).not.toContain('10:00');

    const cancelled = await as(first, patient.session).post(`/api/v1/appointments/${id}/cancel`, {
      reason: 'Viagem',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await mondayStarts(first)).toContain('10:00');
    await expect.poll(() => mondayStarts(second)).toContain('10:00');

    await setAvailability(second, admin, pro.councilNumber, {
      slotMinutes: 60,
      weekly: [{ weekday: 1, start: '14:00', end: '16:00' }],
    });
    expect(await mondayStarts(second)).toEqual(['14:00', '15:00']);
    await expect.poll(() => mondayStarts(first)).toEqual(['14:00', '15:00']);
  });

  it('drop a slot once the clock alone puts it inside the minimum notice', async () => {
    const early = await registerProfessional(first, admin);
    await setAvailability(first, admin, early.councilNumber, WEEKDAY_MORNINGS);
    expect((await mondayStarts(first, early))[0]).toBe('08:00');
    // One hour's notice: at 07:00:01 on Monday the 08:00 slot can no longer be booked.
    first.clock.set(new Date(`${MONDAY}T07:00:01-03:00`));
    try {
      expect((await mondayStarts(first, early))[0]).toBe('08:30');
    } finally {
      first.clock.set(SUNDAY_MORNING);
    }
    expect((await mondayStarts(first, early))[0]).toBe('08:00');
  });
});
