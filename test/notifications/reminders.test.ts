import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ReminderScheduler } from '../../src/modules/notifications/reminders.js';
import { remindableAppointments } from '../../src/modules/scheduling/read-queries.js';
import { bearer, type Session, type TestApp } from '../helpers/app.js';
import type { SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  openSmallClinic,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

let t: TestApp;
let admin: Session;
let ana: SignedUpPatient;
let bia: SignedUpPatient;
let pro: RegisteredProfessional;
let other: RegisteredProfessional;

beforeAll(async () => {
  // The clock: Sunday 2026-12-06 09:00 in São Paulo (12:00Z).
  ({ t, admin, ana, bia, pro, other } = await openSmallClinic());
});
afterAll(() => t.close());

interface ReminderEvent {
  payload: { appointmentId: string; startsAt: string; status: string; offsetMinutes: number };
}

const reminders = (appointmentId?: string) =>
  t.database.sql<ReminderEvent[]>`
    select payload from outbox where type = 'appointment.reminder'
      and (${appointmentId ?? null}::text is null or payload->>'appointmentId' = ${appointmentId ?? null}::text)
    order by id`;

describe('appointment reminders', () => {
  it('are written once per appointment, offset and start, only for active ones in the window', async () => {
    const monday9 = await bookAppointment(t, admin, {
      patient: ana.registerNumber,
      professional: pro.councilNumber,
      startsAt: '2026-12-07T09:00:00-03:00',
    });
    const monday10 = await bookAppointment(t, admin, {
      patient: bia.registerNumber,
      professional: pro.councilNumber,
      startsAt: '2026-12-07T10:00:00-03:00',
    });
    const cancelled = await bookAppointment(t, admin, {
      patient: bia.registerNumber,
      professional: other.councilNumber,
      startsAt: '2026-12-07T09:00:00-03:00',
    });
    const tuesday = await bookAppointment(t, admin, {
      patient: ana.registerNumber,
      professional: other.councilNumber,
      startsAt: '2026-12-08T09:00:00-03:00',
    });
    const cancel = await as(t, admin).post(`/api/v1/appointments/${cancelled}/cancel`, {});
    expect(cancel.statusCode).toBe(200);

    // Exactly 24 hours before Monday 09:00: that one is due, nothing else yet.
    t.clock.set(new Date('2026-12-06T12:00:00Z'));
    const runs = await Promise.all([t.services.reminders.run(), t.services.reminders.run()]);
    expect(runs[0] + runs[1]).toBe(1);
    const [event] = await reminders();
    expect(event!.payload).toMatchObject({
      appointmentId: monday9,
      startsAt: '2026-12-07T09:00:00-03:00',
      status: 'scheduled',
      timeZone: 'America/Sao_Paulo',
      patient: { registerNumber: ana.registerNumber },
      professional: { councilNumber: pro.councilNumber },
      actor: null,
      changes: [],
      offsetMinutes: 1440,
    });
    expect(await t.services.reminders.run()).toBe(0);

    // An hour and a half later Monday 10:00 is due too; the cancelled one never is.
    t.clock.set(new Date('2026-12-06T13:30:00Z'));
    expect(await t.services.reminders.run()).toBe(1);
    expect((await reminders(monday10)).length).toBe(1);
    expect(await reminders(cancelled)).toEqual([]);
    expect(await reminders(tuesday)).toEqual([]);

    // Moved to Monday 11:30: a new reminder 24 hours before the new start, not before.
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${monday9}`,
      headers: bearer(admin),
      payload: { startsAt: '2026-12-07T11:30:00-03:00' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await t.services.reminders.run()).toBe(0);
    t.clock.set(new Date('2026-12-06T14:30:00Z'));
    expect(await t.services.reminders.run()).toBe(1);
    const forMoved = await reminders(monday9);
    expect(forMoved.map((e) => e.payload.startsAt)).toEqual([
      '2026-12-07T09:00:00-03:00',
      '2026-12-07T11:30:00-03:00',
    ]);

    // Once an appointment has started it is out of the window: nothing more for it.
    t.clock.set(new Date('2026-12-07T13:00:00Z'));
    await t.services.reminders.run();
    expect((await reminders(monday10)).length).toBe(1);
    expect((await reminders(tuesday)).length).toBe(1);
  });

  it('sends only the nearest reminder when several fall due at once, in batches', async () => {
    t.clock.set(new Date('2026-12-08T12:00:00Z')); // Tuesday 09:00
    const soon = await bookAppointment(t, admin, {
      patient: bia.registerNumber,
      professional: pro.councilNumber,
      startsAt: '2026-12-09T08:00:00-03:00',
    });
    const later = await bookAppointment(t, admin, {
      patient: bia.registerNumber,
      professional: pro.councilNumber,
      startsAt: '2026-12-09T08:30:00-03:00',
    });
    // Wednesday 07:40: both within 1 hour and 24 hours of their start.
    const scheduler = new ReminderScheduler(
      t.database.db,
      t.clock,
      remindableAppointments,
      { offsetsMinutes: [1440, 60], timeZone: 'America/Sao_Paulo' },
      1,
    );
    expect(await scheduler.remindersDue(new Date('2026-12-09T10:40:00Z'))).toBe(2);
    for (const id of [soon, later]) {
      const events = await reminders(id);
      expect(events.map((e) => e.payload.offsetMinutes)).toEqual([60]);
    }
    const rows = await t.database.sql`
      select offset_minutes from appointment_reminders where appointment_id = ${soon}
      order by offset_minutes`;
    expect(rows.map((row) => row.offset_minutes)).toEqual([60, 1440]);
    expect(await scheduler.remindersDue(new Date('2026-12-09T10:45:00Z'))).toBe(0);
  });
});

describe('REMINDER_OFFSETS', () => {
  it('is a comma list of durations, 24 hours by default', () => {
    expect(loadConfig({}).reminders.offsetsMinutes).toEqual([1440]);
    expect(loadConfig({ REMINDER_OFFSETS: '2h, 1d,30m,2h' }).reminders.offsetsMinutes).toEqual([
      1440, 120, 30,
    ]);
    for (const wrong of ['24', '1h,,2h', '0m', '31d', 'soon']) {
      expect(() => loadConfig({ REMINDER_OFFSETS: wrong })).toThrow(ConfigError);
      expect(() => loadConfig({ REMINDER_OFFSETS: wrong })).toThrow(/REMINDER_OFFSETS/);
    }
  });
});
