import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await createTestApp({
    LOGIN_FAILURES_BEFORE_DELAY: '3',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '30',
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
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const retryAfter = (response: LightMyRequestResponse) => Number(response.headers['retry-after']);

  it('lets the owner in from another IP after an attacker’s 50 wrong passwords from one IP', async () => {
    const owner = await t.createUser('admin');
    const statuses = new Set<number>();
    for (let attempt = 1; attempt <= 50; attempt++) {
      statuses.add((await login(owner.email, `guess-${attempt}`, '10.1.0.66')).statusCode);
    }
    expect([...statuses].sort()).toEqual([401, 429]);
    // From an address it never used before, and from its usual one.
    expect((await login(owner.email, owner.password, '10.1.0.1')).statusCode).toBe(200);
    expect((await login(owner.email, owner.password, '10.1.0.1')).statusCode).toBe(200);
  });

  it('makes one client wait longer after each further wrong password', async () => {
    const user = await t.createUser('patient');
    const ip = '10.1.1.66';
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await login(user.email, 'wrong', ip)).statusCode, `attempt ${attempt}`).toBe(401);
    }
    const waits: number[] = [];
    for (let round = 1; round <= 3; round++) {
      const refused = await login(user.email, 'wrong', ip);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      waits.push(retryAfter(refused));
      // Waiting means waiting: the right password from there waits too.
      expect((await login(user.email, user.password, ip)).statusCode).toBe(429);
      if (round === 3) break;
      await sleep(retryAfter(refused) * 1000 + 100);
      expect((await login(user.email, 'wrong', ip)).statusCode).toBe(401);
    }
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);
    expect(waits[2]).toBeLessThanOrEqual(15 * 60);
    // Meanwhile the owner, elsewhere, is not held back.
    expect((await login(user.email, user.password, '10.1.1.1')).statusCode).toBe(200);
  });

  it('slows unknown e-mails the same way, so the answers reveal nothing', async () => {
    const user = await t.createUser('patient');
    const answers = async (email: string, ip: string) => {
      const seen = [];
      for (let attempt = 1; attempt <= 6; attempt++) {
        const response = await login(email, 'whatever', ip);
        seen.push({ status: response.statusCode, detail: response.json().detail });
      }
      return seen;
    };
    const real = await answers(user.email, '10.2.0.1');
    expect(await answers('ghost@example.com', '10.2.0.2')).toEqual(real);
    expect(real.map((answer) => answer.status)).toContain(429);
  });

  it('forgets a client’s failures after its successful sign-in', async () => {
    const user = await t.createUser('patient');
    const ip = '10.3.0.1';
    for (let attempt = 1; attempt <= 2; attempt++) await login(user.email, 'wrong', ip);
    expect((await login(user.email, user.password, ip)).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await login(user.email, 'wrong', ip)).statusCode, `attempt ${attempt}`).toBe(401);
    }
    expect((await login(user.email, 'wrong', ip)).statusCode).toBe(429);
  });

  it('limits failures per IP across many accounts', async () => {
    const ip = '10.4.0.1';
    for (let attempt = 1; attempt <= 40; attempt++) {
      await login(`someone${attempt}@example.com`, 'wrong', ip);
    }
    const blocked = await login(admin.email, admin.password, ip);
    expect(blocked.statusCode).toBe(429);
    expect(retryAfter(blocked)).toBeGreaterThan(0);
    expect((await login(admin.email, admin.password, '10.4.0.2')).statusCode).toBe(200);
  });

  it('lets only known clients in past the per-account ceiling of distributed guessing', async () => {
    const owner = await t.createUser('admin');
    const usual = await login(owner.email, owner.password, '10.5.0.1');
    const device = usual.cookies.find((cookie) => cookie.name === 'clinicdesk_device')!;
    for (let attempt = 1; attempt <= 30; attempt++) {
      const guess = await login(owner.email, `guess-${attempt}`, `10.5.1.${attempt}`);
      expect(guess.statusCode, `guess ${attempt}`).toBe(401);
    }
    const stranger = await login(owner.email, owner.password, '10.5.2.1');
    expect(stranger.statusCode).toBe(429);
    expect(retryAfter(stranger)).toBeLessThanOrEqual(15 * 60);
    // The address it signed in from before, and its device cookie from anywhere.
    expect((await login(owner.email, owner.password, '10.5.0.1')).statusCode).toBe(200);
    const withDevice = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: owner.email, password: owner.password },
      remoteAddress: '10.5.2.2',
      cookies: { clinicdesk_device: device.value },
    });
    expect(withDevice.statusCode).toBe(200);
    // A made-up or another account's device cookie is just unknown.
    const other = await t.createUser('patient');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: other.email, password: other.password },
      remoteAddress: '10.5.2.3',
      cookies: { clinicdesk_device: device.value },
    });
    expect(forged.statusCode).toBe(200);
    const forgedDevice = forged.cookies.find((cookie) => cookie.name === 'clinicdesk_device');
    expect(forgedDevice?.value).not.toBe(device.value);
  });

  it('keeps a known device apart from the failures of others on its IP', async () => {
    const owner = await t.createUser('patient');
    const shared = '10.6.0.1';
    const signIn = await login(owner.email, owner.password, shared);
    const device = signIn.cookies.find((cookie) => cookie.name === 'clinicdesk_device')!;
    expect(device).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/v1/auth/login',
    });
    expect(device.maxAge).toBeGreaterThan(24 * 3600);
    expect(signIn.body).not.toContain(device.value);
    for (let attempt = 1; attempt <= 6; attempt++) await login(owner.email, 'guess', shared);
    expect((await login(owner.email, owner.password, shared)).statusCode).toBe(429);
    const withDevice = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: owner.email, password: owner.password },
      remoteAddress: shared,
      cookies: { clinicdesk_device: device.value },
    });
    expect(withDevice.statusCode).toBe(200);
  });

  it('lets no more parallel guesses through than sequential ones', async () => {
    const user = await t.createUser('patient');
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(user.email, `guess-${i}`, '10.7.0.1')),
    );
    // As many as one after the other: the free ones, then a wait for each next.
    const free = t.config.loginThrottle.failuresBeforeDelay;
    expect(guesses.filter((response) => response.statusCode === 401)).toHaveLength(free);
    expect(guesses.filter((response) => response.statusCode === 429)).toHaveLength(12 - free);
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
