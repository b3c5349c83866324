import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  wrongAnswers,
  type Caller,
  type CallerSessions,
  type MatrixCase,
} from '../helpers/access-matrix.js';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import {
  patientBody,
  professionalBody,
  registerProfessional,
  signUpPatient,
} from '../helpers/people.js';

let t: TestApp;
const sessions = {} as CallerSessions;
let patientA: string;
let professionalA: string;
let adminId: string;
let photo: Buffer;

beforeAll(async () => {
  t = await createTestApp();
  const adminUser = await t.createUser('admin');
  adminId = adminUser.id;
  sessions.admin = await t.login(adminUser);
  const a = await signUpPatient(t);
  patientA = a.registerNumber;
  sessions.patientA = a.session;
  sessions.patientB = (await signUpPatient(t)).session;
  const proA = await registerProfessional(t, sessions.admin);
  professionalA = proA.councilNumber;
  sessions.professionalA = proA.session;
  sessions.professionalB = (await registerProfessional(t, sessions.admin)).session;
  await t.database.sql`
    insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at)
    values (${a.userId}, ${proA.userId}, now() + interval '1 day', now() + interval '1 day 30 min')`;
  photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'blue' } })
    .jpeg()
    .toBuffer();
});
afterAll(() => t.close());

function multipart(file: Buffer) {
  const boundary = 'matrixboundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return {
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const freshPatient = async () => (await signUpPatient(t)).registerNumber;
const freshProfessional = async () => (await registerProfessional(t, sessions.admin)).councilNumber;
/** The patient or professional, deactivated by the admin. */
const deactivated = async (id: string, kind: 'patients' | 'professionals') => {
  const response = await t.app.inject({
    method: 'DELETE',
    url: `/api/v1/${kind}/${id}`,
    headers: bearer(sessions.admin),
  });
  expect(response.statusCode, response.body).toBe(204);
  return id;
};
/** A message given up for good, to the admin: each retry case gets its own. */
const failedMessage = async () => {
  const [row] = await t.database.sql<{ id: string }[]>`
    insert into notifications (kind, channel, recipient_user_id, destination, language, status,
      attempts, payload)
    values ('appointment.booked', 'email', ${adminId}, 'desk@example.com', 'en', 'failed', 3,
      '{}'::jsonb)
    returning id`;
  return row!.id;
};
const freshAdmin = async () => (await t.createUser('admin')).id;
const timeOffBody = { startsAt: '2030-01-07T08:00:00-03:00', endsAt: '2030-01-07T12:00:00-03:00' };
const freshTimeOff = async () => {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/professionals/${professionalA}/time-off`,
    headers: bearer(sessions.admin),
    payload: timeOffBody,
  });
  return response.json<{ id: string }>().id;
};
const everyone = (status: number, anonymous = 401): Record<Caller, number> => ({
  anonymous,
  patientA: status,
  patientB: status,
  professionalA: status,
  professionalB: status,
  admin: status,
});
const adminOnly = (status: number): Record<Caller, number> => ({ ...everyone(403), admin: status });
/** The public directory's reads: signed out too while PUBLIC_DIRECTORY is on (the default). */
const directoryRead: Record<Caller, number> = everyone(200, 200);

const cases: MatrixCase[] = [
  {
    route: 'POST /patients',
    method: 'POST',
    request: async () => ({ url: '/api/v1/patients', payload: patientBody() }),
    expect: { ...everyone(403, 201), admin: 201 },
  },
  {
    route: 'GET /patients',
    method: 'GET',
    request: async () => ({ url: '/api/v1/patients' }),
    expect: adminOnly(200),
  },
  {
    route: 'GET /patients/{A}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/patients/${patientA}` }),
    // Professional A attends patient A (an appointment together); B does not.
    expect: { ...everyone(403), patientA: 200, patientB: 404, professionalA: 200, admin: 200 },
  },
  {
    route: 'PATCH /patients/{A}',
    method: 'PATCH',
    request: async () => ({ url: `/api/v1/patients/${patientA}`, payload: { name: 'Paciente A' } }),
    expect: { ...everyone(403), patientA: 200, patientB: 404, admin: 200 },
  },
  {
    route: 'PUT /patients/{A}/photo',
    method: 'PUT',
    request: async () => ({ url: `/api/v1/patients/${patientA}/photo`, ...multipart(photo) }),
    expect: { ...everyone(403), patientA: 204, patientB: 404, admin: 204 },
  },
  {
    route: 'GET /patients/{A}/photo',
    method: 'GET',
    request: async () => ({ url: `/api/v1/patients/${patientA}/photo` }),
    // Professional A attends patient A (an appointment together); B does not.
    expect: { ...everyone(200), patientB: 404, professionalB: 403 },
  },
  {
    route: 'DELETE /patients/{x}',
    method: 'DELETE',
    request: async () => ({ url: `/api/v1/patients/${await freshPatient()}` }),
    expect: adminOnly(204),
  },
  {
    route: 'POST /patients/{x}/reactivate',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/patients/${await deactivated(await freshPatient(), 'patients')}/reactivate`,
    }),
    expect: adminOnly(200),
  },
  {
    route: 'POST /professionals/{x}/reactivate',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/professionals/${await deactivated(await freshProfessional(), 'professionals')}/reactivate`,
    }),
    expect: adminOnly(200),
  },
  {
    route: 'POST /professionals',
    method: 'POST',
    request: async () => ({ url: '/api/v1/professionals', payload: professionalBody() }),
    expect: adminOnly(201),
  },
  {
    route: 'GET /professionals',
    method: 'GET',
    request: async () => ({ url: '/api/v1/professionals?specialty=cardiologia' }),
    expect: directoryRead,
  },
  {
    route: 'GET /specialties',
    method: 'GET',
    request: async () => ({ url: '/api/v1/specialties' }),
    expect: directoryRead,
  },
  {
    route: 'GET /professionals/{A}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}` }),
    expect: directoryRead,
  },
  {
    route: 'PATCH /professionals/{A}',
    method: 'PATCH',
    request: async () => ({
      url: `/api/v1/professionals/${professionalA}`,
      payload: { bio: 'Sobre mim' },
    }),
    expect: { ...everyone(403), professionalA: 200, admin: 200 },
  },
  {
    route: 'PUT /professionals/{A}/photo',
    method: 'PUT',
    request: async () => ({
      url: `/api/v1/professionals/${professionalA}/photo`,
      ...multipart(photo),
    }),
    expect: { ...everyone(403), professionalA: 204, admin: 204 },
  },
  {
    route: 'GET /professionals/{A}/photo',
    method: 'GET',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}/photo` }),
    expect: directoryRead,
  },
  {
    route: 'DELETE /professionals/{x}',
    method: 'DELETE',
    request: async () => ({ url: `/api/v1/professionals/${await freshProfessional()}` }),
    expect: adminOnly(204),
  },
  {
    route: 'POST /admins',
    method: 'POST',
    request: async () => ({
      url: '/api/v1/admins',
      payload: {
        name: 'Nova',
        email: `nova${Math.random()}@example.com`,
        password: 'admin-password-1',
      },
    }),
    expect: adminOnly(201),
  },
  {
    route: 'GET /admins',
    method: 'GET',
    request: async () => ({ url: '/api/v1/admins' }),
    expect: adminOnly(200),
  },
  {
    route: 'GET /admins/{id}',
    method: 'GET',
    request: async () => ({ url: `/api/v1/admins/${adminId}` }),
    expect: adminOnly(200),
  },
  {
    route: 'PATCH /admins/{id}',
    method: 'PATCH',
    request: async () => ({ url: `/api/v1/admins/${adminId}`, payload: { name: 'Secretaria' } }),
    expect: adminOnly(200),
  },
  {
    route: 'DELETE /admins/{x}',
    method: 'DELETE',
    request: async () => ({ url: `/api/v1/admins/${await freshAdmin()}` }),
    expect: adminOnly(204),
  },
  {
    route: 'GET /professionals/{A}/availability',
    method: 'GET',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}/availability` }),
    expect: everyone(200),
  },
  {
    route: 'PUT /professionals/{A}/availability',
    method: 'PUT',
    request: async () => ({
      url: `/api/v1/professionals/${professionalA}/availability`,
      payload: { slotMinutes: 30, weekly: [{ weekday: 1, start: '08:00', end: '12:00' }] },
    }),
    expect: { ...everyone(403), professionalA: 200, admin: 200 },
  },
  {
    route: 'GET /professionals/{A}/time-off',
    method: 'GET',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}/time-off` }),
    expect: { ...everyone(403), professionalA: 200, admin: 200 },
  },
  {
    route: 'POST /professionals/{A}/time-off',
    method: 'POST',
    request: async () => ({
      url: `/api/v1/professionals/${professionalA}/time-off`,
      payload: timeOffBody,
    }),
    expect: { ...everyone(403), professionalA: 201, admin: 201 },
  },
  {
    route: 'DELETE /professionals/{A}/time-off/{id}',
    method: 'DELETE',
    request: async () => ({
      url: `/api/v1/professionals/${professionalA}/time-off/${await freshTimeOff()}`,
    }),
    expect: { ...everyone(403), professionalA: 204, admin: 204 },
  },
  {
    route: 'GET /professionals/{A}/slots',
    method: 'GET',
    request: async () => ({ url: `/api/v1/professionals/${professionalA}/slots` }),
    expect: directoryRead,
  },
  {
    route: 'GET /slots',
    method: 'GET',
    request: async () => ({ url: '/api/v1/slots?specialty=cardiologia' }),
    expect: directoryRead,
  },
  {
    route: 'GET /audit',
    method: 'GET',
    request: async () => ({ url: '/api/v1/audit' }),
    expect: adminOnly(200),
  },
  {
    route: 'GET /notifications',
    method: 'GET',
    request: async () => ({ url: '/api/v1/notifications?status=failed' }),
    expect: adminOnly(200),
  },
  {
    route: 'POST /notifications/{id}/retry',
    method: 'POST',
    request: async () => ({ url: `/api/v1/notifications/${await failedMessage()}/retry` }),
    expect: adminOnly(200),
  },
  {
    route: 'GET /addresses/{cep}',
    method: 'GET',
    request: async () => ({ url: '/api/v1/addresses/20031-170' }),
    expect: everyone(200, 200),
  },
];

describe('People and scheduling: every route × every role', () => {
  it('covers every People route the app serves', () => {
    const peopleRoutes = t.app.routeAccess
      .filter(
        (r) =>
          r.method !== 'HEAD' &&
          /^\/api\/v1\/(patients|professionals|specialties|admins|audit|addresses|slots)/.test(
            r.url,
          ) &&
          // Appointment lists and calendar feeds have their own matrix (test/scheduling), and
          // the clinical records theirs (test/records).
          !/\/(appointments|calendar[^/]*|consultations|lab-reports|record\.zip)$/.test(r.url),
      )
      .map((r) => `${r.method} ${r.url.replace('/api/v1', '').replace(/:(\w+)/g, '{$1}')}`);
    const covered = new Set(cases.map((c) => c.route.replace(/\{[^}]+\}/g, '{}')));
    const missing = peopleRoutes.filter((route) => !covered.has(route.replace(/\{[^}]+\}/g, '{}')));
    expect(missing).toEqual([]);
  });

  it('allows and refuses exactly as the contract says', async () => {
    expect(await wrongAnswers(t, cases, sessions)).toEqual([]);
  });

  it('closes the directory to signed-out callers with PUBLIC_DIRECTORY=false', async () => {
    // A second instance on the same database, with the same people and sessions.
    const closed = await createTestApp({ PUBLIC_DIRECTORY: 'false' }, t);
    try {
      const directory = cases.filter((c) => c.expect === directoryRead);
      expect(directory.map((c) => c.route).sort()).toEqual([
        'GET /professionals',
        'GET /professionals/{A}',
        'GET /professionals/{A}/photo',
        'GET /professionals/{A}/slots',
        'GET /slots',
        'GET /specialties',
      ]);
      const signedIn = directory.map((c) => ({ ...c, expect: { ...c.expect, anonymous: 401 } }));
      expect(await wrongAnswers(closed, signedIn, sessions)).toEqual([]);
    } finally {
      await closed.close();
    }
  });
});
