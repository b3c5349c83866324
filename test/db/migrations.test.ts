import { readdirSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrationsFolder, runMigrations } from '../../src/db/migrate.js';

const server = inject('pgServer');
const name = `${inject('pgPrefix')}_migrations`;
const admin = postgres({ ...server, pass: server.password, max: 1, onnotice: () => {} });
afterAll(async () => {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

describe('migrations', () => {
  it('apply once when several instances start together, and again is a no-op', async () => {
    await admin.unsafe(`create database "${name}"`);
    const instances = Array.from({ length: 3 }, () =>
      openDatabase({ ...server, database: name }, { poolSize: 2 }),
    );
    try {
      await Promise.all(instances.map((instance) => runMigrations(instance.sql)));
      await runMigrations(instances[0]!.sql);
      const files = readdirSync(migrationsFolder).filter((file) => file.endsWith('.sql'));
      const [applied] = await instances[0]!
        .sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied!.n).toBe(files.length);
      const tables = await instances[0]!.sql`
        select table_name from information_schema.tables where table_schema = 'public' order by 1`;
      expect(tables.map((t) => t.table_name)).toEqual([
        'appointment_history',
        'appointment_reminders',
        'appointments',
        'audit_log',
        'calendar_feeds',
        'consultation_notes',
        'council_numbers',
        'display_tokens',
        'notifications',
        'one_time_codes',
        'outbox',
        'patients',
        'professionals',
        'rate_limits',
        'sessions',
        'specialties',
        'time_off',
        'users',
        'working_hours',
      ]);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});
