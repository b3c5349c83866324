import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  openSmallClinic,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  ({ t, admin } = await openSmallClinic());
});
afterAll(() => t.close());

/** Monday 7 December 2026 in São Paulo (UTC−3), at a wall-clock time. */
const monday = (time: string) => new Date(`2026-12-07T${time}:00-03:00`);

interface Day {
  pro: RegisteredProfessional;
  patients: SignedUpPatient[];
  /** Appointment ids, in the order of `times`. */
  ids: string[];
}

/**
 * A professional working weekday mornings with Monday's appointments booked by the desk on
 * Sunday, one per patient at the given times; the clock is then left at `clockAt` on Monday.
 */
async function day(
  times: string[],
  options: { clockAt?: string; patients?: Record<string, unknown>[]; name?: string } = {},
): Promise<Day> {
  t.clock.set(SUNDAY_MORNING);
  const pro = await registerProfessional(t, admin, { name: options.name ?? 'Dr. Jefferson' });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const patients = await Promise.all(
    times.map((_, index) => signUpPatient(t, options.patients?.[index] ?? {})),
  );
  const ids: string[] = [];
  for (const [index, time] of times.entries()) {
    ids.push(
      await bookAppointment(t, admin, {
        professional: pro.councilNumber,
        patient: patients[index]!.registerNumber,
        startsAt: `2026-12-07T${time}:00-03:00`,
      }),
    );
  }
  t.clock.set(monday(options.clockAt ?? '07:30'));
  return { pro, patients, ids };
}

describe('check-in', () => {
  it('gives each professional’s day its own ticket numbers, early arrivals too', async () => {
    const first = await day(['08:00', '08:30', '11:30']);
    const second = await day(['09:00']);

    const checkedIn = await as(t, admin).post(`/api/v1/appointments/${first.ids[2]}/check-in`);
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    expect(checkedIn.json()).toMatchObject({
      status: 'checked_in',
      ticket: 'N001',
      priority: 0,
      priorityReason: null,
      checkedInAt: '2026-12-07T07:30:00-03:00',
    });
    t.clock.advance(60_000);
    expect(
      (await as(t, admin).post(`/api/v1/appointments/${first.ids[0]}/check-in`)).json().ticket,
    ).toBe('N002');
    expect(
      (await as(t, admin).post(`/api/v1/appointments/${second.ids[0]}/check-in`)).json().ticket,
    ).toBe('N001');
    // Once per appointment.
    const again = await as(t, admin).post(`/api/v1/appointments/${first.ids[0]}/check-in`);
    expect(again.statusCode).toBe(422);
    expect(again.json().detail).toMatch(/checked in; it cannot be checked in/);

    const [history] = await t.database.sql<{ action: string; actor_user_id: string }[]>`
      select action, actor_user_id from appointment_history
      where appointment_id = ${first.ids[0]!} and action = 'checked_in'`;
    expect(history?.actor_user_id).toBeTruthy();
    const events = await t.database.sql<{ type: string }[]>`
      select type from outbox where payload->>'appointmentId' = ${first.ids[0]!} order by id`;
    expect(events.map((event) => event.type)).toEqual([
      'appointment.booked',
      'appointment.checked_in',
    ]);
  });

  it('refuses another day’s appointment and anyone but the desk', async () => {
    const { ids, patients, pro } = await day(['10:00']);
    t.clock.set(new Date('2026-12-06T13:00:00-03:00')); // Sunday, the day before
    const early = await as(t, admin).post(`/api/v1/appointments/${ids[0]}/check-in`);
    expect(early.statusCode).toBe(422);
    expect(early.json().detail).toMatch(/only today’s appointments.*2026-12-07/i);
    t.clock.set(monday('09:00'));
    expect(
      (await as(t, patients[0]!.session).post(`/api/v1/appointments/${ids[0]}/check-in`))
        .statusCode,
    ).toBe(403);
    expect(
      (await as(t, pro.session).post(`/api/v1/appointments/${ids[0]}/check-in`)).statusCode,
    ).toBe(403);
    const [row] = await t.database.sql<{ status: string; ticket: number | null }[]>`
      select status, ticket from appointments where id = ${ids[0]!}`;
    expect(row).toEqual({ status: 'scheduled', ticket: null });
  });

  it('orders the queue by legal priority, then by arrival', async () => {
    const { ids, pro } = await day(['08:00', '08:30', '09:00', '09:30'], {
      patients: [
        { name: 'Ana Normal', birthDate: '1990-01-01' },
        { name: 'Bia Gestante', birthDate: '1995-01-01' },
        { name: 'Cida Oitenta', birthDate: '1941-03-02' },
        { name: 'Davi Sessenta', birthDate: '1960-06-15' },
      ],
    });
    const tickets: string[] = [];
    const arrivals: [string, Record<string, unknown>][] = [
      [ids[0]!, {}],
      [ids[1]!, { priority: true, priorityReason: 'pregnant' }],
      [ids[3]!, {}],
      [ids[2]!, {}],
    ];
    for (const [id, body] of arrivals) {
      const response = await as(t, admin).post(`/api/v1/appointments/${id}/check-in`, body);
      expect(response.statusCode, response.body).toBe(200);
      tickets.push(response.json().ticket);
      t.clock.advance(60_000);
    }
    expect(tickets).toEqual(['N001', 'P002', 'P003', 'P004']);

    const queue = (await as(t, admin).get(`/api/v1/queue/${pro.councilNumber}`)).json();
    expect(
      queue.waiting.map((entry: { patientName: string; ticket: string; position: number }) => [
        entry.position,
        entry.ticket,
        entry.patientName,
      ]),
    ).toEqual([
      [1, 'P004', 'Cida Oitenta'], // 80+ before every other priority
      [2, 'P002', 'Bia Gestante'], // then priorities by arrival
      [3, 'P003', 'Davi Sessenta'],
      [4, 'N001', 'Ana Normal'],
    ]);
    const cida = (await as(t, admin).get(`/api/v1/appointments/${ids[2]}`)).json();
    expect(cida).toMatchObject({ priority: 2, priorityReason: 'aged_80' });

    // "Call next" follows the same order.
    const called = await as(t, pro.session).post(`/api/v1/queue/${pro.councilNumber}/next`);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.json()).toMatchObject({ id: ids[2], status: 'in_progress', ticket: 'P004' });
  });
});

describe('calling in and finishing', () => {
  it('moves a patient in and out, by the professional or the desk, one at a time', async () => {
    const { ids, pro, patients } = await day(['08:00', '08:30'], { clockAt: '07:50' });
    const stranger = await registerProfessional(t, admin);
    for (const id of ids)
      expect((await as(t, admin).post(`/api/v1/appointments/${id}/check-in`)).statusCode).toBe(200);

    expect(
      (await as(t, patients[0]!.session).post(`/api/v1/appointments/${ids[0]}/call`)).statusCode,
    ).toBe(403);
    expect(
      (await as(t, stranger.session).post(`/api/v1/appointments/${ids[0]}/call`)).statusCode,
    ).toBe(404);

    t.clock.set(monday('08:02'));
    const called = await as(t, pro.session).post(`/api/v1/appointments/${ids[0]}/call`);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.json()).toMatchObject({
      status: 'in_progress',
      calledAt: '2026-12-07T08:02:00-03:00',
    });
    const busy = await as(t, admin).post(`/api/v1/appointments/${ids[1]}/call`);
    expect(busy.statusCode).toBe(422);
    expect(busy.json().detail).toMatch(/with another patient/);

    // Notes are clinical: the attending professional's alone.
    const byDesk = await as(t, admin).post(`/api/v1/appointments/${ids[0]}/finish`, {
      notes: 'Hypertension.',
    });
    expect(byDesk.statusCode).toBe(403);
    t.clock.set(monday('08:25'));
    const finished = await as(t, pro.session).post(`/api/v1/appointments/${ids[0]}/finish`, {
      notes: 'Blood pressure 12/8. Back in 6 months.',
    });
    expect(finished.statusCode, finished.body).toBe(200);
    expect(finished.json()).toMatchObject({
      status: 'finished',
      finishedAt: '2026-12-07T08:25:00-03:00',
    });
    expect(JSON.stringify(finished.json())).not.toContain('Blood pressure');
    const [notes] = await t.database.sql<{ notes: string; written_by: string }[]>`
      select notes, written_by from consultation_versions
      where appointment_id = ${ids[0]!} and version = 1`;
    expect(notes).toEqual({
      notes: 'Blood pressure 12/8. Back in 6 months.',
      written_by: pro.userId,
    });

    // The desk may finish without notes.
    expect((await as(t, admin).post(`/api/v1/appointments/${ids[1]}/call`)).statusCode).toBe(200);
    expect((await as(t, admin).post(`/api/v1/appointments/${ids[1]}/finish`)).statusCode).toBe(200);

    const history = (await as(t, admin).get(`/api/v1/appointments/${ids[0]}/history`)).json();
    expect(history.map((entry: { action: string }) => entry.action)).toEqual([
      'booked',
      'checked_in',
      'called',
      'finished',
    ]);
    expect(history[2]).toMatchObject({
      at: '2026-12-07T08:02:00-03:00',
      actor: { role: 'professional' },
      changes: [{ field: 'status', from: 'checked_in', to: 'in_progress' }],
    });
  });

  it('refuses every transition the state machine does not allow', async () => {
    const { ids, pro } = await day(['08:00', '08:30', '09:00'], { clockAt: '08:10' });
    const [scheduled, toCancel, toFinish] = ids as [string, string, string];
    const refused = async (url: string, session: Session = admin) => {
      const response = await as(t, session).post(`/api/v1${url}`);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(422);
    };
    // scheduled: not called, not finished
    await refused(`/appointments/${scheduled}/call`);
    await refused(`/appointments/${scheduled}/finish`);
    // checked in: no no-show, no finish, no second check-in
    expect((await as(t, admin).post(`/api/v1/appointments/${toFinish}/check-in`)).statusCode).toBe(
      200,
    );
    await refused(`/appointments/${toFinish}/no-show`);
    await refused(`/appointments/${toFinish}/finish`);
    await refused(`/appointments/${toFinish}/check-in`);
    // in progress: no cancel, no no-show, no call again
    expect(
      (await as(t, pro.session).post(`/api/v1/appointments/${toFinish}/call`)).statusCode,
    ).toBe(200);
    await refused(`/appointments/${toFinish}/cancel`);
    await refused(`/appointments/${toFinish}/no-show`);
    await refused(`/appointments/${toFinish}/call`);
    // finished: nothing more
    expect(
      (await as(t, pro.session).post(`/api/v1/appointments/${toFinish}/finish`)).statusCode,
    ).toBe(200);
    for (const step of ['check-in', 'call', 'finish', 'no-show', 'cancel']) {
      await refused(`/appointments/${toFinish}/${step}`);
    }
    // cancelled: nothing more
    expect((await as(t, admin).post(`/api/v1/appointments/${toCancel}/cancel`)).statusCode).toBe(
      200,
    );
    for (const step of ['check-in', 'call', 'finish', 'no-show']) {
      await refused(`/appointments/${toCancel}/${step}`);
    }
    // A no-show only once the appointment has begun, and then nothing more.
    t.clock.set(monday('07:59'));
    await refused(`/appointments/${scheduled}/no-show`);
    t.clock.set(monday('08:10'));
    const noShow = await as(t, admin).post(`/api/v1/appointments/${scheduled}/no-show`);
    expect(noShow.statusCode).toBe(200);
    expect(noShow.json()).toMatchObject({
      status: 'no_show',
      noShowAt: '2026-12-07T08:10:00-03:00',
    });
    for (const step of ['check-in', 'call', 'finish', 'cancel']) {
      await refused(`/appointments/${scheduled}/${step}`);
    }
    await refused(`/queue/${pro.councilNumber}/next`, pro.session);
  });
});

describe('walk-ins', () => {
  it('are booked for now and checked in at once by the desk', async () => {
    t.clock.set(SUNDAY_MORNING);
    const pro = await registerProfessional(t, admin, { name: 'Dra. Eva' });
    await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
    const patient = await signUpPatient(t, { birthDate: '1950-02-01' });
    t.clock.set(monday('13:17')); // after hours: only a walk-in books now
    const body = { professional: pro.councilNumber, patient: patient.registerNumber };
    expect(
      (await as(t, patient.session).post('/api/v1/appointments/walk-ins', body)).statusCode,
    ).toBe(403);
    const response = await as(t, admin).post('/api/v1/appointments/walk-ins', {
      ...body,
      reason: 'Fever',
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      status: 'checked_in',
      forced: true,
      startsAt: '2026-12-07T13:17:00-03:00',
      ticket: 'P001',
      priorityReason: 'aged_60',
      reason: 'Fever',
    });
    // One patient never holds two overlapping appointments, walk-in or not.
    const twice = await as(t, admin).post('/api/v1/appointments/walk-ins', body);
    expect(twice.statusCode).toBe(409);
    const rows = await t.database.sql<{ count: number }[]>`
      select count(*)::int from appointments where patient_user_id = ${patient.userId}`;
    expect(rows[0]!.count).toBe(1);
  });
});

describe('the automatic no-show', () => {
  it('marks appointments still scheduled 30 minutes after their end, once', async () => {
    const { ids } = await day(['08:00', '08:30'], { clockAt: '07:45' });
    expect((await as(t, admin).post(`/api/v1/appointments/${ids[1]}/check-in`)).statusCode).toBe(
      200,
    );
    t.clock.set(monday('08:59'));
    expect(await t.services.appointments.sweepNoShows()).toBe(0);
    t.clock.set(monday('09:01'));
    // Other tests' days may be overdue too: what matters is this one.
    await t.services.appointments.sweepNoShows();
    const rows = await t.database.sql<{ id: string; status: string; no_show_at: string | null }[]>`
      select id, status, no_show_at from appointments where id in ${t.database.sql(ids)}`;
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
    expect(byId[ids[0]!]!.status).toBe('no_show');
    expect(new Date(byId[ids[0]!]!.no_show_at!)).toEqual(monday('09:01'));
    expect(byId[ids[1]!]!.status).toBe('checked_in');
    const history = await t.database.sql<{ actor_user_id: string | null }[]>`
      select actor_user_id from appointment_history
      where appointment_id = ${ids[0]!} and action = 'no_show'`;
    expect(history).toEqual([{ actor_user_id: null }]);
    expect(await t.services.appointments.sweepNoShows()).toBe(0);
    const events = await t.database.sql<{ count: number }[]>`
      select count(*)::int from outbox
      where type = 'appointment.no_show' and payload->>'appointmentId' = ${ids[0]!}`;
    expect(events[0]!.count).toBe(1);
  });
});
