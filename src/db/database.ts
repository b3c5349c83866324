import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { DatabaseTarget } from './connection-options.js';
import * as schema from './schema/index.js';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction, usable wherever the database is: services pass theirs down. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  /** The raw driver, for the few statements Drizzle cannot express. */
  sql: postgres.Sql;
  db: Db;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  poolSize?: number;
  applicationName?: string;
}

export function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Database {
  const settings = {
    max: options.poolSize ?? 10,
    idle_timeout: 60,
    connect_timeout: 10,
    connection: {
      application_name: options.applicationName ?? 'clinicdesk',
      // Statements are prepared (see `preparingEverything`) and look rows up by key, where a
      // plan made once fits every value. Left to choose, PostgreSQL kept re-planning the
      // appointment lists (five joins) on each call, which cost three times their execution.
      plan_cache_mode: 'force_generic_plan',
    },
    onnotice: () => {},
  };
  const sql =
    typeof target === 'string'
      ? postgres(target, settings)
      : postgres({ ...settings, ...target, pass: target.password });
  const db = drizzle(preparingEverything(sql), { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}

/**
 * The driver as Drizzle should see it: every statement prepared. Drizzle asks postgres.js for
 * unprepared statements unless a query is given a name, so PostgreSQL would plan each one
 * again on every request (for a five-table join, planning costs more than running it). Prepared
 * once per connection, a statement's plan is reused. Transactions get the same treatment.
 */
function preparingEverything(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: true,
          });
      }
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as unknown;
        if (typeof open !== 'function') return open;
        return (...args: unknown[]): unknown => {
          const work = args.pop() as (tx: postgres.Sql) => unknown;
          return (open as (...all: unknown[]) => unknown).call(
            target,
            ...args,
            (tx: postgres.Sql) => work(preparingEverything(tx)),
          );
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
