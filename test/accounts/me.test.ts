import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTestApp,
  type Session,
  type TestApp,
  type TestUser,
} from '../helpers/app.js';

let t: TestApp;
let user: TestUser;
let session: Session;

beforeAll(async () => {
  t = await createTestApp({ CLINIC_COUNTRY: 'BR', DEFAULT_LANGUAGE: 'pt-BR' });
  user = await t.createUser('patient');
  session = await t.login(user);
});
afterAll(() => t.close());

const patchMe = (payload: unknown, as: Session = session) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/v1/auth/me',
    headers: bearer(as),
    payload: payload as object,
  });

describe('GET /auth/me', () => {
  it('returns the user with preferences and nothing secret', async () => {
    const response = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: user.id,
      role: 'patient',
      email: user.email,
      language: 'pt-BR',
      emailVerified: false,
      phoneVerified: false,
      notify: { email: true, sms: true, whatsapp: false },
    });
    expect(response.body).not.toMatch(/argon2|password|token/i);
  });

  it('needs a session', async () => {
    const response = await t.app.inject({ url: '/api/v1/auth/me' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('PATCH /auth/me', () => {
  it('changes name, language and notification settings, recording the WhatsApp opt-in time', async () => {
    const before = t.clock.now();
    const response = await patchMe({
      name: '  Maria Souza ',
      language: 'en',
      notify: { whatsapp: true, sms: false },
    });
    expect(response.statusCode).toBe(200);
    const me = response.json();
    expect(me).toMatchObject({
      name: 'Maria Souza',
      language: 'en',
      notify: { email: true, sms: false, whatsapp: true },
    });
    expect(new Date(me.whatsappOptInAt).getTime()).toBe(before.getTime());
    const optOut = await patchMe({ notify: { whatsapp: false } });
    expect(optOut.json().whatsappOptInAt).toBeNull();
  });

  it('stores the phone in E.164 using the clinic country, and resets its verification', async () => {
    await t.database.sql`update users set phone_verified_at = now() where id = ${user.id}`;
    const response = await patchMe({ phone: '(21) 98765-4321' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ phone: '+5521987654321', phoneVerified: false });
    const international = await patchMe({ phone: '+1 212 555 0123' });
    expect(international.json().phone).toBe('+12125550123');
  });

  it('rejects an invalid phone with a 400 on that field, changing nothing', async () => {
    const response = await patchMe({ phone: '12345', name: 'Changed?' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'phone', message: 'is not a valid phone number' },
    ]);
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    expect(me.json().name).not.toBe('Changed?');
  });

  it('never changes protected fields: they are rejected as unknown', async () => {
    for (const field of [
      'role',
      'email',
      'id',
      'active',
      'isAdmin',
      'passwordHash',
      'emailVerified',
    ]) {
      const response = await patchMe({ [field]: field === 'role' ? 'admin' : true });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().errors[0]).toEqual({ field, message: 'is not an accepted field' });
    }
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    expect(me.json().role).toBe('patient');
  });

  it('rejects an empty change and wrong types', async () => {
    expect((await patchMe({})).statusCode).toBe(400);
    expect((await patchMe({ name: 42 })).statusCode).toBe(400);
    expect((await patchMe({ notify: { email: 'yes' } })).statusCode).toBe(400);
    expect((await patchMe({ language: 'fr' })).json().errors[0].message).toBe(
      'must be one of: pt-BR, en',
    );
  });

  it('changes the password only with the current one, and signs out other sessions', async () => {
    const other = await t.login(user);
    const missing = await patchMe({ password: 'a brand new password' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('currentPassword');
    const wrong = await patchMe({ password: 'a brand new password', currentPassword: 'nope' });
    expect(wrong.statusCode).toBe(400);
    expect((await patchMe({ password: 'short', currentPassword: user.password })).statusCode).toBe(
      400,
    );

    const changed = await patchMe({
      password: 'a brand new password',
      currentPassword: user.password,
    });
    expect(changed.statusCode).toBe(200);
    const stillIn = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    expect(stillIn.statusCode).toBe(200);
    const signedOut = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(other) });
    expect(signedOut.statusCode).toBe(401);

    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(oldLogin.statusCode).toBe(401);
    user.password = 'a brand new password';
    await t.login(user);
  });

  it('slows wrong current passwords down without locking the owner out of signing in', async () => {
    const owner = await t.createUser('patient');
    const own = await t.login(owner);
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt++) {
      const guess = await patchMe(
        { password: 'a new password', currentPassword: `mistyped-${attempt}` },
        own,
      );
      statuses.push(guess.statusCode);
      if (guess.statusCode === 429) {
        expect(Number(guess.headers['retry-after'])).toBeGreaterThan(0);
        expect(guess.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    expect(statuses.slice(3)).toContain(429);
    // Signing in is not held back, from the same client or another.
    await t.login(owner);
    await t.login(owner, '10.9.0.1');
    // Nor is another session of the owner's.
    const other = await t.login(owner);
    const changed = await patchMe(
      { password: 'a new password', currentPassword: owner.password },
      other,
    );
    expect(changed.statusCode).toBe(200);
  });
});
