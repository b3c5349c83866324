import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, type SignedUpPatient } from '../helpers/people.js';
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
let ana: SignedUpPatient;
let bia: SignedUpPatient;
let pro: RegisteredProfessional;
let other: RegisteredProfessional;

beforeAll(async () => {
  ({ t, admin, ana, bia, pro, other } = await openSmallClinic());
});
afterAll(() => t.close());
beforeEach(() => t.clock.set(SUNDAY_MORNING));

describe('booking', () => {
  it('books a free slot for the patient and takes it out of the free slots', async () => {
    const response = await as(t, ana.session).post('/api/v1/appointments', {
      professional: pro.councilNumber.toLowerCase(),
      startsAt: '2026-12-07T09:00:00-03:00',
      reason: 'Check-up',
    });
    expect(response.statusCode).toBe(201);
    const appointment = response.json();
    expect(appointment).toMatchObject({
      patient: { registerNumber: ana.registerNumber, name: 'Ana Souza' },
      professional: { councilNumber: pro.councilNumber, name: 'Dr. Caio' },
      startsAt: '2026-12-07T09:00:00-03:00',
      endsAt: '2026-12-07T09:30:00-03:00',
      status: 'scheduled',
      reason: 'Check-up',
      forced: false,
      ticket: null,
      cancelReason: null,
    });
    const slots = await as(t, bia.session).get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-07&to=2026-12-07`,
    );
    const starts = slots.json().map((slot: { startsAt: string }) => slot.startsAt);
    expect(starts).not.toContain('2026-12-07T09:00:00-03:00');
    expect(starts).toContain('2026-12-07T09:30:00-03:00');

    const [event] = await t.database.sql<{ type: string; payload: Record<string, unknown> }[]>`
      select type, payload from outbox where payload->>'appointmentId' = ${appointment.id}`;
    expect(event).toMatchObject({
      type: 'appointment.booked',
      payload: {
        startsAt: '2026-12-07T09:00:00-03:00',
        patient: { registerNumber: ana.registerNumber, name: 'Ana Souza' },
        professional: { councilNumber: pro.councilNumber, name: 'Dr. Caio' },
        changes: [],
      },
    });
  });

  it('answers 409 for a taken slot and for a patient already busy then', async () => {
    const first = await as(t, bia.session).post('/api/v1/appointments', {
      professional: pro.councilNumber,
      startsAt: '2026-12-07T10:00:00-03:00',
    });
    expect(first.statusCode).toBe(201);
    const taken = await as(t, ana.session).post('/api/v1/appointments', {
      professional: pro.councilNumber,
      startsAt: '2026-12-07T10:00:00-03:00',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({
      type: 'urn:clinicdesk:problem:slot-taken',
      detail: expect.stringMatching(/already taken/),
    });
    const busy = await as(t, bia.session).post('/api/v1/appointments', {
      professional: other.councilNumber,
      startsAt: '2026-12-07T10:00:00-03:00',
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({
      type: 'urn:clinicdesk:problem:conflict',
      detail: expect.stringMatching(/patient already has an appointment/),
    });
  });
});

describe('booking rules', () => {
  const at = (startsAt: string, extra: Record<string, unknown> = {}) => ({
    professional: pro.councilNumber,
    startsAt,
    ...extra,
  });
  const rowsOf = async (userId: string) =>
    (await t.database.sql`select id from appointments where patient_user_id = ${userId}`).length;

  it('refuses patients the past, the notice, off-hours, off-grid, time off and beyond the horizon', async () => {
    const before = await rowsOf(ana.userId);
    t.clock.set(new Date('2026-12-07T12:20:00Z')); // Monday 09:20
    const cases: [string, RegExp][] = [
      ['2026-12-07T09:00:00-03:00', /already passed/],
      ['2026-12-07T10:00:00-03:00', /at least 1 hour ahead/],
      ['2026-12-07T13:00:00-03:00', /not one of the professional’s slots/],
      ['2026-12-08T08:10:00-03:00', /not one of the professional’s slots/],
      ['2026-12-12T09:00:00-03:00', /not one of the professional’s slots/], // a Saturday
      ['2027-01-11T09:00:00-03:00', /up to 30 days ahead/],
    ];
    for (const [startsAt, detail] of cases) {
      const response = await as(t, ana.session).post('/api/v1/appointments', at(startsAt));
      expect(response.statusCode, startsAt).toBe(422);
      expect(response.json().detail).toMatch(detail);
    }
    const timeOff = await t.app.inject({
      method: 'POST',
      url: `/api/v1/professionals/${pro.councilNumber}/time-off`,
      headers: bearer(pro.session),
      payload: { startsAt: '2026-12-09T00:00:00-03:00', endsAt: '2026-12-10T00:00:00-03:00' },
    });
    expect(timeOff.statusCode).toBe(201);
    expect(
      (await as(t, ana.session).post('/api/v1/appointments', at('2026-12-09T09:00:00-03:00')))
        .statusCode,
    ).toBe(422);
    expect(await rowsOf(ana.userId)).toBe(before);
  });

  it('says so when the professional has no working hours yet', async () => {
    const newcomer = await registerProfessional(t, admin, { name: 'Dra. Nova' });
    const response = await as(t, ana.session).post('/api/v1/appointments', {
      professional: newcomer.councilNumber,
      startsAt: '2026-12-08T09:00:00-03:00',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toMatch(/has no working hours yet/);
    // With hours, the same time off their grid is the usual answer.
    await setAvailability(t, admin, newcomer.councilNumber, WEEKDAY_MORNINGS);
    const offGrid = await as(t, ana.session).post('/api/v1/appointments', {
      professional: newcomer.councilNumber,
      startsAt: '2026-12-08T13:00:00-03:00',
    });
    expect(offGrid.json().detail).toMatch(/not one of the professional’s slots/);
  });

  it('refuses booking for someone else, forcing, and bad input, leaving no trace', async () => {
    const before = await rowsOf(bia.userId);
    const forOther = await as(t, ana.session).post(
      '/api/v1/appointments',
      at('2026-12-08T09:00:00-03:00', {
        patient: bia.registerNumber,
      }),
    );
    expect(forOther.statusCode).toBe(403);
    const forcing = await as(t, ana.session).post(
      '/api/v1/appointments',
      at('2026-12-08T13:00:00-03:00', { force: true }),
    );
    expect(forcing.statusCode).toBe(403);
    const invalid = await as(t, ana.session).post('/api/v1/appointments', {
      professional: 'x',
      startsAt: 'tomorrow',
      extra: 1,
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['professional', 'startsAt']),
    );
    const unknown = await as(t, ana.session).post('/api/v1/appointments', {
      ...at('2026-12-08T09:00:00-03:00'),
      professional: '0000-ZZ',
    });
    expect(unknown.statusCode).toBe(404);
    expect(await rowsOf(bia.userId)).toBe(before);
    expect(
      (await as(t, pro.session).post('/api/v1/appointments', at('2026-12-08T09:00:00-03:00')))
        .statusCode,
    ).toBe(403);
  });

  it('lets admins book for a patient inside the notice, and force walk-ins, audited', async () => {
    t.clock.set(new Date('2026-12-08T11:50:00Z')); // Tuesday 08:50
    const missing = await as(t, admin).post(
      '/api/v1/appointments',
      at('2026-12-08T09:30:00-03:00'),
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ field: 'patient', message: 'is required' }]);
    const soon = await as(t, admin).post(
      '/api/v1/appointments',
      at('2026-12-08T09:30:00-03:00', { patient: bia.registerNumber }),
    );
    expect(soon.statusCode).toBe(201);
    // Off the grid and on top of Bia's 09:30 at the same professional: only with force.
    const walkIn = at('2026-12-08T09:40:00-03:00', { patient: ana.registerNumber });
    expect((await as(t, admin).post('/api/v1/appointments', walkIn)).statusCode).toBe(422);
    const forced = await as(t, admin).post('/api/v1/appointments', {
      ...walkIn,
      force: true,
      reason: 'Walk-in',
    });
    expect(forced.statusCode).toBe(201);
    expect(forced.json()).toMatchObject({ forced: true, startsAt: '2026-12-08T09:40:00-03:00' });
    // Even forced, one patient never holds two overlapping appointments.
    const twice = await as(t, admin).post('/api/v1/appointments', {
      ...at('2026-12-08T09:50:00-03:00', { patient: ana.registerNumber, force: true }),
      professional: other.councilNumber,
    });
    expect(twice.statusCode).toBe(409);
    // A regular booking never lands on a forced one, and a refused booking leaves no trace.
    const written = () => t.database.sql<
      { appointments: number; history: number; events: number }[]
    >`
      select (select count(*)::int from appointments) as appointments,
        (select count(*)::int from appointment_history) as history,
        (select count(*)::int from outbox) as events`;
    const [before] = await written();
    const onForced = await as(t, bia.session).post('/api/v1/appointments', {
      professional: pro.councilNumber,
      startsAt: '2026-12-08T10:00:00-03:00',
    });
    expect(onForced.statusCode).toBe(409);
    expect(await written()).toEqual([before]);
    const [audit] = await t.database.sql<{ details: { forced?: boolean } }[]>`
      select details from audit_log
      where action = 'appointment.create' and details->>'appointmentId' = ${forced.json().id}`;
    expect(audit?.details.forced).toBe(true);
    // Forced bookings may start a little in the past (the patient is already here) but not end there.
    const ended = await as(t, admin).post(
      '/api/v1/appointments',
      at('2026-12-08T08:00:00-03:00', {
        patient: bia.registerNumber,
        force: true,
      }),
    );
    expect(ended.statusCode).toBe(422);
  });
});

describe('changing appointments', () => {
  const booked = (patient: SignedUpPatient, startsAt: string) =>
    bookAppointment(t, patient.session, { professional: other.councilNumber, startsAt });

  it('reschedules with the booking checks and records what changed', async () => {
    const id = await booked(ana, '2026-12-10T08:00:00-03:00');
    // Her patient moves it only with the same professional (test/scheduling/patient-reschedule).
    expect(
      (
        await as(t, ana.session).patch(`/api/v1/appointments/${id}`, {
          startsAt: '2026-12-10T08:30:00-03:00',
          professional: pro.councilNumber,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await as(t, admin).patch(`/api/v1/appointments/${id}`, {
          startsAt: '2026-12-10T13:00:00-03:00',
        })
      ).statusCode,
    ).toBe(422);
    await booked(bia, '2026-12-10T09:00:00-03:00');
    expect(
      (
        await as(t, admin).patch(`/api/v1/appointments/${id}`, {
          startsAt: '2026-12-10T09:00:00-03:00',
        })
      ).statusCode,
    ).toBe(409);
    const moved = await as(t, admin).patch(`/api/v1/appointments/${id}`, {
      startsAt: '2026-12-10T10:00:00-03:00',
      professional: pro.councilNumber,
      reason: 'Retorno',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      startsAt: '2026-12-10T10:00:00-03:00',
      endsAt: '2026-12-10T10:30:00-03:00',
      professional: { councilNumber: pro.councilNumber },
      reason: 'Retorno',
    });
    const [event] = await t.database.sql<
      { payload: { changes: { field: string; from: unknown; to: unknown }[] } }[]
    >`
      select payload from outbox
      where type = 'appointment.rescheduled' and payload->>'appointmentId' = ${id}`;
    expect(event!.payload.changes).toEqual([
      { field: 'startsAt', from: '2026-12-10T08:00:00-03:00', to: '2026-12-10T10:00:00-03:00' },
      { field: 'endsAt', from: '2026-12-10T08:30:00-03:00', to: '2026-12-10T10:30:00-03:00' },
      {
        field: 'professional',
        from: { councilNumber: other.councilNumber, name: 'Dra. Duda' },
        to: { councilNumber: pro.councilNumber, name: 'Dr. Caio' },
      },
      { field: 'reason', from: null, to: 'Retorno' },
    ]);
    const history = await t.app.inject({
      url: `/api/v1/appointments/${id}/history`,
      headers: bearer(admin),
    });
    expect(history.json().map((entry: { action: string }) => entry.action)).toEqual([
      'booked',
      'rescheduled',
    ]);
    // The old time is free again.
    const slots = await t.app.inject({
      url: `/api/v1/professionals/${other.councilNumber}/slots?from=2026-12-10&to=2026-12-10`,
      headers: bearer(bia.session),
    });
    expect(slots.json().map((slot: { startsAt: string }) => slot.startsAt)).toContain(
      '2026-12-10T08:00:00-03:00',
    );
  });

  it('lets the patient cancel until the start, never someone else’s, with the reason kept', async () => {
    const id = await booked(ana, '2026-12-11T08:00:00-03:00');
    expect(
      (await as(t, bia.session).post(`/api/v1/appointments/${id}/cancel`, {})).statusCode,
    ).toBe(404);
    expect(
      (await as(t, pro.session).post(`/api/v1/appointments/${id}/cancel`, {})).statusCode,
    ).toBe(403);
    t.clock.set(new Date('2026-12-11T11:00:00Z')); // 08:00: it has started
    expect(
      (await as(t, ana.session).post(`/api/v1/appointments/${id}/cancel`, {})).statusCode,
    ).toBe(422);
    t.clock.set(new Date('2026-12-11T10:30:00Z')); // 07:30
    const cancelled = await as(t, ana.session).post(`/api/v1/appointments/${id}/cancel`, {
      reason: 'Viagem',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Viagem' });
    expect((await as(t, admin).post(`/api/v1/appointments/${id}/cancel`, {})).statusCode).toBe(422); // already cancelled
    const past = await t.app.inject({
      url: `/api/v1/patients/${ana.registerNumber}/appointments?when=past`,
      headers: bearer(ana.session),
    });
    expect(past.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, cancelReason: 'Viagem' })]),
    );
    // The slot is free again and can be booked by someone else.
    expect(
      (
        await as(t, bia.session).post('/api/v1/appointments', {
          professional: other.councilNumber,
          startsAt: '2026-12-11T08:00:00-03:00',
        })
      ).statusCode,
    ).toBe(422); // inside Bia's 1-hour notice now
    const rebook = await as(t, admin).post('/api/v1/appointments', {
      professional: other.councilNumber,
      patient: bia.registerNumber,
      startsAt: '2026-12-11T08:00:00-03:00',
    });
    expect(rebook.statusCode).toBe(201);
  });

  it('deletes entries made in error (admin), keeping history and event', async () => {
    const id = await booked(bia, '2026-12-14T11:00:00-03:00');
    expect((await as(t, bia.session).delete(`/api/v1/appointments/${id}`)).statusCode).toBe(403);
    expect((await as(t, admin).delete(`/api/v1/appointments/${id}`)).statusCode).toBe(204);
    expect((await as(t, admin).delete(`/api/v1/appointments/${id}`)).statusCode).toBe(404);
    const history = await t.database
      .sql`select action from appointment_history where appointment_id = ${id} order by id`;
    expect(history.map((row) => row.action)).toEqual(['booked', 'deleted']);
    const events = await t.database
      .sql`select type from outbox where payload->>'appointmentId' = ${id} order by id`;
    expect(events.map((row) => row.type)).toEqual(['appointment.booked', 'appointment.deleted']);
  });
});

describe('lists', () => {
  it('scope appointments to their patient and professional; admins see all and filter', async () => {
    const mine = await t.app.inject({ url: '/api/v1/appointments', headers: bearer(ana.session) });
    expect(mine.statusCode).toBe(200);
    const items = mine.json().items as { patient: { registerNumber: string } }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.patient.registerNumber === ana.registerNumber)).toBe(true);
    const others = await t.app.inject({
      url: `/api/v1/appointments?patient=${bia.registerNumber}`,
      headers: bearer(ana.session),
    });
    expect(others.json()).toMatchObject({ items: [], total: 0 });
    const theirs = await t.app.inject({
      url: '/api/v1/appointments',
      headers: bearer(pro.session),
    });
    expect(
      theirs
        .json()
        .items.every(
          (item: { professional: { councilNumber: string } }) =>
            item.professional.councilNumber === pro.councilNumber,
        ),
    ).toBe(true);
    // Unfiltered, the staff's list starts today.
    t.clock.set(new Date('2026-12-10T12:00:00Z'));
    const fromToday = await t.app.inject({ url: '/api/v1/appointments', headers: bearer(admin) });
    const starts = fromToday.json().items.map((item: { startsAt: string }) => item.startsAt);
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.every((start: string) => start >= '2026-12-10')).toBe(true);
    const everything = await t.app.inject({
      url: '/api/v1/appointments?from=2026-12-01',
      headers: bearer(admin),
    });
    expect(everything.json().total).toBeGreaterThan(fromToday.json().total);
    const filtered = await t.app.inject({
      url: `/api/v1/appointments?patient=${bia.registerNumber}&status=scheduled&from=2026-12-07&to=2026-12-31&pageSize=2`,
      headers: bearer(admin),
    });
    const page = filtered.json();
    expect(page.pageSize).toBe(2);
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.total).toBeGreaterThanOrEqual(page.items.length);
    const all = await t.database.sql`
      select count(*)::int as n from appointments a join patients p on p.user_id = a.patient_user_id
      where p.register_number = ${bia.registerNumber} and a.status = 'scheduled'`;
    expect(page.total).toBe(all[0]!.n);
  });

  it('show one appointment to its patient, its professional and admins only', async () => {
    const { items } = (
      await t.app.inject({ url: '/api/v1/appointments', headers: bearer(ana.session) })
    ).json<{ items: { id: string; professional: { councilNumber: string } }[] }>();
    const one = items.find((item) => item.professional.councilNumber === pro.councilNumber)!;
    expect((await as(t, ana.session).get(`/api/v1/appointments/${one.id}`)).statusCode).toBe(200);
    expect((await as(t, pro.session).get(`/api/v1/appointments/${one.id}`)).statusCode).toBe(200);
    expect((await as(t, admin).get(`/api/v1/appointments/${one.id}`)).statusCode).toBe(200);
    expect((await as(t, bia.session).get(`/api/v1/appointments/${one.id}`)).statusCode).toBe(404);
    expect((await as(t, other.session).get(`/api/v1/appointments/${one.id}`)).statusCode).toBe(404);
  });

  it('split a patient’s upcoming and past, and give a professional their day', async () => {
    t.clock.set(new Date('2026-12-08T15:00:00Z')); // Tuesday 12:00
    const upcoming = await t.app.inject({
      url: `/api/v1/patients/${ana.registerNumber}/appointments`,
      headers: bearer(ana.session),
    });
    const starts = upcoming.json().items.map((item: { startsAt: string }) => item.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(starts.every((start: string) => start >= '2026-12-08T12:00:00-03:00')).toBe(true);
    const forOther = await t.app.inject({
      url: `/api/v1/patients/${ana.registerNumber}/appointments`,
      headers: bearer(bia.session),
    });
    expect(forOther.statusCode).toBe(404);
    const day = await t.app.inject({
      url: `/api/v1/professionals/${pro.councilNumber}/appointments?date=2026-12-08`,
      headers: bearer(pro.session),
    });
    expect(day.statusCode).toBe(200);
    expect(
      day
        .json()
        .items.every((item: { startsAt: string }) => item.startsAt.startsWith('2026-12-08')),
    ).toBe(true);
    expect(
      (
        await t.app.inject({
          url: `/api/v1/professionals/${pro.councilNumber}/appointments`,
          headers: bearer(other.session),
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('a patient’s lists', () => {
  it('give each appointment exactly as it reads alone, every instant to the millisecond', async () => {
    // Read by the driver itself (selectAppointmentFields), unlike one appointment: the two must
    // agree field by field, instants with and without milliseconds, set and unset.
    const [appointment] = await t.database.sql<{ id: string }[]>`
      select a.id from appointments a join patients p on p.user_id = a.patient_user_id
      where p.register_number = ${ana.registerNumber} order by a.starts_at limit 1`;
    await t.database.sql`
      update appointments set checked_in_at = '2026-12-01T09:58:07.123456Z',
        called_at = '2026-12-01T10:00:00Z', ticket = 7, priority = 1,
        priority_reason = 'pregnant'
      where id = ${appointment!.id}`;
    t.clock.set(new Date('2026-12-08T15:00:00Z'));
    const items: { id: string; checkedInAt: string | null }[] = [];
    for (const when of ['upcoming', 'past']) {
      const page = await as(t, ana.session).get(
        `/api/v1/patients/${ana.registerNumber}/appointments?when=${when}&pageSize=100`,
      );
      expect(page.statusCode).toBe(200);
      expect(page.json().total).toBe(page.json().items.length);
      items.push(...page.json().items);
    }
    const [{ n }] = (await t.database.sql`
      select count(*)::int as n from appointments a join patients p on p.user_id = a.patient_user_id
      where p.register_number = ${ana.registerNumber}`) as unknown as [{ n: number }];
    expect(items.length).toBe(n);
    expect(items.find((item) => item.id === appointment!.id)).toMatchObject({
      checkedInAt: '2026-12-01T06:58:07.123-03:00',
      calledAt: '2026-12-01T07:00:00-03:00',
      ticket: 'P007',
    });
    for (const item of items) {
      expect(item).toEqual(
        (await as(t, ana.session).get(`/api/v1/appointments/${item.id}`)).json(),
      );
    }
  });
});

describe('professional deactivation', () => {
  it('is refused while appointments lie ahead', async () => {
    const response = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/professionals/${pro.councilNumber}`,
      headers: bearer(admin),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/appointments ahead/);
  });
});
