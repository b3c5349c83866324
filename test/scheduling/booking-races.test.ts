import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { recordProof, stopwatch } from '../helpers/proof-counts.js';

// Two app instances on one database, each with its own connection pool, spoken to over real
// HTTP: what runs behind a load balancer.
let first: TestApp;
let second: TestApp;
let urls: string[];
let admin: Session;
let patients: SignedUpPatient[];

const NOW = new Date('2026-12-06T12:00:00Z'); // Sunday 09:00 in São Paulo
const env = {
  CLINIC_TIMEZONE: 'America/Sao_Paulo',
  BOOKING_MIN_NOTICE: '1h',
  BOOKING_HORIZON_DAYS: '30',
  DATABASE_POOL_SIZE: '10',
};

beforeAll(async () => {
  first = await createTestApp(env);
  second = await createTestApp(env, first);
  for (const instance of [first, second]) instance.clock.set(NOW);
  urls = [];
  for (const instance of [first, second]) {
    await instance.app.listen({ host: '127.0.0.1', port: 0 });
    urls.push(`http://127.0.0.1:${(instance.app.server.address() as AddressInfo).port}`);
  }
  admin = await first.login(await first.createUser('admin'));
  patients = [];
  for (let batch = 0; batch < 5; batch++) {
    patients.push(...(await Promise.all(Array.from({ length: 10 }, () => signUpPatient(first)))));
  }
}, 120_000);
afterAll(async () => {
  await second?.close();
  await first?.close();
});

async function withHours(slotMinutes: number) {
  const professional = await registerProfessional(first, admin);
  const response = await first.app.inject({
    method: 'PUT',
    url: `/api/v1/professionals/${professional.councilNumber}/availability`,
    headers: bearer(admin),
    payload: { slotMinutes, weekly: [{ weekday: 1, start: '08:00', end: '18:00' }] },
  });
  expect(response.statusCode).toBe(200);
  return professional.councilNumber;
}

/** Fires all bookings at once, alternating between the two instances. */
async function bookAll(requests: { session: Session; body: object }[]) {
  return Promise.all(
    requests.map(async ({ session, body }, index) => {
      const response = await fetch(`${urls[index % 2]}/api/v1/appointments`, {
        method: 'POST',
        headers: { ...bearer(session), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { detail?: string } };
    }),
  );
}

describe('concurrent bookings', () => {
  it('give one slot to exactly one of 50 patients across two instances, in each of ten trials', async () => {
    const professional = await withHours(30);
    const elapsed = stopwatch();
    const counts = { requests: 0, serverErrors: 0, lost: 0, doubled: 0, winners: 0 };
    const trials = 10;
    // The counts are recorded before each trial's checks, so that a failing trial shows them.
    const record = (trial: number) =>
      recordProof({
        proof: 'race: 50 patients, one slot, two instances',
        ...counts,
        notes: `${trial} of ${trials} trials, ${counts.winners} winners`,
        seconds: elapsed(),
      });
    for (let trial = 0; trial < trials; trial++) {
      // 08:00, 08:30… 12:30 on Monday: a fresh slot for every trial, all clear of the
      // afternoon the next test books.
      const minutes = 8 * 60 + 30 * trial;
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const startsAt = `2026-12-07T${time}:00-03:00`;
      const results = await bookAll(
        patients.map((patient) => ({ session: patient.session, body: { professional, startsAt } })),
      );
      const statuses = results.map((result) => result.status);
      const rows = await first.database.sql`
        select a.id from appointments a
        join professionals p on p.user_id = a.professional_user_id
        where p.council_number = ${professional} and a.starts_at = ${startsAt}::timestamptz`;
      const won = statuses.filter((status) => status === 201).length;
      counts.requests += results.length;
      counts.serverErrors += statuses.filter((status) => status >= 500).length;
      counts.winners += won;
      counts.lost += Math.max(0, won - rows.length);
      counts.doubled += Math.max(0, won - 1, rows.length - 1);
      if (trial === trials - 1 || won !== 1 || rows.length !== 1) record(trial + 1);
      expect(
        statuses.filter((status) => status === 201),
        startsAt,
      ).toHaveLength(1);
      expect(
        statuses.filter((status) => status === 409),
        startsAt,
      ).toHaveLength(49);
      for (const result of results.filter((r) => r.status === 409)) {
        expect(result.body.detail).toMatch(/already taken/);
      }
      expect(rows, startsAt).toHaveLength(1);
    }
    const all = await first.database.sql`
      select a.id from appointments a
      join professionals p on p.user_id = a.professional_user_id
      where p.council_number = ${professional}`;
    expect(all).toHaveLength(10);
  });

  it('never give one patient two overlapping appointments of different lengths', async () => {
    // Four professionals with 20-, 30-, 45- and 60-minute slots; one patient asks for
    // overlapping slots of all of them at once, many times over.
    const professionals = await Promise.all([20, 30, 45, 60].map((minutes) => withHours(minutes)));
    const patient = patients[0]!;
    // 14:20–14:40, 14:00–14:30, 14:00–14:45 and 14:00–15:00: each overlaps every other.
    const starts = [
      '2026-12-07T14:20:00-03:00',
      '2026-12-07T14:00:00-03:00',
      '2026-12-07T14:00:00-03:00',
      '2026-12-07T14:00:00-03:00',
    ];
    const results = await bookAll(
      Array.from({ length: 40 }, (_, index) => ({
        session: patient.session,
        body: { professional: professionals[index % 4], startsAt: starts[index % 4] },
      })),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(1);
    expect(results.map((result) => result.status).filter((status) => status !== 201)).toEqual(
      Array(39).fill(409),
    );
  });

  it('leave a professional’s unforced appointments pairwise apart, whatever their lengths', async () => {
    // Straight at the database: 60 transactions on 20 connections insert ranges of 10 to 90
    // minutes that overlap in many ways; whatever commits must not overlap.
    const professional = await withHours(30);
    const [ids] = await first.database.sql<{ professional: string; patient: string }[]>`
      select p.user_id as professional,
             (select user_id from patients order by created_at limit 1) as patient
      from professionals p where p.council_number = ${professional}`;
    const patientIds = await first.database.sql<{ user_id: string }[]>`
      select user_id from patients order by created_at limit 60`;
    // Such inserts deadlock on each other's index entries now and then, and PostgreSQL looks for
    // deadlocks only after `deadlock_timeout` (1 s): on a busy machine the waits chain up for
    // tens of seconds. Looking after 50 ms keeps the outcome and makes the wait short.
    const sql = postgres({
      ...first.connection,
      pass: first.connection.password,
      max: 20,
      connection: { deadlock_timeout: '50ms' },
    });
    try {
      const base = new Date('2026-12-08T11:00:00Z').getTime();
      const outcomes = await Promise.allSettled(
        patientIds.map(({ user_id }, index) => {
          const start = new Date(base + ((index * 7) % 120) * 60_000);
          const end = new Date(start.getTime() + (10 + ((index * 13) % 81)) * 60_000);
          return sql`
            insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at)
            values (${user_id}, ${ids!.professional}, ${start}, ${end})`;
        }),
      );
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      // Refused by the constraint, or aborted by PostgreSQL's deadlock detector when two
      // inserts wait on each other's index entries (the app takes locks to avoid that).
      for (const outcome of refused) {
        expect(['23P01', '40P01']).toContain((outcome.reason as { code?: string }).code);
      }
      const rows = await sql<{ starts_at: Date; ends_at: Date }[]>`
        select starts_at, ends_at from appointments
        where professional_user_id = ${ids!.professional} order by starts_at`;
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.length + refused.length).toBe(patientIds.length);
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i]!.starts_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.ends_at.getTime());
      }
    } finally {
      await sql.end();
    }
  }, 120_000);
});
