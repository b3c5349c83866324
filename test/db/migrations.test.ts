import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
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
        'consultation_versions',
        'council_numbers',
        'display_tokens',
        'lab_report_files',
        'lab_reports',
        'notifications',
        'one_time_codes',
        'outbox',
        'patients',
        'prescriptions',
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

  it('keep the consultation notes written before the clinical records, as their first version', async () => {
    const database = `${name}_notes`;
    await admin.unsafe(`create database "${database}"`);
    const instance = openDatabase({ ...server, database }, { poolSize: 2 });
    // The migrations as they were before the records (up to 0009), in a folder of their own.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'clinicdesk-migrations-'));
    try {
      cpSync(migrationsFolder, folder, { recursive: true });
      const journalFile = path.join(folder, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
        entries: { tag: string }[];
      };
      const cut = journal.entries.findIndex((entry) => entry.tag === '0010_clinical_records');
      journal.entries = journal.entries.slice(0, cut);
      writeFileSync(journalFile, JSON.stringify(journal));
      await migrate(drizzle(instance.sql), { migrationsFolder: folder });

      const sql = instance.sql;
      const [patient] = await sql`insert into users (role, email, name, password_hash, language)
        values ('patient', 'p@example.com', 'Ana', 'x', 'pt-BR') returning id`;
      const [pro] = await sql`insert into users (role, email, name, password_hash, language)
        values ('professional', 'd@example.com', 'Dr. Caio', 'x', 'pt-BR') returning id`;
      await sql`insert into patients (user_id, register_number, birth_date, gender, post_code,
          house_number, state)
        values (${patient!.id}, 'ZxcVaS-2', '1990-01-01', 'female', '22240003', '120', 'RJ')`;
      await sql`insert into specialties (key, name) values ('clinica', 'Clínica Geral')`;
      await sql`insert into professionals (user_id, council_digits, council_number, specialty_key,
          post_code, house_number, state)
        values (${pro!.id}, '9876', '9876-RJ', 'clinica', '22240003', '1', 'RJ')`;
      const [appointment] = await sql`insert into appointments
          (patient_user_id, professional_user_id, starts_at, ends_at, status, forced)
        values (${patient!.id}, ${pro!.id}, '2026-11-30T11:00:00Z', '2026-11-30T11:30:00Z',
          'finished', true) returning id`;
      await sql`insert into consultation_notes (appointment_id, notes, written_by, written_at)
        values (${appointment!.id}, 'Dor lombar há 3 dias.', ${pro!.id}, '2026-11-30T11:25:00Z')`;

      await runMigrations(sql);
      const versions = await sql`select appointment_id, version, notes, diagnoses, written_by,
        extract(epoch from written_at)::int as written_at from consultation_versions`;
      expect(versions).toEqual([
        {
          appointment_id: appointment!.id,
          version: 1,
          notes: 'Dor lombar há 3 dias.',
          diagnoses: [],
          written_by: pro!.id,
          written_at: Date.parse('2026-11-30T11:25:00Z') / 1000,
        },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await instance.close();
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
    }
  });
});
