import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTestApp,
  type Session,
  type TestApp,
  type TestUser,
} from '../helpers/app.js';
import { as } from '../helpers/requests.js';
import { startCodeProviders, type CodeProviders } from './code-providers.js';

let t: TestApp;
let providers: CodeProviders;

beforeAll(async () => {
  providers = await startCodeProviders();
  t = await createTestApp(providers.env());
});
afterAll(async () => {
  await t?.close();
  await providers?.close();
});

interface CodeEvent {
  id: number;
  type: string;
  payload: {
    userId: string;
    channel: string;
    destination: string;
    code: string;
    minutes: number;
  };
}

/** Every response body the tests saw: none may contain a code. */
const bodies: string[] = [];
const seen = { onResponse: (response: { body: string }) => bodies.push(response.body) };

async function codeEvents(userId: string, type?: string): Promise<CodeEvent[]> {
  return t.database.sql<CodeEvent[]>`
    select id::int as id, type, payload from outbox
    where type like 'code.%' and payload->>'userId' = ${userId}
      and (${type ?? null}::text is null or type = ${type ?? null}::text)
    order by id`;
}

async function lastCode(userId: string, type: string): Promise<string> {
  const events = await codeEvents(userId, type);
  expect(events.length).toBeGreaterThan(0);
  return events.at(-1)!.payload.code;
}

/** A 6-digit code sure to be wrong. */
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const newPatient = () => t.createUser('patient');

describe('password reset attempts per client', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ ...providers.env(), PASSWORD_RESET_MAX_PER_IP: '4' });
  });
  afterAll(() => limited?.close());

  const from = (ip: string, url: string, payload: Record<string, unknown>) =>
    limited.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, remoteAddress: ip });

  const resetCodesSent = () =>
    limited.database.sql<{ userId: string; code: string }[]>`
      select payload->>'userId' as "userId", payload->>'code' as code from outbox
      where type = 'code.password_reset' order by id`;

  it('sends no more codes, to anyone, for a client past its attempts, still answering 202', async () => {
    const users = [];
    for (let i = 0; i < 5; i += 1) users.push(await limited.createUser('patient'));
    for (const user of users) {
      const response = await from('10.7.0.1', '/auth/password/forgot', { email: user.email });
      expect(response.statusCode).toBe(202);
    }
    expect((await resetCodesSent()).map((sent) => sent.userId)).toEqual(
      users.slice(0, 4).map((user) => user.id),
    );

    // Another client is not held back.
    const elsewhere = await from('10.7.0.2', '/auth/password/forgot', { email: users[4]!.email });
    expect(elsewhere.statusCode).toBe(202);
    expect((await resetCodesSent()).at(-1)?.userId).toBe(users[4]!.id);
  });

  it('answers 429 to a client past its attempts, before looking at the code', async () => {
    const user = await limited.createUser('patient');
    await from('10.8.0.1', '/auth/password/forgot', { email: user.email });
    const { code } = (await resetCodesSent()).at(-1)!;
    const reset = (ip: string, given: string) =>
      from(ip, '/auth/password/reset', {
        email: user.email,
        code: given,
        newPassword: 'a brand new password',
      });
    for (let i = 0; i < 3; i += 1)
      expect((await reset('10.8.0.1', other(code))).statusCode).toBe(400);

    const refused = await reset('10.8.0.1', code);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);

    // The code was not used up: from another client it still works.
    expect((await reset('10.8.0.2', code)).statusCode).toBe(204);
  });
});

describe('password reset', () => {
  it('sends a code, sets the password with it once, and signs out every session', async () => {
    const user = await newPatient();
    const first = await t.login(user);
    const second = await t.login(user);

    const forgot = await as(t, null, seen).post('/api/v1/auth/password/forgot', {
      email: user.email.toUpperCase(),
    });
    expect(forgot.statusCode).toBe(202);
    expect(forgot.body).toBe('');
    const [event] = await codeEvents(user.id, 'code.password_reset');
    expect(event!.payload).toEqual({
      userId: user.id,
      channel: 'email',
      destination: user.email,
      code: expect.stringMatching(/^[0-9]{6}$/),
      minutes: 10,
    });
    const { code } = event!.payload;
    const stored = await t.database.sql`
      select code_hash from one_time_codes where user_id = ${user.id}`;
    expect(stored[0]!.code_hash).not.toContain(code);

    const reset = await as(t, null, seen).post('/api/v1/auth/password/reset', {
      email: user.email,
      code,
      newPassword: 'a brand new password',
    });
    expect(reset.statusCode).toBe(204);

    expect((await as(t, first).get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await as(t, second).get('/api/v1/auth/me')).statusCode).toBe(401);
    await expect(t.login(user)).rejects.toThrow(/401/);
    await t.login({ email: user.email, password: 'a brand new password' });

    const changed = await t.database.sql<{ payload: { userId: string; at: string } }[]>`
      select payload from outbox where type = 'password.changed' and payload->>'userId' = ${user.id}`;
    expect(changed).toHaveLength(1);
    expect(changed[0]!.payload.at).toBe(t.clock.now().toISOString());

    const again = await as(t, null, seen).post('/api/v1/auth/password/reset', {
      email: user.email,
      code,
      newPassword: 'yet another password',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().detail).toBe('The code is wrong or has expired. Ask for a new one.');
  });

  it('kills a code after 5 wrong tries, with one answer for every failure', async () => {
    const user = await newPatient();
    await as(t, null, seen).post('/api/v1/auth/password/forgot', { email: user.email });
    const code = await lastCode(user.id, 'code.password_reset');
    const details = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const wrong = await as(t, null, seen).post('/api/v1/auth/password/reset', {
        email: user.email,
        code: other(code),
        newPassword: 'never set password',
      });
      expect(wrong.statusCode).toBe(400);
      details.add(wrong.json().detail);
    }
    const right = await as(t, null, seen).post('/api/v1/auth/password/reset', {
      email: user.email,
      code,
      newPassword: 'never set password',
    });
    expect(right.statusCode).toBe(400);
    details.add(right.json().detail);
    const unknown = await as(t, null, seen).post('/api/v1/auth/password/reset', {
      email: 'nobody.at.all@example.com',
      code,
      newPassword: 'never set password',
    });
    expect(unknown.statusCode).toBe(400);
    details.add(unknown.json().detail);
    expect(details.size).toBe(1);
    await t.login(user); // the old password still works
  });

  it('answers 202 for an unknown or deactivated e-mail, and sends nothing', async () => {
    const before = await t.database.sql`select count(*)::int as n from outbox`;
    const unknown = await as(t, null, seen).post('/api/v1/auth/password/forgot', {
      email: 'nobody.here@example.com',
    });
    expect(unknown.statusCode).toBe(202);
    const gone = await newPatient();
    await t.services.accounts.deactivate(gone.id);
    expect(
      (await as(t, null, seen).post('/api/v1/auth/password/forgot', { email: gone.email }))
        .statusCode,
    ).toBe(202);
    const after = await t.database.sql`select count(*)::int as n from outbox`;
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(await t.database.sql`select 1 from one_time_codes where user_id = ${gone.id}`).toEqual(
      [],
    );
  });

  it('rejects a malformed body with a 400', async () => {
    expect((await as(t, null, seen).post('/api/v1/auth/password/forgot', {})).statusCode).toBe(400);
    const user = await newPatient();
    const short = await as(t, null, seen).post('/api/v1/auth/password/reset', {
      email: user.email,
      code: '123456',
      newPassword: 'short',
    });
    expect(short.statusCode).toBe(400);
  });
});

describe('e-mail verification', () => {
  let user: TestUser;
  let session: Session;

  beforeAll(async () => {
    user = await newPatient();
    session = await t.login(user);
  });

  it('needs a session', async () => {
    expect((await as(t, null, seen).post('/api/v1/auth/verify/email')).statusCode).toBe(401);
    expect(
      (await as(t, null, seen).post('/api/v1/auth/verify/email/confirm', { code: '123456' }))
        .statusCode,
    ).toBe(401);
  });

  it('expires a code after 10 minutes, by the clock', async () => {
    expect((await as(t, session, seen).post('/api/v1/auth/verify/email')).statusCode).toBe(202);
    const code = await lastCode(user.id, 'code.email_verification');
    t.clock.advance(10 * 60_000);
    const late = await as(t, session, seen).post('/api/v1/auth/verify/email/confirm', { code });
    expect(late.statusCode).toBe(400);
    expect((await as(t, session).get('/api/v1/auth/me')).json().emailVerified).toBe(false);
  });

  it('supersedes an older code with a new one, which works once', async () => {
    await as(t, session, seen).post('/api/v1/auth/verify/email');
    const old = await lastCode(user.id, 'code.email_verification');
    t.clock.advance(60_000);
    await as(t, session, seen).post('/api/v1/auth/verify/email');
    const current = await lastCode(user.id, 'code.email_verification');
    if (old !== current) {
      expect(
        (await as(t, session, seen).post('/api/v1/auth/verify/email/confirm', { code: old }))
          .statusCode,
      ).toBe(400);
    }
    t.clock.advance(9 * 60_000); // still within the new code's 10 minutes
    const ok = await as(t, session, seen).post('/api/v1/auth/verify/email/confirm', {
      code: current,
    });
    expect(ok.statusCode).toBe(204);
    expect((await as(t, session).get('/api/v1/auth/me')).json().emailVerified).toBe(true);
    const reused = await as(t, session, seen).post('/api/v1/auth/verify/email/confirm', {
      code: current,
    });
    expect(reused.statusCode).toBe(400);

    // Verified: another code would be for nothing.
    const sent = (await codeEvents(user.id, 'code.email_verification')).length;
    const again = await as(t, session, seen).post('/api/v1/auth/verify/email');
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('Your e-mail is already verified.');
    expect(await codeEvents(user.id, 'code.email_verification')).toHaveLength(sent);
  });

  it('limits the codes sent to one address: 429 for verification, silence for a reset', async () => {
    const busy = await newPatient();
    const busySession = await t.login(busy);
    for (let i = 0; i < 3; i += 1) {
      expect((await as(t, busySession, seen).post('/api/v1/auth/verify/email')).statusCode).toBe(
        202,
      );
    }
    const limited = await as(t, busySession, seen).post('/api/v1/auth/verify/email');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const forgot = await as(t, null, seen).post('/api/v1/auth/password/forgot', {
      email: busy.email,
    });
    expect(forgot.statusCode).toBe(202);
    expect(await codeEvents(busy.id)).toHaveLength(3);
    // Another address is not affected.
    const calm = await newPatient();
    expect(
      (await as(t, await t.login(calm), seen).post('/api/v1/auth/verify/email')).statusCode,
    ).toBe(202);
  });

  it('does not verify an address changed since the code was sent', async () => {
    const mover = await newPatient();
    const moverSession = await t.login(mover);
    await as(t, moverSession, seen).post('/api/v1/auth/verify/email');
    const code = await lastCode(mover.id, 'code.email_verification');
    await t.services.accounts.updateIdentity(mover.id, { email: `moved.${mover.email}` });
    const confirm = await as(t, moverSession, seen).post('/api/v1/auth/verify/email/confirm', {
      code,
    });
    expect(confirm.statusCode).toBe(422);
    expect((await as(t, moverSession).get('/api/v1/auth/me')).json().emailVerified).toBe(false);
  });
});

describe('phone verification', () => {
  it('answers 422 without a phone', async () => {
    const session = await t.login(await newPatient());
    expect((await as(t, session, seen).post('/api/v1/auth/verify/phone')).statusCode).toBe(422);
  });

  it('sends by SMS, or WhatsApp when preferred, and marks the phone verified', async () => {
    const user = await newPatient();
    const session = await t.login(user);
    expect(
      (await as(t, session).patch('/api/v1/auth/me', { phone: '+55 21 98765-4321' })).statusCode,
    ).toBe(200);

    expect((await as(t, session, seen).post('/api/v1/auth/verify/phone')).statusCode).toBe(202);
    let [event] = (await codeEvents(user.id, 'code.phone_verification')).slice(-1);
    expect(event!.payload).toMatchObject({ channel: 'sms', destination: '+5521987654321' });

    expect(
      (await as(t, session).patch('/api/v1/auth/me', { notify: { whatsapp: true } })).statusCode,
    ).toBe(200);
    expect((await as(t, session, seen).post('/api/v1/auth/verify/phone')).statusCode).toBe(202);
    [event] = (await codeEvents(user.id, 'code.phone_verification')).slice(-1);
    expect(event!.payload).toMatchObject({ channel: 'whatsapp', destination: '+5521987654321' });

    const wrong = await as(t, session, seen).post('/api/v1/auth/verify/phone/confirm', {
      code: other(event!.payload.code),
    });
    expect(wrong.statusCode).toBe(400);
    const right = await as(t, session, seen).post('/api/v1/auth/verify/phone/confirm', {
      code: event!.payload.code,
    });
    expect(right.statusCode).toBe(204);
    expect((await as(t, session).get('/api/v1/auth/me')).json()).toMatchObject({
      phoneVerified: true,
      emailVerified: false,
    });
  });
});

describe('changing the password while signed in', () => {
  it('writes password.changed', async () => {
    const user = await newPatient();
    const session = await t.login(user);
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: bearer(session),
      payload: { password: 'changed password 1', currentPassword: user.password },
    });
    expect(response.statusCode).toBe(200);
    const events = await t.database.sql`
      select payload from outbox where type = 'password.changed' and payload->>'userId' = ${user.id}`;
    expect(events).toHaveLength(1);
  });
});

describe('secrecy', () => {
  it('never puts a code in a response or a log line', async () => {
    const codes = await t.database.sql<{ code: string }[]>`
      select payload->>'code' as code from outbox where type like 'code.%'`;
    expect(codes.length).toBeGreaterThan(5);
    const logs = t.logs.join('\n');
    for (const { code } of codes) {
      for (const body of bodies) expect(body).not.toContain(code);
      expect(logs).not.toContain(code);
    }
    expect(logs).toContain('/auth/password/reset');
  });
});
