import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  wrongAnswers,
  type Caller,
  type CallerSessions,
  type MatrixCase,
} from '../helpers/access-matrix.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';

let t: TestApp;
const sessions = {} as CallerSessions;
let patientA: { userId: string };
let professionalA: { userId: string; councilNumber: string };

/** Monday 7 December 2026, 10:00 in São Paulo. */
const NOW = new Date('2026-12-07T13:00:00Z');

beforeAll(async () => {
  t = await createTestApp({ CLINIC_TIMEZONE: 'America/Sao_Paulo' });
  t.clock.set(NOW);
  sessions.admin = await t.login(await t.createUser('admin'));
  const a = await signUpPatient(t);
  patientA = a;
  sessions.patientA = a.session;
  sessions.patientB = (await signUpPatient(t)).session;
  const proA = await registerProfessional(t, sessions.admin);
  professionalA = proA;
  sessions.professionalA = proA.session;
  sessions.professionalB = (await registerProfessional(t, sessions.admin)).session;
});
afterAll(() => t.close());

let minute = 0;
/**
 * An appointment of patient A with professional A today, put straight into the state a case
 * needs (one-minute appointments one after the other, so they never overlap). A new one in
 * progress first closes any other, as a professional sees one patient at a time.
 */
async function appointmentToday(status: 'scheduled' | 'checked_in' | 'in_progress') {
  minute += 1;
  const startsAt = new Date(NOW.getTime() - 120 * 60_000 + minute * 60_000);
  const endsAt = new Date(startsAt.getTime() + 60_000);
  if (status === 'in_progress') await finishWhoeverIsIn();
  const [row] = await t.database.sql<{ id: string }[]>`
    insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at, status,
      forced, ticket, ticket_day, checked_in_at, called_at)
    values (${patientA.userId}, ${professionalA.userId}, ${startsAt.toISOString()},
      ${endsAt.toISOString()}, ${status}, true, ${status === 'scheduled' ? null : minute},
      ${status === 'scheduled' ? null : '2026-12-07'},
      ${status === 'scheduled' ? null : NOW.toISOString()},
      ${status === 'in_progress' ? NOW.toISOString() : null})
    returning id`;
  return row!.id;
}

async function finishWhoeverIsIn() {
  await t.database.sql`
    update appointments set status = 'finished', finished_at = ${NOW.toISOString()}
    where professional_user_id = ${professionalA.userId} and status = 'in_progress'`;
}

const only = (allowed: Partial<Record<Caller, number>>): Record<Caller, number> => ({
  anonymous: 401,
  patientA: 403,
  patientB: 403,
  professionalA: 403,
  professionalB: 403,
  admin: 403,
  ...allowed,
});

const cases: MatrixCase[] = [
  {
    route: 'POST /appointments/{x}/check-in',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/appointments/${await appointmentToday('scheduled')}/check-in`,
    }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'POST /appointments/walk-ins',
    method: 'POST',
    request: async () => ({
      url: '/api/v1/appointments/walk-ins',
      payload: {
        professional: professionalA.councilNumber,
        // A walk-in is booked for now: a fresh patient each time, who is free now.
        patient: (await signUpPatient(t)).registerNumber,
      },
    }),
    expect: only({ admin: 201 }),
  },
  {
    route: 'POST /appointments/{x}/call',
    method: 'POST',
    request: async () => {
      const id = await appointmentToday('checked_in');
      await finishWhoeverIsIn();
      return { url: `/api/v1/appointments/${id}/call` };
    },
    // Another professional does not learn the appointment exists.
    expect: only({ admin: 200, professionalA: 200, professionalB: 404 }),
  },
  {
    route: 'POST /appointments/{x}/finish',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/appointments/${await appointmentToday('in_progress')}/finish`,
    }),
    expect: only({ admin: 200, professionalA: 200, professionalB: 404 }),
  },
  {
    route: 'POST /appointments/{x}/no-show',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/appointments/${await appointmentToday('scheduled')}/no-show`,
    }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'GET /queue/{A}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/queue/${professionalA.councilNumber}` }),
    expect: only({ admin: 200, professionalA: 200 }),
  },
  {
    route: 'POST /queue/{A}/next',
    method: 'POST',
    request: async () => {
      await appointmentToday('checked_in');
      await finishWhoeverIsIn();
      return { url: `/api/v1/queue/${professionalA.councilNumber}/next` };
    },
    expect: only({ admin: 200, professionalA: 200 }),
  },
  {
    route: 'GET /board',
    method: 'GET',
    request: async () => ({ url: '/api/v1/board' }),
    expect: only({ admin: 200 }),
  },
];

describe('The day at the front desk: every route × every role', () => {
  it('covers every transition and queue route the app serves', () => {
    const served = t.app.routeAccess
      .filter(
        (r) =>
          r.method !== 'HEAD' &&
          /\/appointments\/(:id\/(check-in|call|finish|no-show)|walk-ins)$|\/queue\/|\/board/.test(
            r.url,
          ),
      )
      .map((r) => `${r.method} ${r.url.replace('/api/v1', '').replace(/:(\w+)/g, '{}')}`)
      // The stream is tested with a real connection (test/queue/live.test.ts).
      .filter((route) => !route.endsWith('/events'));
    const covered = new Set(cases.map((c) => c.route.replace(/\{[^}]+\}/g, '{}')));
    expect(served.length).toBe(cases.length);
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('allows and refuses exactly as the contract says', async () => {
    expect(await wrongAnswers(t, cases, sessions)).toEqual([]);
  });
});
