import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { runMigrations } from '../../src/db/migrate.js';
import { archiveNow, connect, log, tempDir } from './helpers.js';

const dirs: string[] = [];
/** Newest first: stopping the adopting run's server leaves the crashed run's nothing to stop. */
const servers: EmbeddedPostgres[] = [];
afterAll(async () => {
  for (const server of servers.reverse()) await server.stop().catch(() => {});
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function start(dataDir: string, archiveDir?: string): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, log, durable: false, archiveDir });
  servers.push(server);
  return server;
}

/**
 * A run that dies without stopping its server (kill -9): the server lives on, detached, and the
 * owner lock goes with the run's connection, which the server drops when the process dies.
 */
async function crash(sql: postgres.Sql): Promise<void> {
  await sql`select pg_terminate_backend(pid) from pg_stat_activity
            where application_name = 'clinicdesk-owner'`;
  for (let tries = 0; tries < 100; tries++) {
    const held = await sql`select 1 from pg_locks where locktype = 'advisory' and granted`;
    if (!held.length) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the owner lock outlived its connection');
}

async function startedAt(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ at: string }[]>`select pg_postmaster_start_time()::text as at`;
  return row!.at;
}

async function archiveSettings(sql: postgres.Sql) {
  const [row] = await sql<{ mode: string; library: string; dir: string | null }[]>`
    select current_setting('archive_mode') as mode,
           current_setting('archive_library') as library,
           current_setting('basic_archive.archive_directory', true) as dir`;
  return row;
}

/** A fresh data folder's server, migrated, with a row written, left running by a crash. */
async function crashedRun(archiveDir?: string) {
  const base = await tempDir();
  dirs.push(base);
  const dataDir = path.join(base, 'data');
  const server = await start(dataDir, archiveDir && path.join(base, archiveDir));
  const database = openDatabase(server.connection, { poolSize: 2 });
  await runMigrations(database.sql);
  await database.close();
  const sql = connect(server);
  try {
    await sql`create table notes (note text not null)`;
    await sql`insert into notes values ('before the crash')`;
    const serverStartedAt = await startedAt(sql);
    await crash(sql);
    return { base, dataDir, serverStartedAt };
  } finally {
    await sql.end();
  }
}

describe('adopting a server left running by a crashed run', { timeout: 120_000 }, () => {
  it('restarts one that does not archive, so that it archives where configured', async () => {
    const { base, dataDir, serverStartedAt } = await crashedRun();
    const archiveDir = path.join(base, 'wal');

    const server = await start(dataDir, archiveDir);
    const sql = connect(server);
    try {
      expect(await startedAt(sql)).not.toBe(serverStartedAt);
      expect(await archiveSettings(sql)).toEqual({
        mode: 'on',
        library: 'basic_archive',
        dir: path.resolve(archiveDir),
      });
      expect(await sql`select note from notes`).toEqual([{ note: 'before the crash' }]);
      const segment = await archiveNow(sql);
      expect(existsSync(path.join(archiveDir, segment))).toBe(true);
    } finally {
      await sql.end();
    }
  });

  it('keeps one that already archives where configured, without a restart', async () => {
    const { base, dataDir, serverStartedAt } = await crashedRun('wal');

    const server = await start(dataDir, path.join(base, 'wal'));
    const sql = connect(server);
    try {
      expect(await startedAt(sql)).toBe(serverStartedAt);
      expect(await archiveSettings(sql)).toMatchObject({ mode: 'on', library: 'basic_archive' });
      expect(await sql`select note from notes`).toEqual([{ note: 'before the crash' }]);
    } finally {
      await sql.end();
    }
  });
});
