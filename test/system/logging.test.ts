import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'trace' });
});
afterAll(() => t.close());

describe('logs', () => {
  it('carry one line per request with its id, and no secret or personal data', async () => {
    const user = await t.createUser('patient', {
      email: 'maria.secret@example.com',
      password: 'my-secret-password',
    });
    const session = await t.login(user);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'wrong-secret-guess' },
    });
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me?note=maria.secret@example.com',
      headers: { ...bearer(session), 'x-request-id': 'trace-me-1' },
      payload: {
        phone: '+55 21 98765-4321',
        password: 'next-secret-password',
        currentPassword: user.password,
      },
    });
    await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: session.cookie } });

    const text = t.logs.join('');
    for (const secret of [
      user.password,
      'wrong-secret-guess',
      'next-secret-password',
      session.token,
      session.csrfToken,
      user.email,
      '98765',
      'argon2',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    const lines = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const patch = lines.find((line) => line.msg === 'request' && line.method === 'PATCH');
    expect(patch).toMatchObject({
      requestId: 'trace-me-1',
      path: '/api/v1/auth/me',
      status: 200,
      actor: user.id,
    });
  });
});

describe('error logs', () => {
  it('keep a failed query’s reason and the hash of its SQL, never the SQL or its values', async () => {
    const { Writable } = await import('node:stream');
    const { createLogger } = await import('../../src/lib/logger.js');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const cause = Object.assign(
      new Error('duplicate key value violates unique constraint "patients_cpf_key"'),
      { code: '23505' },
    );
    const sql = 'insert into "patients" ("cpf", "email") values ($1, $2)';
    // As DrizzleQueryError builds it: the SQL and the values in the message and as properties.
    const error = Object.assign(
      new Error(`Failed query: ${sql}\nparams: 52998224725,maria@example.com`, { cause }),
      { query: sql, params: ['52998224725', 'maria@example.com'] },
    );
    createLogger('info', sink).error({ err: error }, 'request failed');
    const text = lines.join('');
    const logged = JSON.parse(text) as { err: Record<string, string> };
    const { sha256 } = await import('../../src/lib/crypto.js');
    expect(logged.err.queryHash).toBe(sha256(sql).toString('hex').slice(0, 12));
    expect(logged.err.sqlState).toBe('23505');
    expect(logged.err.stack).toMatch(/\n\s+at /);
    expect(text).toContain('patients_cpf_key');
    expect(text).not.toContain('insert into');
    expect(text).not.toContain('52998224725');
    expect(text).not.toContain('maria@example.com');
  });
});
