import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationRetention } from '../../src/modules/notifications/index.js';
import { bookAppointment, openSmallClinic, type SmallClinic } from '../helpers/scheduling.js';

// NOTIFICATION_RETENTION_DAYS at its default, 365: real bookings make the events and messages,
// then the clock moves past the limit for some of them and not for others.
let clinic: SmallClinic;
const DAY = 86_400_000;

beforeAll(async () => {
  clinic = await openSmallClinic();
});
afterAll(() => clinic?.t.close());

/** Every table's row count but the two the retention deletes from. */
async function otherTablesCounts() {
  const tables = await clinic.t.database.sql<{ name: string }[]>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not in ('notifications', 'outbox')
    order by tablename`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await clinic.t.database.sql<{ count: number }[]>`
      select count(*)::int as count from ${clinic.t.database.sql(name)}`;
    counts[name] = row!.count;
  }
  return counts;
}

async function eventIdsOf(appointmentId: string): Promise<number[]> {
  const rows = await clinic.t.database.sql<{ id: number }[]>`
    select id::int from outbox where payload->>'appointmentId' = ${appointmentId} order by id`;
  return rows.map((row) => row.id);
}

async function totals() {
  const [row] = await clinic.t.database.sql<{ messages: number; events: number }[]>`
    select (select count(*)::int from notifications) as messages,
           (select count(*)::int from outbox) as events`;
  return row!;
}

const messagesOf = async (eventIds: number[]) =>
  clinic.t.database.sql<{ id: string; status: string }[]>`
    select id, status::text from notifications where event_id = any(${eventIds}::bigint[])`;

describe('notification retention', () => {
  it('deletes closed messages and processed events past the limit, and nothing else', async () => {
    const { t, admin, ana, bia, pro } = clinic;
    // Monday 7 December 2026, 09:00 and 10:00 in São Paulo.
    const old = await bookAppointment(t, ana.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-07T12:00:00.000Z',
    });
    const stuck = await bookAppointment(t, admin, {
      patient: bia.registerNumber,
      professional: pro.councilNumber,
      startsAt: '2026-12-07T13:00:00.000Z',
    });
    // An event with no message left: only the outbox keeps it.
    const [lone] = await t.database.sql<{ id: number }[]>`
      insert into outbox (type, payload, created_at, processed_at)
      values ('test.lone', '{}', ${t.clock.now().toISOString()}, ${t.clock.now().toISOString()})
      returning id::int`;
    await t.services.notificationWorker.drain();
    // Two days later: a year from now, these will be 363 days old.
    t.clock.advance(2 * DAY);
    const recent = await bookAppointment(t, ana.session, {
      professional: pro.councilNumber,
      startsAt: '2026-12-09T12:00:00.000Z',
    });
    await t.services.notificationWorker.drain();
    const oldEvents = await eventIdsOf(old);
    const stuckEvents = await eventIdsOf(stuck);
    const recentEvents = await eventIdsOf(recent);
    expect(oldEvents).toHaveLength(1);
    expect((await messagesOf(oldEvents)).length).toBeGreaterThan(0);
    expect((await messagesOf(recentEvents)).length).toBeGreaterThan(0);
    // One of the second booking's messages is still being retried when the limit passes.
    const stuckMessages = await messagesOf(stuckEvents);
    expect(stuckMessages.every((message) => message.status !== 'queued')).toBe(true);
    await t.database.sql`
      update notifications set status = 'queued' where id = ${stuckMessages[0]!.id}`;
    // A pending event, never processed, from long ago.
    const [pending] = await t.database.sql<{ id: number }[]>`
      insert into outbox (type, payload, created_at)
      values ('test.pending', '{}', ${t.clock.now().toISOString()}) returning id::int`;
    t.clock.advance(365 * DAY);
    const before = await otherTablesCounts();
    expect(before.appointments).toBe(3);
    expect(before.audit_log).toBeGreaterThan(0);
    const totalsBefore = await totals();

    const deleted = await t.services.notificationRetention.run();

    const totalsAfter = await totals();
    expect(deleted).toEqual({
      messages: totalsBefore.messages - totalsAfter.messages,
      events: totalsBefore.events - totalsAfter.events,
    });
    // At least the first booking's messages and the second's closed ones; sign-up codes too.
    expect(deleted.messages).toBeGreaterThanOrEqual(stuckMessages.length + 1);
    expect(await messagesOf(oldEvents)).toEqual([]);
    expect(await messagesOf(stuckEvents)).toEqual([{ id: stuckMessages[0]!.id, status: 'queued' }]);
    expect((await messagesOf(recentEvents)).length).toBeGreaterThan(0);
    const events = await t.database.sql<{ id: number }[]>`select id::int from outbox order by id`;
    const kept = events.map((event) => event.id);
    expect(kept).toEqual(expect.arrayContaining([...stuckEvents, ...recentEvents, pending!.id]));
    expect(kept).not.toContain(oldEvents[0]);
    expect(kept).not.toContain(lone!.id);
    expect(await otherTablesCounts()).toEqual(before);
    // Nothing more to do until more time passes.
    expect(await t.services.notificationRetention.run()).toEqual({ messages: 0, events: 0 });
  });

  it('keeps everything with NOTIFICATION_RETENTION_DAYS=0', async () => {
    const { t } = clinic;
    const keepAll = new NotificationRetention(t.database.db, t.clock, 0);
    t.clock.advance(20 * 365 * DAY);
    const before = await totals();
    expect(before.messages).toBeGreaterThan(0);
    expect(await keepAll.run()).toEqual({ messages: 0, events: 0 });
    expect(await totals()).toEqual(before);
  });

  it('reports the size of the audit log, which it keeps for good', async () => {
    const { t } = clinic;
    await t.database.sql`analyze audit_log`;
    const [row] = await t.database.sql<{ count: number }[]>`
      select count(*)::int as count from audit_log`;
    expect(row!.count).toBeGreaterThan(0);
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    const value = (name: string) =>
      Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
    expect(value('clinicdesk_audit_log_entries')).toBe(row!.count);
    // At least the table's first page and its four indexes' first pages.
    expect(value('clinicdesk_audit_log_bytes')).toBeGreaterThanOrEqual(5 * 8192);
  });
});
