import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openClinic, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';

let t: TestApp;
let admin: Session;
let adminId: string;
let patient: SignedUpPatient;

beforeAll(async () => {
  const clinic = await openClinic();
  ({ t, admin } = clinic);
  adminId = clinic.adminUser.id;
  patient = await signUpPatient(t, { name: 'Auditada Souza' });
});
afterAll(() => t.close());

const auditOf = async (query: string) => {
  const response = await t.app.inject({ url: `/api/v1/audit?${query}`, headers: bearer(admin) });
  expect(response.statusCode).toBe(200);
  return response.json<{
    items: {
      action: string;
      actor: { id: string; role: string } | null;
      patient: { registerNumber: string };
      ip: string;
      requestId: string;
      details: Record<string, unknown> | null;
    }[];
    total: number;
  }>();
};

describe('the audit log', () => {
  it('records reads, searches and changes of a patient’s data by others, with who, where and which request', async () => {
    const url = `/api/v1/patients/${patient.registerNumber}`;
    await t.app.inject({
      url,
      headers: { ...bearer(admin), 'x-request-id': 'audit-read-1' },
      remoteAddress: '10.9.8.7',
    });
    await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer(admin),
      payload: { gender: 'other', name: 'Auditada S.' },
    });
    await t.app.inject({ url: '/api/v1/patients?q=auditada', headers: bearer(admin) });
    const log = await auditOf(`patient=${patient.registerNumber}`);
    expect(log.items.map((e) => e.action)).toEqual([
      'patient.list',
      'patient.update',
      'patient.read',
    ]);
    const read = log.items[2]!;
    expect(read).toMatchObject({
      actor: { id: adminId, role: 'admin' },
      ip: '10.9.8.7',
      requestId: 'audit-read-1',
      patient: { registerNumber: patient.registerNumber },
    });
    expect(log.items[1]!.details).toEqual({ fields: ['gender', 'name'] });
  });

  it('does not record a patient’s own reads and changes', async () => {
    const self = await signUpPatient(t);
    const url = `/api/v1/patients/${self.registerNumber}`;
    await t.app.inject({ url, headers: bearer(self.session) });
    await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer(self.session),
      payload: { name: 'Eu Mesma' },
    });
    expect((await auditOf(`patient=${self.registerNumber}`)).total).toBe(0);
  });

  it('filters by actor and time, and paginates', async () => {
    const secretary = await t.createUser('admin');
    const session = await t.login(secretary);
    await t.app.inject({
      url: `/api/v1/patients/${patient.registerNumber}`,
      headers: bearer(session),
    });
    const byActor = await auditOf(`actor=${secretary.id}`);
    expect(byActor.items.map((e) => e.action)).toEqual(['patient.read']);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await auditOf(`from=${encodeURIComponent(future)}`)).total).toBe(0);
    const page = await auditOf('pageSize=1');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThan(1);
    expect((await auditOf('patient=ZZZZZZ-0')).total).toBe(0);
  });

  it('is append-only, even for a direct database session', async () => {
    await expect(t.database.sql`update audit_log set action = 'nothing'`).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.sql`delete from audit_log`).rejects.toThrow(/append-only/);
    expect((await auditOf(`patient=${patient.registerNumber}`)).total).toBeGreaterThan(0);
  });
});

describe('responses never carry secrets', () => {
  it('no password hash, token or token hash in any people or account response', async () => {
    const professional = await registerProfessional(t, admin);
    const secrets = [
      admin.token,
      patient.session.token,
      professional.session.token,
      patient.password,
    ];
    const hashes = await t.database.sql<
      { password_hash: string }[]
    >`select password_hash from users`;
    const responses = await Promise.all(
      [
        ['/api/v1/auth/me', admin],
        ['/api/v1/patients', admin],
        [`/api/v1/patients/${patient.registerNumber}`, admin],
        [`/api/v1/patients/${patient.registerNumber}`, patient.session],
        ['/api/v1/professionals', patient.session],
        [`/api/v1/professionals/${professional.councilNumber}`, professional.session],
        ['/api/v1/admins', admin],
        ['/api/v1/audit', admin],
      ].map(([url, session]) =>
        t.app.inject({ url: url as string, headers: bearer(session as Session) }),
      ),
    );
    for (const response of responses) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toMatch(/argon2|password/i);
      for (const secret of secrets) expect(response.body).not.toContain(secret);
      for (const { password_hash } of hashes) expect(response.body).not.toContain(password_hash);
    }
  });
});
