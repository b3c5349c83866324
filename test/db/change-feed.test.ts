import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed, notify } from '../../src/db/change-feed.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

// Two pools on one database, as two app instances: one listens, the other notifies.
let testDatabase: TestDatabase;
let listening: Database;
let other: Database;
let feed: ChangeFeed;
let listenCalls = 0;
const warnings: unknown[] = [];

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  listening = openDatabase(testDatabase.connection, { poolSize: 2 });
  other = openDatabase(testDatabase.connection, { poolSize: 2 });
  // Counts the LISTENs the feed asks the driver for.
  const sql = new Proxy(listening.sql, {
    get(target, property, receiver) {
      if (property !== 'listen') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<postgres.Sql['listen']>) => {
        listenCalls += 1;
        return target.listen(...args);
      };
    },
  });
  feed = new ChangeFeed(sql, { warn: (...args: unknown[]) => warnings.push(args) });
});
afterAll(async () => {
  await feed?.close();
  await listening?.close();
  await other?.close();
  await testDatabase?.drop();
});

/** Collects a subscriber's payloads; `waitFor(n)` waits until there are n. */
function collector() {
  const payloads: string[] = [];
  let wake = () => {};
  return {
    payloads,
    handler: (payload: string) => {
      payloads.push(payload);
      wake();
    },
    async waitFor(count: number, timeoutMs = 1000) {
      const deadline = Date.now() + timeoutMs;
      while (payloads.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${payloads.length} of ${count} payloads`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 20);
        });
      }
      return payloads.slice(0, count);
    },
  };
}

const quietly = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('change feed', () => {
  it('delivers a notification sent from another instance once subscribe has resolved', async () => {
    const received = collector();
    const unsubscribe = await feed.subscribe('cd_test_basic', received.handler);
    await notify(other.db, 'cd_test_basic', 'hello');
    expect(await received.waitFor(1)).toEqual(['hello']);
    unsubscribe();
  });

  it('listens once per channel for all its subscribers, and fans out to each', async () => {
    const before = listenCalls;
    const a = collector();
    const b = collector();
    const [stopA, stopB] = await Promise.all([
      feed.subscribe('cd_test_shared', a.handler),
      feed.subscribe('cd_test_shared', b.handler),
    ]);
    expect(listenCalls - before).toBe(1);
    await notify(other.db, 'cd_test_shared', '1');
    await Promise.all([a.waitFor(1), b.waitFor(1)]);

    stopA();
    await notify(other.db, 'cd_test_shared', '2');
    expect(await b.waitFor(2)).toEqual(['1', '2']);
    await quietly();
    expect(a.payloads).toEqual(['1']);
    stopB();
  });

  it('keeps channels apart', async () => {
    const queue = collector();
    const display = collector();
    const stops = await Promise.all([
      feed.subscribe('cd_test_queue', queue.handler),
      feed.subscribe('cd_test_display', display.handler),
    ]);
    await notify(other.db, 'cd_test_display', '42');
    await display.waitFor(1);
    await quietly();
    expect(queue.payloads).toEqual([]);
    stops.forEach((stop) => stop());
  });

  it('delivers a notification made in a transaction on commit, and never on rollback', async () => {
    const received = collector();
    const unsubscribe = await feed.subscribe('cd_test_tx', received.handler);
    await other.db
      .transaction(async (tx) => {
        await notify(tx, 'cd_test_tx', 'rolled back');
        throw new Error('abort');
      })
      .catch(() => {});
    await other.db.transaction(async (tx) => {
      await notify(tx, 'cd_test_tx', 'committed');
      await quietly();
      expect(received.payloads).toEqual([]); // not before the commit
    });
    expect(await received.waitFor(1)).toEqual(['committed']);
    await quietly();
    expect(received.payloads).toEqual(['committed']);
    unsubscribe();
  });

  it('keeps delivering to the others when a subscriber throws', async () => {
    const received = collector();
    const stops = await Promise.all([
      feed.subscribe('cd_test_throw', () => {
        throw new Error('broken subscriber');
      }),
      feed.subscribe('cd_test_throw', received.handler),
    ]);
    await notify(other.db, 'cd_test_throw', 'still here');
    expect(await received.waitFor(1)).toEqual(['still here']);
    expect(warnings.length).toBeGreaterThan(0);
    stops.forEach((stop) => stop());
  });

  it('tells subscribers to catch up after the listening connection was lost', async () => {
    const received = collector();
    let resumed = 0;
    const unsubscribe = await feed.subscribe('cd_test_resume', received.handler, {
      onResume: () => (resumed += 1),
    });
    await other.sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query ilike 'listen%'`;
    const deadline = Date.now() + 5000;
    while (resumed === 0 && Date.now() < deadline) await quietly();
    expect(resumed).toBe(1);
    await notify(other.db, 'cd_test_resume', 'after the reconnection');
    expect(await received.waitFor(1)).toEqual(['after the reconnection']);
    unsubscribe();
  });

  it('stops delivering when closed, and refuses new subscribers', async () => {
    const own = new ChangeFeed(listening.sql, { warn: () => {} });
    const received = collector();
    await own.subscribe('cd_test_closed', received.handler);
    await own.close();
    await notify(other.db, 'cd_test_closed', 'nobody hears this');
    await quietly();
    expect(received.payloads).toEqual([]);
    await expect(own.subscribe('cd_test_closed', received.handler)).rejects.toThrow(/closed/);
  });
});
