import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  wrongAnswers,
  type Caller,
  type CallerSessions,
  type MatrixCase,
} from '../helpers/access-matrix.js';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';

let t: TestApp;
const sessions = {} as CallerSessions;
let patientA: string;
let professionalA: string;
/** An appointment of patient A with professional A that every read case looks at. */
let appointmentA: string;

beforeAll(async () => {
  t = await createTestApp({
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    BOOKING_HORIZON_DAYS: '60',
    SESSION_TTL_MINUTES: String(60 * 24 * 30),
  });
  t.clock.set(new Date('2026-12-06T12:00:00Z')); // a Sunday
  sessions.admin = await t.login(await t.createUser('admin'));
  const a = await signUpPatient(t);
  patientA = a.registerNumber;
  sessions.patientA = a.session;
  sessions.patientB = (await signUpPatient(t)).session;
  const proA = await registerProfessional(t, sessions.admin);
  professionalA = proA.councilNumber;
  sessions.professionalA = proA.session;
  sessions.professionalB = (await registerProfessional(t, sessions.admin)).session;
  const hours = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/professionals/${professionalA}/availability`,
    headers: bearer(sessions.admin),
    payload: {
      slotMinutes: 15,
      weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:00', end: '19:00' })),
    },
  });
  expect(hours.statusCode).toBe(200);
  appointmentA = await freshAppointment();
});
afterAll(() => t.close());

let slot = 0;
/** The next unused slot of professional A: weekdays from Monday 7 December, 48 a day. */
function nextSlot(): string {
  const index = slot++;
  const weekdays = Math.floor(index / 48);
  const day = new Date(Date.UTC(2026, 11, 7 + Math.floor(weekdays / 5) * 7 + (weekdays % 5)));
  const minutes = 7 * 60 + (index % 48) * 15;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${day.toISOString().slice(0, 10)}T${time}:00-03:00`;
}

async function freshAppointment(): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/appointments',
    headers: bearer(sessions.admin),
    payload: { professional: professionalA, patient: patientA, startsAt: nextSlot() },
  });
  if (response.statusCode !== 201) throw new Error(`booking failed: ${response.body}`);
  return response.json<{ id: string }>().id;
}

const only = (allowed: Partial<Record<Caller, number>>, others = 403): Record<Caller, number> => ({
  anonymous: 401,
  patientA: others,
  patientB: others,
  professionalA: others,
  professionalB: others,
  admin: others,
  ...allowed,
});

const cases: MatrixCase[] = [
  {
    route: 'POST /appointments',
    method: 'POST',
    request: async () => ({
      url: '/api/v1/appointments',
      payload: { professional: professionalA, patient: patientA, startsAt: nextSlot() },
    }),
    expect: only({ patientA: 201, admin: 201 }),
  },
  {
    route: 'GET /appointments',
    method: 'GET',
    request: async () => ({ url: '/api/v1/appointments' }),
    expect: only({}, 200),
  },
  {
    route: 'GET /appointments/{A}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/appointments/${appointmentA}` }),
    expect: only({ patientA: 200, professionalA: 200, admin: 200 }, 404),
  },
  {
    route: 'GET /appointments/{A}/calendar.ics',
    method: 'GET',
    request: async () => ({ url: `/api/v1/appointments/${appointmentA}/calendar.ics` }),
    expect: only({ patientA: 200, professionalA: 200, admin: 200 }, 404),
  },
  {
    route: 'GET /appointments/{A}/history',
    method: 'GET',
    request: async () => ({ url: `/api/v1/appointments/${appointmentA}/history` }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'PATCH /appointments/{x}',
    method: 'PATCH',
    request: async () => ({
      url: `/api/v1/appointments/${await freshAppointment()}`,
      payload: { startsAt: nextSlot(), reason: 'Retorno' },
    }),
    // Its patient may move it too; another patient learns nothing of it.
    expect: only({ patientA: 200, patientB: 404, admin: 200 }),
  },
  {
    route: 'DELETE /appointments/{x}',
    method: 'DELETE',
    request: async () => ({ url: `/api/v1/appointments/${await freshAppointment()}` }),
    expect: only({ admin: 204 }),
  },
  {
    route: 'POST /appointments/{x}/cancel',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/appointments/${await freshAppointment()}/cancel`,
      payload: {},
    }),
    expect: only({ patientA: 200, patientB: 404, admin: 200 }),
  },
  {
    route: 'GET /patients/{A}/appointments',
    method: 'GET',
    request: async () => ({ url: `/api/v1/patients/${patientA}/appointments` }),
    expect: only({ patientA: 200, patientB: 404, admin: 200 }),
  },
  {
    route: 'GET /professionals/{A}/appointments',
    method: 'GET',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}/appointments` }),
    expect: only({ professionalA: 200, admin: 200 }),
  },
  {
    route: 'GET /professionals/{A}/calendar.ics',
    method: 'GET',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}/calendar.ics` }),
    expect: only({ professionalA: 200, admin: 200 }),
  },
  {
    route: 'POST /professionals/{A}/calendar-feed',
    method: 'POST',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}/calendar-feed` }),
    expect: only({ professionalA: 201, admin: 201 }),
  },
];

describe('Appointments and calendars: every route × every role', () => {
  it('covers every appointment and calendar route the app serves', () => {
    const served = t.app.routeAccess
      .filter((r) => r.method !== 'HEAD' && /\/(appointments|calendar[^/]*)(\/|$)/.test(r.url))
      // The day's transitions have their own matrix (test/queue/access-matrix.test.ts).
      .filter((r) => !/\/(check-in|call|finish|no-show|walk-ins)$/.test(r.url))
      // Prescriptions and their preview are the clinical records' (test/records/access-matrix.test.ts).
      .filter((r) => !/\/prescriptions(\/preview)?$/.test(r.url))
      .map((r) => `${r.method} ${r.url.replace('/api/v1', '').replace(/:(\w+)/g, '{}')}`);
    const covered = new Set(cases.map((c) => c.route.replace(/\{[^}]+\}/g, '{}')));
    expect(served.length).toBeGreaterThanOrEqual(cases.length);
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('allows and refuses exactly as the contract says', async () => {
    expect(await wrongAnswers(t, cases, sessions)).toEqual([]);
  });
});
