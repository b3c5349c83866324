import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '10',
    LOGIN_MAX_FAILURES_PER_IP: '40',
  });
  admin = await t.createUser('admin');
});
afterAll(() => t.close());

const login = (email: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('POST /auth/login', () => {
  it('returns a bearer token, the user and a CSRF token, and sets the session cookies', async () => {
    const response = await login(admin.email, admin.password);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.token).toMatch(/^cds_[\w-]{43}$/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    expect(body.user).toEqual({
      id: admin.id,
      role: 'admin',
      name: expect.any(String),
      email: admin.email,
    });
    const session = response.cookies.find((c) => c.name === 'clinicdesk_session');
    expect(session).toMatchObject({
      value: body.token,
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
    const csrf = response.cookies.find((c) => c.name === 'clinicdesk_csrf');
    expect(csrf?.value).toBe(body.csrfToken);
    expect(csrf?.httpOnly).toBeFalsy();
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/i);
  });

  it('matches the e-mail regardless of case and surrounding spaces', async () => {
    const response = await login(`  ${admin.email.toUpperCase()} `, admin.password);
    expect(response.statusCode).toBe(200);
  });

  it('gives the same 401 for a wrong password and for an unknown e-mail', async () => {
    const wrongPassword = await login(admin.email, 'not the password', '10.0.0.2');
    const unknownEmail = await login('nobody@example.com', 'not the password', '10.0.0.2');
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrongPassword.json())).toEqual(strip(unknownEmail.json()));
    expect(wrongPassword.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses a deactivated account with the same 401', async () => {
    const user = await t.createUser('patient');
    await t.database.sql`update users set active = false where id = ${user.id}`;
    const response = await login(user.email, user.password, '10.0.0.3');
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('The e-mail or password is not correct.');
  });

  it('rejects missing, unknown and wrongly typed fields with a 400 naming them', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 42, isAdmin: true },
    });
    expect(response.statusCode).toBe(400);
    const fields = response
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['email', 'isAdmin', 'password']);
  });
});

describe('login throttling', () => {
  it('answers the 11th rapid wrong password for one account with 429 and Retry-After', async () => {
    const user = await t.createUser('patient');
    for (let attempt = 1; attempt <= 10; attempt++) {
      // From different addresses: the account limit alone must stop the 11th.
      const response = await login(user.email, `wrong-${attempt}`, `10.1.0.${attempt}`);
      expect(response.statusCode, `attempt ${attempt}`).toBe(401);
    }
    const eleventh = await login(user.email, 'wrong-11', '10.1.0.11');
    expect(eleventh.statusCode).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(eleventh.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Locked means locked: even the right password waits.
    const right = await login(user.email, user.password, '10.1.0.12');
    expect(right.statusCode).toBe(429);
  });

  it('locks unknown e-mails the same way, so the lock reveals nothing', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      await login('ghost@example.com', 'whatever', `10.2.0.${attempt}`);
    }
    expect((await login('ghost@example.com', 'whatever', '10.2.0.11')).statusCode).toBe(429);
  });

  it('forgets an account’s failures after a successful sign-in', async () => {
    const user = await t.createUser('patient');
    for (let attempt = 1; attempt <= 9; attempt++) await login(user.email, 'wrong', '10.3.0.1');
    expect((await login(user.email, user.password, '10.3.0.1')).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect((await login(user.email, 'wrong', '10.3.0.2')).statusCode).toBe(401);
    }
  });

  it('limits failures per IP across many accounts', async () => {
    const ip = '10.4.0.1';
    for (let attempt = 1; attempt <= 40; attempt++) {
      await login(`someone${attempt}@example.com`, 'wrong', ip);
    }
    const blocked = await login(admin.email, admin.password, ip);
    expect(blocked.statusCode).toBe(429);
    expect((await login(admin.email, admin.password, '10.4.0.2')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('works with the bearer token and with the cookie', async () => {
    const session = await t.login(admin);
    const byBearer = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    const byCookie = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(byBearer.statusCode).toBe(200);
    expect(byCookie.statusCode).toBe(200);
    expect(byCookie.json().id).toBe(admin.id);
  });

  it('needs the CSRF header on unsafe requests made with the cookie, not with the bearer token', async () => {
    const session = await t.login(admin);
    const patch = (headers: Record<string, string>) =>
      t.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers, payload: { name: 'Ana' } });
    const withoutToken = await patch({ cookie: session.cookie });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().detail).toMatch(/x-csrf-token/);
    const wrongToken = await patch({ cookie: session.cookie, 'x-csrf-token': 'guess' });
    expect(wrongToken.statusCode).toBe(403);
    const otherSession = await t.login(admin);
    const otherSessionsToken = await patch({
      cookie: session.cookie,
      'x-csrf-token': otherSession.csrfToken,
    });
    expect(otherSessionsToken.statusCode).toBe(403);
    const withToken = await patch({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });
    expect(withToken.statusCode).toBe(200);
    expect((await patch(bearer(session))).statusCode).toBe(200);
  });

  it('logout revokes the token and clears the cookies', async () => {
    const session = await t.login(admin);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(session),
    });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((c) => c.name === 'clinicdesk_session')?.value).toBe('');
    const after = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    expect(after.statusCode).toBe(401);
    const byCookie = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(byCookie.statusCode).toBe(401);
  });

  it('expires after SESSION_TTL_MINUTES', async () => {
    const session = await t.login(admin);
    t.clock.advance(t.config.sessions.ttlMinutes * 60_000 - 1000);
    expect(
      (await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) })).statusCode,
    ).toBe(200);
    t.clock.advance(2000);
    const expired = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toBe('Bearer');
  });

  it('stores only hashes of tokens', async () => {
    const session = await t.login(admin);
    const rows = await t.database.sql`select token_hash, csrf_token_hash from sessions`;
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(session.token);
    expect(dump).not.toContain(session.csrfToken);
  });

  it('rejects malformed and unknown credentials with 401', async () => {
    for (const authorization of ['Bearer', 'Bearer nope', 'Basic YWRtaW46YWRtaW4=', 'Token abc']) {
      const response = await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
    }
  });
});
