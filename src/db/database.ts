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
    connection: { application_name: options.applicationName ?? 'clinicdesk' },
    onnotice: () => {},
  };
  const sql =
    typeof target === 'string'
      ? postgres(target, settings)
      : postgres({ ...settings, ...target, pass: target.password });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
