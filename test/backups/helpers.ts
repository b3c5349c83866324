import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { runMigrations } from '../../src/db/migrate.js';

export const log = pino({ level: 'silent' });

/** A private folder the server's OS user (postgres, when run as root) may pass through. */
export async function tempDir(): Promise<string> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'cd-bk-'));
  await fs.chmod(base, 0o711);
  return base;
}

/** An embedded cluster archiving its WAL to `backupDir/wal`, migrated. */
export async function archivingCluster(
  dataDir: string,
  backupDir: string,
): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({
    dataDir,
    log,
    durable: false,
    archiveDir: path.join(backupDir, 'wal'),
  });
  const database = openDatabase(server.connection, { poolSize: 2 });
  await runMigrations(database.sql);
  await database.close();
  return server;
}

export function connect(server: EmbeddedPostgres): postgres.Sql {
  return postgres({
    ...server.connection,
    pass: server.connection.password,
    max: 2,
    onnotice: () => {},
  });
}

/** Closes the current WAL segment and waits until the archive has it. */
export async function archiveNow(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ wal: string }[]>`select pg_walfile_name(pg_switch_wal()) as wal`;
  for (let tries = 0; tries < 200; tries++) {
    const [archiver] = await sql<{ wal: string | null }[]>`
      select last_archived_wal as wal from pg_stat_archiver`;
    if (archiver?.wal && archiver.wal >= row!.wal) return row!.wal;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`WAL segment ${row!.wal} was not archived`);
}

/**
 * A scratch folder (added to `dirs`, for the test file to remove) with an archiving cluster in
 * `data/` and its backups in `backups/`.
 */
export async function scratchCluster(dirs: string[]) {
  const base = await tempDir();
  dirs.push(base);
  const dataDir = path.join(base, 'data');
  const backupDir = path.join(base, 'backups');
  const server = await archivingCluster(dataDir, backupDir);
  return { base, dataDir, backupDir, server, sql: connect(server) };
}

/** Starts the stopped (e.g. restored) data folder's server, reads it, and stops it again. */
export async function readStoppedCluster<T>(
  dataDir: string,
  read: (sql: postgres.Sql) => Promise<T>,
): Promise<T> {
  const server = await startEmbeddedPostgres({ dataDir, log, durable: false });
  const sql = connect(server);
  try {
    return await read(sql);
  } finally {
    await sql.end();
    await server.stop();
  }
}
