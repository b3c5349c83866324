import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY_CHANNEL } from '../../src/modules/scheduling/tickets.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { openEventStream, type EventStreamClient } from '../helpers/sse.js';

// Two app instances on one database, spoken to over real HTTP: a call made through one reaches
// the screens connected to the other.
let first: TestApp;
let second: TestApp;
let urls: string[];
let admin: Session;
let patient: SignedUpPatient;
let professional: Awaited<ReturnType<typeof registerProfessional>>;
const PATIENT_NAME = 'Zuleica Quixabeira';

beforeAll(async () => {
  first = await createTestApp();
  second = await createTestApp({}, first);
  urls = [];
  for (const instance of [first, second]) {
    await instance.app.listen({ host: '127.0.0.1', port: 0 });
    urls.push(`http://127.0.0.1:${(instance.app.server.address() as AddressInfo).port}`);
  }
  admin = await first.login(await first.createUser('admin'));
  patient = await signUpPatient(first, { name: PATIENT_NAME });
  professional = await registerProfessional(first, admin, {
    name: 'Dr. Jefferson',
    specialty: 'Cardiologia',
    officeNumber: 'Sala 7',
  });
}, 60_000);
afterAll(async () => {
  await second?.close();
  await first?.close();
});

async function createToken(
  name = 'Waiting room',
): Promise<{ id: string; token: string; url: string; createdAt: string }> {
  const response = await first.app.inject({
    method: 'POST',
    url: '/api/v1/display/tokens',
    headers: bearer(admin),
    payload: { name },
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

let slot = 0;
/**
 * What the queue's call transition leaves behind, made by hand through the second instance: an
 * appointment with a ticket, its `called` history row, and the notification.
 */
async function call(
  ticket: number,
  {
    priority = 0,
    notifyNow = true,
    sql = second.database.sql as postgres.Sql | postgres.TransactionSql,
  } = {},
): Promise<number> {
  const startsAt = new Date(Date.UTC(2030, 0, 1) + slot++ * 3_600_000);
  const [appointment] = await sql<{ id: string }[]>`
    insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at, status,
                              ticket, ticket_day, priority, called_at)
    values (${patient.userId}, ${professional.userId}, ${startsAt.toISOString()},
            ${new Date(startsAt.getTime() + 1_800_000).toISOString()}, 'in_progress',
            ${ticket}, current_date, ${priority}, now())
    returning id`;
  const [history] = await sql<{ id: string }[]>`
    insert into appointment_history (appointment_id, action) values (${appointment!.id}, 'called')
    returning id`;
  if (notifyNow) await sql`select pg_notify(${DISPLAY_CHANNEL}, ${history!.id})`;
  return Number(history!.id);
}

interface Called {
  ticket: string;
  room: string | null;
  professional: { name: string; specialty: string };
  calledAt: string;
}

async function nextCall(stream: EventStreamClient, timeoutMs = 1000) {
  const event = await stream.next(timeoutMs);
  expect(event.event).toBe('called');
  return { id: Number(event.id), data: JSON.parse(event.data) as Called };
}

/** No further event arrives within a short while. */
async function expectQuiet(stream: EventStreamClient) {
  await expect(stream.next(300)).rejects.toThrow(/no event/);
}

describe('display tokens', () => {
  it('are created, listed without their secret and revoked by admins', async () => {
    const created = await createToken('Reception TV');
    expect(created).toMatchObject({
      id: expect.any(String),
      name: 'Reception TV',
      token: expect.stringMatching(/^[\w-]{40,}$/),
      createdAt: expect.any(String),
    });
    expect(created.url).toBe(`/api/v1/display/events?token=${created.token}`);

    const listed = await first.app.inject({
      url: '/api/v1/display/tokens',
      headers: bearer(admin),
    });
    expect(listed.statusCode).toBe(200);
    const item = listed.json().items.find((token: { id: string }) => token.id === created.id);
    expect(item).toEqual({
      id: created.id,
      name: 'Reception TV',
      createdAt: created.createdAt,
      revokedAt: null,
    });
    expect(listed.body).not.toContain(created.token);
    const [stored] = await first.database.sql<{ token_hash: string }[]>`
      select token_hash from display_tokens where id = ${created.id}`;
    expect(stored!.token_hash).not.toContain(created.token);

    const revoked = await first.app.inject({
      method: 'DELETE',
      url: `/api/v1/display/tokens/${created.id}`,
      headers: bearer(admin),
    });
    expect(revoked.statusCode).toBe(204);
    const after = await first.app.inject({ url: '/api/v1/display/tokens', headers: bearer(admin) });
    expect(
      after.json().items.find((token: { id: string }) => token.id === created.id).revokedAt,
    ).toEqual(expect.any(String));
    const unknown = await first.app.inject({
      method: 'DELETE',
      url: '/api/v1/display/tokens/00000000-0000-4000-8000-000000000000',
      headers: bearer(admin),
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('are for admins only', async () => {
    const { id } = await createToken();
    const requests = [
      { method: 'POST' as const, url: '/api/v1/display/tokens', payload: { name: 'TV' } },
      { method: 'GET' as const, url: '/api/v1/display/tokens' },
      { method: 'DELETE' as const, url: `/api/v1/display/tokens/${id}` },
    ];
    const outcomes: string[] = [];
    for (const request of requests) {
      for (const [who, session] of [
        ['anonymous', undefined],
        ['patient', patient.session],
        ['professional', professional.session],
      ] as const) {
        const response = await first.app.inject({
          ...request,
          headers: session ? bearer(session) : {},
        });
        outcomes.push(`${request.method} ${who}: ${response.statusCode}`);
      }
    }
    expect(outcomes).toEqual([
      'POST anonymous: 401',
      'POST patient: 403',
      'POST professional: 403',
      'GET anonymous: 401',
      'GET patient: 403',
      'GET professional: 403',
      'DELETE anonymous: 401',
      'DELETE patient: 403',
      'DELETE professional: 403',
    ]);
  });
});

describe('the display event stream', () => {
  it('refuses a missing, wrong or revoked token with a 401 before streaming', async () => {
    const { id, token } = await createToken();
    await first.app.inject({
      method: 'DELETE',
      url: `/api/v1/display/tokens/${id}`,
      headers: bearer(admin),
    });
    for (const [query, headers] of [
      ['', {}],
      ['?token=not-a-token', {}],
      ['', { authorization: 'Bearer not-a-token' }],
      [`?token=${token}`, {}],
      ['', { authorization: `Bearer ${token}` }],
      // A signed-in admin is no screen.
      ['', bearer(admin)],
    ] as const) {
      const response = await fetch(`${urls[0]}/api/v1/display/events${query}`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 401 });
    }
  });

  it('shows a call made on another instance within a second, without the patient', async () => {
    const { token } = await createToken();
    const stream = await openEventStream(`${urls[0]}/api/v1/display/events?token=${token}`);
    expect(stream.status).toBe(200);
    while (await stream.next(300).catch(() => undefined)); // the day so far

    const started = Date.now();
    const id = await call(3, { priority: 1 });
    const received = await nextCall(stream);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(received.id).toBe(id);
    expect(received.data).toEqual({
      ticket: 'P003',
      room: 'Sala 7',
      professional: { name: 'Dr. Jefferson', specialty: 'Cardiologia' },
      calledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/),
    });
    expect(stream.text()).not.toContain(PATIENT_NAME);
    expect(stream.text()).not.toContain(patient.registerNumber);
    expect(stream.text()).not.toContain(patient.userId);
    stream.close();
  });

  it('opens with the day’s last 10 calls, oldest first (token as a bearer)', async () => {
    for (let ticket = 20; ticket < 32; ticket++) await call(ticket, { notifyNow: false });
    const expected = (
      await first.database.sql<{ id: string }[]>`
        select id from appointment_history where action = 'called' order by id desc limit 10`
    )
      .map((row) => Number(row.id))
      .reverse();
    const { token } = await createToken();
    const stream = await openEventStream(`${urls[1]}/api/v1/display/events`, {
      authorization: `Bearer ${token}`,
    });
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push((await nextCall(stream)).id);
    expect(ids).toEqual(expected);
    await expectQuiet(stream);
    stream.close();
  });

  it('resumes after Last-Event-ID (or ?lastEventId=) with only the later calls', async () => {
    const { token } = await createToken();
    const seen = await call(40);
    const later = [await call(41), await call(42)];
    const url = `${urls[0]}/api/v1/display/events?token=${token}`;
    for (const stream of [
      await openEventStream(url, { 'last-event-id': String(seen) }),
      await openEventStream(`${url}&lastEventId=${seen}`),
    ]) {
      const first = await nextCall(stream);
      expect(first).toMatchObject({ id: later[0], data: { ticket: 'N041' } });
      expect((await nextCall(stream)).id).toBe(later[1]);
      await expectQuiet(stream);
      stream.close();
    }
  });

  it('sends every call once, in order, however the notifications bunch up', async () => {
    const { token } = await createToken();
    const stream = await openEventStream(`${urls[0]}/api/v1/display/events?token=${token}`);
    while (await stream.next(300).catch(() => undefined)); // the day so far

    // Five calls in one transaction, each notified (delivered together on commit), then the
    // same notifications again.
    const ids = await second.database.sql.begin(async (sql) => {
      const made: number[] = [];
      for (let ticket = 50; ticket < 55; ticket++) made.push(await call(ticket, { sql }));
      return made;
    });
    for (const id of ids) await second.database.sql`select pg_notify(${DISPLAY_CHANNEL}, ${id})`;
    const received: number[] = [];
    for (let i = 0; i < ids.length; i++) received.push((await nextCall(stream)).id);
    expect(received).toEqual(ids);
    await expectQuiet(stream);
    stream.close();
  });

  it('ends a token’s open streams on every instance when it is revoked', async () => {
    const { id, token } = await createToken();
    const other = await createToken();
    const revokedStream = await openEventStream(`${urls[0]}/api/v1/display/events?token=${token}`);
    const keptStream = await openEventStream(
      `${urls[0]}/api/v1/display/events?token=${other.token}`,
    );
    const response = await second.app.inject({
      method: 'DELETE',
      url: `/api/v1/display/tokens/${id}`,
      headers: bearer(admin),
    });
    expect(response.statusCode).toBe(204);
    await revokedStream.ended(1000);
    await expect(keptStream.ended(300)).rejects.toThrow(/no end/);
    keptStream.close();
  });

  it('lets the app close promptly with streams open', async () => {
    const third = await createTestApp({}, first);
    await third.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (third.app.server.address() as AddressInfo).port;
    const { token } = await createToken();
    await call(60, { notifyNow: false }); // something to show on connecting
    const streams = await Promise.all(
      [1, 2].map(() =>
        openEventStream(`http://127.0.0.1:${port}/api/v1/display/events?token=${token}`),
      ),
    );
    await streams[0]!.next();
    const started = Date.now();
    await third.close();
    expect(Date.now() - started).toBeLessThan(1000);
    for (const stream of streams) await stream.ended(1000);
  });
});
