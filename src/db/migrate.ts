import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type postgres from 'postgres';

/** Resolves to <repo>/src/db/migrations from both src/db (tsx, tests) and dist/db (built). */
export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../src/db/migrations',
);

const MIGRATION_LOCK = [0x436c696e, 0x4d6967] as const;

/**
 * Applies pending migrations. Instances starting together serialise on an advisory lock held on
 * one reserved connection (the migrations themselves run on the pool), so each migration runs
 * exactly once.
 */
export async function runMigrations(sql: postgres.Sql): Promise<void> {
  const connection = await sql.reserve();
  try {
    await connection`select pg_advisory_lock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
    } finally {
      await connection`select pg_advisory_unlock(${MIGRATION_LOCK[0]}, ${MIGRATION_LOCK[1]})`;
    }
  } finally {
    connection.release();
  }
}
