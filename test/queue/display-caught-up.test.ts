import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY_CHANNEL } from '../../src/modules/scheduling/tickets.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { openEventStream, type EventStreamClient } from '../helpers/sse.js';

// A screen asks for `caught-up` to tell the calls made before it connected (shown, not
// announced) from the new ones.
let t: TestApp;
let url: string;
let admin: Session;
let patient: SignedUpPatient;
let professional: Awaited<ReturnType<typeof registerProfessional>>;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/display/events`;
  admin = await t.login(await t.createUser('admin'));
  patient = await signUpPatient(t, { name: 'Zuleica Quixabeira' });
  professional = await registerProfessional(t, admin, { officeNumber: '3' });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/display/tokens',
    headers: bearer(admin),
    payload: { name: 'Recepção' },
  });
  expect(created.statusCode).toBe(201);
  token = created.json<{ token: string }>().token;
}, 60_000);
afterAll(() => t?.close());

let slot = 0;
/** A call as the queue's transition leaves it (appointment with a ticket, history, notify). */
async function call(ticket: number): Promise<number> {
  const sql = t.database.sql;
  const startsAt = new Date(Date.UTC(2031, 0, 1) + slot++ * 3_600_000);
  const [appointment] = await sql<{ id: string }[]>`
    insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at, status,
                              ticket, ticket_day, priority, called_at)
    values (${patient.userId}, ${professional.userId}, ${startsAt.toISOString()},
            ${new Date(startsAt.getTime() + 1_800_000).toISOString()}, 'in_progress',
            ${ticket}, current_date, 0, now())
    returning id`;
  const [history] = await sql<{ id: string }[]>`
    insert into appointment_history (appointment_id, action) values (${appointment!.id}, 'called')
    returning id`;
  await sql`select pg_notify(${DISPLAY_CHANNEL}, ${history!.id})`;
  return Number(history!.id);
}

async function events(stream: EventStreamClient, count: number) {
  const received: { event: string; id: string | undefined; data: string }[] = [];
  for (let i = 0; i < count; i++) received.push(await stream.next(1000));
  return received.map(({ event, id, data }) => ({ event, id, data: JSON.parse(data) as unknown }));
}

describe('a display stream with ?caughtUp=true', () => {
  it('sends caught-up once, after the calls made before connecting', async () => {
    const before = [await call(1), await call(2)];
    const stream = await openEventStream(`${url}?token=${token}&caughtUp=true`);
    expect(stream.status).toBe(200);
    const opening = await events(stream, 3);
    // An event without an id keeps the last one (as an EventSource does).
    expect(opening.map((event) => [event.event, event.id])).toEqual([
      ['called', String(before[0])],
      ['called', String(before[1])],
      ['caught-up', String(before[1])],
    ]);
    expect(opening[2]!.data).toBeNull();

    const later = await call(3);
    const [next] = await events(stream, 1);
    expect(next).toMatchObject({ event: 'called', id: String(later), data: { ticket: 'N003' } });
    // Only once: more calls come without another caught-up.
    await call(4);
    expect((await events(stream, 1))[0]!.event).toBe('called');
    stream.close();
  });

  it('sends caught-up after the missed calls when resuming, and at once when none were', async () => {
    const seen = await call(5);
    const missed = await call(6);
    const resumed = await openEventStream(
      `${url}?token=${token}&caughtUp=true&lastEventId=${seen}`,
    );
    expect((await events(resumed, 2)).map((event) => [event.event, event.id])).toEqual([
      ['called', String(missed)],
      ['caught-up', String(missed)],
    ]);
    resumed.close();
    const upToDate = await openEventStream(`${url}?token=${token}&caughtUp=true`, {
      'last-event-id': String(missed),
    });
    expect((await events(upToDate, 1))[0]!.event).toBe('caught-up');
    upToDate.close();
  });

  it('sends no caught-up without the flag', async () => {
    const stream = await openEventStream(`${url}?token=${token}`);
    const seen: string[] = [];
    for (;;) {
      const event = await stream.next(300).catch(() => undefined);
      if (!event) break;
      seen.push(event.event);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((event) => event === 'called')).toBe(true);
    stream.close();
  });
});
