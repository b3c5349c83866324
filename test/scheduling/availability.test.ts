import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';

let t: TestApp;
let admin: Session;
let patient: Session;
let pro: Awaited<ReturnType<typeof registerProfessional>>;
let other: Awaited<ReturnType<typeof registerProfessional>>;

// Mondays 08:00–10:00 in São Paulo (-03:00); the clock is set to a known Sunday morning.
const week = { slotMinutes: 30, weekly: [{ weekday: 1, start: '08:00', end: '10:00' }] };

beforeAll(async () => {
  t = await createTestApp({
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    BOOKING_MIN_NOTICE: '1h',
    BOOKING_HORIZON_DAYS: '30',
    SESSION_TTL_MINUTES: String(60 * 24 * 60), // the tests move the clock by days
  });
  t.clock.set(new Date('2026-12-06T12:00:00Z')); // Sunday 09:00 local
  admin = await t.login(await t.createUser('admin'));
  patient = (await signUpPatient(t)).session;
  pro = await registerProfessional(t, admin, { specialty: 'Pediatria', name: 'Dra. Ana Pediatra' });
  other = await registerProfessional(t, admin, {
    specialty: 'Pediatria',
    name: 'Dr. Bruno Pediatra',
  });
});
afterAll(() => t.close());

const put = (cn: string, as: Session, payload: object) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/professionals/${cn}/availability`,
    headers: bearer(as),
    payload,
  });
const get = (url: string, as: Session) => t.app.inject({ url, headers: bearer(as) });

describe('availability', () => {
  it('is set by the professional or an admin, read by anyone signed in', async () => {
    expect((await put(pro.councilNumber, patient, week)).statusCode).toBe(403);
    expect((await put(pro.councilNumber, other.session, week)).statusCode).toBe(403);
    const saved = await put(pro.councilNumber, pro.session, week);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual(week);
    const read = await get(`/api/v1/professionals/${pro.councilNumber}/availability`, patient);
    expect(read.json()).toEqual(week);
    expect(
      (
        await put(other.councilNumber, admin, {
          slotMinutes: 60,
          weekly: [{ weekday: 1, start: '09:00', end: '10:00' }],
        })
      ).statusCode,
    ).toBe(200);
  });

  it('starts from the appointment length and no hours', async () => {
    const fresh = await registerProfessional(t, admin, { appointmentMinutes: 40 });
    const read = await get(`/api/v1/professionals/${fresh.councilNumber}/availability`, patient);
    expect(read.json()).toEqual({ slotMinutes: 40, weekly: [] });
  });

  it('refuses unusable weeks naming the range, keeping the old one', async () => {
    const overlapping = {
      slotMinutes: 30,
      weekly: [
        { weekday: 1, start: '08:00', end: '10:00' },
        { weekday: 1, start: '09:00', end: '11:00' },
      ],
    };
    const response = await put(pro.councilNumber, pro.session, overlapping);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'weekly.1', message: 'overlaps 08:00–10:00 of the same weekday' },
    ]);
    expect(
      (
        await put(pro.councilNumber, pro.session, {
          slotMinutes: 30,
          weekly: [{ weekday: 1, start: '10:00', end: '09:00' }],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await put(pro.councilNumber, pro.session, {
          slotMinutes: 30,
          weekly: [{ weekday: 1, start: '8:00', end: '09:00' }],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await get(`/api/v1/professionals/${pro.councilNumber}/availability`, patient)).json(),
    ).toEqual(week);
  });
});

describe('free slots', () => {
  it('are the working hours in the clinic zone, with its offset', async () => {
    const response = await get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-07&to=2026-12-07`,
      patient,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      { startsAt: '2026-12-07T08:00:00-03:00', endsAt: '2026-12-07T08:30:00-03:00' },
      { startsAt: '2026-12-07T08:30:00-03:00', endsAt: '2026-12-07T09:00:00-03:00' },
      { startsAt: '2026-12-07T09:00:00-03:00', endsAt: '2026-12-07T09:30:00-03:00' },
      { startsAt: '2026-12-07T09:30:00-03:00', endsAt: '2026-12-07T10:00:00-03:00' },
    ]);
  });

  it('default to the next seven days and leave out what is within the minimum notice', async () => {
    t.clock.set(new Date('2026-12-07T11:20:00Z')); // Monday 08:20: 08:00 and 08:30 are too soon
    const response = await get(`/api/v1/professionals/${pro.councilNumber}/slots`, patient);
    const starts = response.json().map((slot: { startsAt: string }) => slot.startsAt);
    expect(starts).toEqual(['2026-12-07T09:30:00-03:00']);
    t.clock.set(new Date('2026-12-06T12:00:00Z'));
  });

  it('leave out time off, which the professional and admins manage', async () => {
    const add = await t.app.inject({
      method: 'POST',
      url: `/api/v1/professionals/${pro.councilNumber}/time-off`,
      headers: bearer(pro.session),
      payload: {
        startsAt: '2026-12-14T08:30:00-03:00',
        endsAt: '2026-12-14T09:15:00-03:00',
        reason: 'Congresso',
      },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({
      startsAt: '2026-12-14T08:30:00-03:00',
      reason: 'Congresso',
    });
    const slots = await get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-14&to=2026-12-14`,
      patient,
    );
    expect(slots.json().map((slot: { startsAt: string }) => slot.startsAt)).toEqual([
      '2026-12-14T08:00:00-03:00',
      '2026-12-14T09:30:00-03:00',
    ]);

    const list = await get(`/api/v1/professionals/${pro.councilNumber}/time-off`, admin);
    expect(list.json().map((entry: { id: string }) => entry.id)).toEqual([add.json().id]);
    expect(
      (await get(`/api/v1/professionals/${pro.councilNumber}/time-off`, patient)).statusCode,
    ).toBe(403);
    expect(
      (await get(`/api/v1/professionals/${pro.councilNumber}/time-off`, other.session)).statusCode,
    ).toBe(403);
    const inverted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/professionals/${pro.councilNumber}/time-off`,
      headers: bearer(admin),
      payload: { startsAt: '2026-12-14T10:00:00-03:00', endsAt: '2026-12-14T09:00:00-03:00' },
    });
    expect(inverted.statusCode).toBe(400);
    const removeByOther = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/professionals/${other.councilNumber}/time-off/${add.json().id}`,
      headers: bearer(admin),
    });
    expect(removeByOther.statusCode).toBe(404);
    const remove = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/professionals/${pro.councilNumber}/time-off/${add.json().id}`,
      headers: bearer(pro.session),
    });
    expect(remove.statusCode).toBe(204);
    const after = await get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-14&to=2026-12-14`,
      patient,
    );
    expect(after.json()).toHaveLength(4);
  });

  it('stop at the booking horizon and refuse ranges over 62 days or backwards', async () => {
    // Now is 2026-12-06 09:00 and the horizon 30 days: Monday 2027-01-04 is in, 01-11 out.
    const edge = await get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2027-01-04&to=2027-01-11`,
      patient,
    );
    const days = edge.json().map((slot: { startsAt: string }) => slot.startsAt.slice(0, 10));
    expect(days).toEqual(Array(4).fill('2027-01-04'));
    expect(
      (
        await get(
          `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-07&to=2027-02-07`,
          patient,
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await get(
          `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-07&to=2026-12-01`,
          patient,
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (await get(`/api/v1/professionals/${pro.councilNumber}/slots?from=tomorrow`, patient))
        .statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ url: `/api/v1/professionals/${pro.councilNumber}/slots` })).statusCode,
    ).toBe(401);
  });

  it('across a specialty come from every active professional of it, in time order', async () => {
    const response = await get(
      '/api/v1/slots?specialty=PEDIATRIA&from=2026-12-07&to=2026-12-07',
      patient,
    );
    expect(response.statusCode).toBe(200);
    expect(
      response
        .json()
        .map(
          (slot: { professional: { name: string }; startsAt: string }) =>
            `${slot.startsAt} ${slot.professional.name}`,
        ),
    ).toEqual([
      '2026-12-07T08:00:00-03:00 Dra. Ana Pediatra',
      '2026-12-07T08:30:00-03:00 Dra. Ana Pediatra',
      '2026-12-07T09:00:00-03:00 Dr. Bruno Pediatra',
      '2026-12-07T09:00:00-03:00 Dra. Ana Pediatra',
      '2026-12-07T09:30:00-03:00 Dra. Ana Pediatra',
    ]);
    expect((await get('/api/v1/slots?specialty=nothing&from=2026-12-07', patient)).json()).toEqual(
      [],
    );
  });
});
