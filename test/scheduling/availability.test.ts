import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import { SAO_PAULO_CLINIC } from '../helpers/scheduling.js';

let t: TestApp;
let admin: Session;
let patient: Session;
let pro: Awaited<ReturnType<typeof registerProfessional>>;
let other: Awaited<ReturnType<typeof registerProfessional>>;

// Mondays 08:00–10:00 in São Paulo (-03:00); the clock is set to a known Sunday morning.
const week = { slotMinutes: 30, weekly: [{ weekday: 1, start: '08:00', end: '10:00' }] };

beforeAll(async () => {
  t = await createTestApp(SAO_PAULO_CLINIC);
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

const availabilityUrl = (cn: string) => `/api/v1/professionals/${cn}/availability`;

describe('availability', () => {
  it('is set by the professional or an admin, read by anyone signed in', async () => {
    expect((await as(t, patient).put(availabilityUrl(pro.councilNumber), week)).statusCode).toBe(
      403,
    );
    expect(
      (await as(t, other.session).put(availabilityUrl(pro.councilNumber), week)).statusCode,
    ).toBe(403);
    const saved = await as(t, pro.session).put(availabilityUrl(pro.councilNumber), week);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual(week);
    const read = await as(t, patient).get(availabilityUrl(pro.councilNumber));
    expect(read.json()).toEqual(week);
    expect(
      (
        await as(t, admin).put(availabilityUrl(other.councilNumber), {
          slotMinutes: 60,
          weekly: [{ weekday: 1, start: '09:00', end: '10:00' }],
        })
      ).statusCode,
    ).toBe(200);
  });

  it('starts from the appointment length and no hours', async () => {
    const fresh = await registerProfessional(t, admin, { appointmentMinutes: 40 });
    const read = await as(t, patient).get(availabilityUrl(fresh.councilNumber));
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
    const response = await as(t, pro.session).put(availabilityUrl(pro.councilNumber), overlapping);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'weekly.1', message: 'overlaps 08:00–10:00 of the same weekday' },
    ]);
    expect(
      (
        await as(t, pro.session).put(availabilityUrl(pro.councilNumber), {
          slotMinutes: 30,
          weekly: [{ weekday: 1, start: '10:00', end: '09:00' }],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await as(t, pro.session).put(availabilityUrl(pro.councilNumber), {
          slotMinutes: 30,
          weekly: [{ weekday: 1, start: '8:00', end: '09:00' }],
        })
      ).statusCode,
    ).toBe(400);
    expect((await as(t, patient).get(availabilityUrl(pro.councilNumber))).json()).toEqual(week);
  });
});

describe('free slots', () => {
  it('are the working hours in the clinic zone, with its offset', async () => {
    const response = await as(t, patient).get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-07&to=2026-12-07`,
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
    const response = await as(t, patient).get(`/api/v1/professionals/${pro.councilNumber}/slots`);
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
    const slots = await as(t, patient).get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-14&to=2026-12-14`,
    );
    expect(slots.json().map((slot: { startsAt: string }) => slot.startsAt)).toEqual([
      '2026-12-14T08:00:00-03:00',
      '2026-12-14T09:30:00-03:00',
    ]);

    const list = await as(t, admin).get(`/api/v1/professionals/${pro.councilNumber}/time-off`);
    expect(list.json().map((entry: { id: string }) => entry.id)).toEqual([add.json().id]);
    expect(
      (await as(t, patient).get(`/api/v1/professionals/${pro.councilNumber}/time-off`)).statusCode,
    ).toBe(403);
    expect(
      (await as(t, other.session).get(`/api/v1/professionals/${pro.councilNumber}/time-off`))
        .statusCode,
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
    const after = await as(t, patient).get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-14&to=2026-12-14`,
    );
    expect(after.json()).toHaveLength(4);
  });

  it('stop at the booking horizon and refuse ranges over 62 days or backwards', async () => {
    // Now is 2026-12-06 09:00 and the horizon 30 days: Monday 2027-01-04 is in, 01-11 out.
    const edge = await as(t, patient).get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2027-01-04&to=2027-01-11`,
    );
    const days = edge.json().map((slot: { startsAt: string }) => slot.startsAt.slice(0, 10));
    expect(days).toEqual(Array(4).fill('2027-01-04'));
    expect(
      (
        await as(t, patient).get(
          `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-07&to=2027-02-07`,
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await as(t, patient).get(
          `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-07&to=2026-12-01`,
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (await as(t, patient).get(`/api/v1/professionals/${pro.councilNumber}/slots?from=tomorrow`))
        .statusCode,
    ).toBe(400);
    // Signed out too: the public directory (PUBLIC_DIRECTORY, test/people/public-directory).
    expect(
      (await t.app.inject({ url: `/api/v1/professionals/${pro.councilNumber}/slots` })).statusCode,
    ).toBe(200);
  });

  it('across a specialty come from every active professional of it, in time order', async () => {
    const response = await as(t, patient).get(
      '/api/v1/slots?specialty=PEDIATRIA&from=2026-12-07&to=2026-12-07',
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
    expect(
      (await as(t, patient).get('/api/v1/slots?specialty=nothing&from=2026-12-07')).json(),
    ).toEqual([]);
  });
});
