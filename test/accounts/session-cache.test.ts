import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions } from '../../src/db/schema/accounts.js';
import { SESSIONS_CHANNEL } from '../../src/modules/accounts/sessions.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';

// Two app instances on one database, as behind a load balancer: each keeps the sessions it
// has seen in memory, and must stop honouring one as soon as it ends anywhere.
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await createTestApp();
  b = await createTestApp({}, a);
  for (const instance of [a, b]) {
    // Resolves once the instance listens on the channel its session cache follows.
    await instance.services.changeFeed.subscribe(SESSIONS_CHANNEL, () => {});
  }
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const me = (instance: TestApp, session: Session) =>
  instance.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(session) });

async function signedInPatient(): Promise<{ id: string; session: Session }> {
  const user = await a.createUser('patient');
  return { id: user.id, session: await a.login(user) };
}

/** Makes the stored session unrecognisable without any notification: only memory still knows it. */
async function detachStoredToken(session: Session): Promise<void> {
  await a.database.sql`
    update sessions set token_hash = sha256(token_hash)
    where token_hash = sha256(convert_to(${session.token}, 'UTF8'))`;
}

const expectStatusSoon = (check: () => Promise<{ statusCode: number }>, status: number) =>
  vi.waitFor(async () => expect((await check()).statusCode).toBe(status), {
    timeout: 5_000,
    interval: 20,
  });

describe('sessions kept in memory', () => {
  it('answers a known session from memory, without reading the database again', async () => {
    const { session } = await signedInPatient();
    expect((await me(b, session)).statusCode).toBe(200);

    await detachStoredToken(session);

    expect((await me(b, session)).statusCode).toBe(200);
    // The instance that never saw it looks it up, and finds nothing.
    const other = await createTestApp({}, a);
    try {
      expect((await me(other, session)).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('keeps a session in memory of its own, not a slab of the shared buffer pool', async () => {
    const { id } = await signedInPatient();
    const [row] = await a.database.db
      .select({ csrfTokenHash: sessions.csrfTokenHash })
      .from(sessions)
      .where(eq(sessions.userId, id));
    // A pooled slice would sit in an 8 KiB ArrayBuffer, all of it kept alive by the cache.
    expect(row!.csrfTokenHash).toHaveLength(32);
    expect(row!.csrfTokenHash.buffer.byteLength).toBe(32);
  });

  it('stops a session signed out on another instance', async () => {
    const { session } = await signedInPatient();
    expect((await me(b, session)).statusCode).toBe(200);

    const logout = await a.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(session),
    });
    expect(logout.statusCode).toBe(204);

    await expectStatusSoon(() => me(b, session), 401);
  });

  it('stops a session signed out on the same instance at once', async () => {
    const { session } = await signedInPatient();
    expect((await me(a, session)).statusCode).toBe(200);

    await a.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(session) });

    expect((await me(a, session)).statusCode).toBe(401);
  });

  it('stops the sessions of a user deactivated at the SQL prompt', async () => {
    const { id, session } = await signedInPatient();
    for (const instance of [a, b]) expect((await me(instance, session)).statusCode).toBe(200);

    await a.database.sql`update users set active = false where id = ${id}`;

    for (const instance of [a, b]) await expectStatusSoon(() => me(instance, session), 401);
  });

  it('stops a session revoked at the SQL prompt', async () => {
    const { session } = await signedInPatient();
    expect((await me(b, session)).statusCode).toBe(200);

    await a.database.sql`
      update sessions set revoked_at = now()
      where token_hash = sha256(convert_to(${session.token}, 'UTF8'))`;

    await expectStatusSoon(() => me(b, session), 401);
  });

  it('checks a kept session against the database again after a minute, notification or not', async () => {
    const { session } = await signedInPatient();
    expect((await me(b, session)).statusCode).toBe(200);

    // Revoked with triggers off, as if the notification had been lost.
    await a.database.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`
        update sessions set revoked_at = now()
        where token_hash = sha256(convert_to(${session.token}, 'UTF8'))`;
    });
    b.clock.advance(30_000);
    expect((await me(b, session)).statusCode).toBe(200);

    b.clock.advance(31_000);
    expect((await me(b, session)).statusCode).toBe(401);
  });

  it('ends a kept session at its expiry', async () => {
    const { session } = await signedInPatient();
    expect((await me(b, session)).statusCode).toBe(200);

    b.clock.advance(b.config.sessions.ttlMinutes * 60_000 + 1_000);

    expect((await me(b, session)).statusCode).toBe(401);
  });
});
