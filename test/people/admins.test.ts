import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openClinic, type Session, type TestApp } from '../helpers/app.js';
import { signUpPatient } from '../helpers/people.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  ({ t, admin } = await openClinic());
});
afterAll(() => t.close());

const newAdmin = (n: number) => ({
  name: `Secretária ${n}`,
  email: `sec${n}.${Date.now()}@clinica.com.br`,
  password: 'admin-password-1',
});

describe('admins', () => {
  it('cannot be created by anyone but an admin (the seed let anyone)', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admins',
      payload: newAdmin(1),
    });
    expect(anonymous.statusCode).toBe(401);
    const patient = await signUpPatient(t);
    const byPatient = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admins',
      headers: bearer(patient.session),
      payload: newAdmin(2),
    });
    expect(byPatient.statusCode).toBe(403);
    const professional = await t.login(await t.createUser('professional'));
    const byProfessional = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admins',
      headers: bearer(professional),
      payload: newAdmin(3),
    });
    expect(byProfessional.statusCode).toBe(403);
    const count = await t.database.sql`select count(*)::int as n from users where role = 'admin'`;
    expect(count[0]!.n).toBe(1);
  });

  it('are created, listed, changed and deactivated by admins', async () => {
    const body = newAdmin(4);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admins',
      headers: bearer(admin),
      payload: { ...body, phone: '21 99999-0000' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({
      name: body.name,
      email: body.email,
      phone: '+5521999990000',
      active: true,
    });
    expect(created.body).not.toMatch(/password/i);
    const list = await t.app.inject({ url: '/api/v1/admins?active=true', headers: bearer(admin) });
    expect(list.json().items.map((a: { id: string }) => a.id)).toContain(id);
    const session = await t.login({ email: body.email, password: body.password });
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admins/${id}`,
      headers: bearer(admin),
      payload: { name: 'Chefe', password: 'a-new-admin-password' },
    });
    expect(changed.json().name).toBe('Chefe');
    // A password set by another admin signs the account out everywhere.
    expect(
      (await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) })).statusCode,
    ).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/admins/${id}`,
          headers: bearer(admin),
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ url: `/api/v1/admins/${id}`, headers: bearer(admin) })).json().active,
    ).toBe(false);
  });

  it('never lose their last active admin, even when two deactivate each other at once', async () => {
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admins',
      headers: bearer(admin),
      payload: newAdmin(5),
    });
    const secondId = second.json().id as string;
    const secondSession = await t.login({
      email: second.json().email,
      password: 'admin-password-1',
    });
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(admin) });
    const firstId = me.json().id as string;
    const results = await Promise.all([
      t.app.inject({ method: 'DELETE', url: `/api/v1/admins/${secondId}`, headers: bearer(admin) }),
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/admins/${firstId}`,
        headers: bearer(secondSession),
      }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toContain(204);
    const active = await t.database
      .sql`select count(*)::int as n from users where role = 'admin' and active`;
    expect(active[0]!.n).toBe(1);
    const [remaining] = await t.database.sql<
      { id: string }[]
    >`select id from users where role = 'admin' and active`;
    const lastOne = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admins/${remaining!.id}`,
      headers: bearer(admin),
    });
    expect([409, 401]).toContain(lastOne.statusCode);
    if (lastOne.statusCode === 409) expect(lastOne.json().detail).toMatch(/last active admin/);
  });

  it('answer 404 for patients’ or unknown ids', async () => {
    admin = await t.login(await t.createUser('admin'));
    const patient = await signUpPatient(t);
    expect(
      (await t.app.inject({ url: `/api/v1/admins/${patient.userId}`, headers: bearer(admin) }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: '/api/v1/admins/not-a-uuid', headers: bearer(admin) })).statusCode,
    ).toBe(400);
  });
});
