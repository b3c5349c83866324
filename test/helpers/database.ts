import postgres from 'postgres';
import { inject } from 'vitest';
import type { PgConnectionOptions } from '../../src/db/connection-options.js';
import { randomToken } from '../../src/lib/crypto.js';

export interface TestDatabase {
  connection: PgConnectionOptions;
  drop(): Promise<void>;
}

/** A fresh database cloned from the run's migrated template: fast, and private to the caller. */
export async function createTestDatabase(): Promise<TestDatabase> {
  // Only the integration tier's global setup provides a server: say so, not "undefined".
  const server = inject('pgServer') as PgConnectionOptions | undefined;
  if (!server) {
    throw new Error(
      'no test PostgreSQL in this tier: a file that needs the database belongs to the ' +
        'integration tier, not the unit list in vitest.config.ts',
    );
  }
  const name = `${inject('pgPrefix')}_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const admin = postgres({ ...server, pass: server.password, max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${inject('pgTemplate')}"`);
  } finally {
    await admin.end();
  }
  return {
    connection: { ...server, database: name },
    drop: async () => {
      const sql = postgres({ ...server, pass: server.password, max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    },
  };
}
