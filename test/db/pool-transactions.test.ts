import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

// The app's pool as the app opens it, under more concurrent queries than connections: every
// transaction must get a connection of its own. (postgres.js with a small `max_pipeline` sends
// a `begin` behind another query on a busy connection, and transactions then fail or share it.)
let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = openDatabase(testDatabase.connection, { poolSize: 5 });
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

it('keeps each transaction on a connection of its own while plain queries crowd the pool', async () => {
  const { sql } = database;
  let running = true;
  let committed = 0;
  const failures: string[] = [];
  const plain = async () => {
    while (running) await sql`select 1`;
  };
  const transaction = async () => {
    while (running) {
      try {
        // Inside a transaction, its own backend's pid stays the same and nobody else's statement
        // runs there: the setting made at its start is still seen at its end.
        const same = await sql.begin(async (tx) => {
          const [first] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
          await tx`select set_config('clinicdesk.probe', ${String(first!.pid)}, true)`;
          await tx`select 1`;
          const [last] = await tx<{ pid: number; probe: string }[]>`
            select pg_backend_pid() as pid, current_setting('clinicdesk.probe') as probe`;
          return last!.pid === first!.pid && last!.probe === String(first!.pid);
        });
        if (same) committed += 1;
        else failures.push('a transaction moved to another connection');
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const stop = setTimeout(() => (running = false), 2_000);
  await Promise.all([
    ...Array.from({ length: 20 }, plain),
    ...Array.from({ length: 5 }, transaction),
  ]);
  clearTimeout(stop);
  expect(failures.slice(0, 3)).toEqual([]);
  expect(committed).toBeGreaterThan(50);
});
