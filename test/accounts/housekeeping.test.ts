import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ SESSION_TTL_MINUTES: '60' });
  t.clock.set(new Date('2026-12-01T12:00:00Z'));
});
afterAll(() => t.close());

const DAY = 86_400_000;

describe('housekeeping', () => {
  it('deletes sessions and codes a week after they ended, and nothing that still works', async () => {
    const user = await t.createUser('patient');
    const signedOut = await t.login(user);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(signedOut) });
    const expired = await t.login(user);
    t.clock.advance(8 * DAY);
    const current = await t.login(user);
    const oldCode = await t.database.sql<{ id: string }[]>`
      insert into one_time_codes (user_id, purpose, destination, code_hash, expires_at)
      values (${user.id}, 'email_verification', ${user.email}, 'x',
              ${new Date(t.clock.now().getTime() - 8 * DAY).toISOString()})
      returning id`;
    const liveCode = await t.database.sql<{ id: string }[]>`
      insert into one_time_codes (user_id, purpose, destination, code_hash, expires_at)
      values (${user.id}, 'email_verification', ${user.email}, 'y',
              ${new Date(t.clock.now().getTime() + 10 * 60_000).toISOString()})
      returning id`;

    expect(await t.services.accountsHousekeeping.run()).toBe(3);
    const sessions = await t.database.sql<{ count: number }[]>`
      select count(*)::int from sessions where user_id = ${user.id}`;
    expect(sessions[0]!.count).toBe(1);
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(current) });
    expect(me.statusCode).toBe(200);
    for (const gone of [signedOut, expired]) {
      const refused = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(gone) });
      expect(refused.statusCode).toBe(401);
    }
    const codes = await t.database.sql<{ id: string }[]>`
      select id from one_time_codes where user_id = ${user.id}`;
    expect(codes.map((row) => row.id)).toEqual([liveCode[0]!.id]);
    expect(codes.map((row) => row.id)).not.toContain(oldCode[0]!.id);
    expect(await t.services.accountsHousekeeping.run()).toBe(0);
  });
});
