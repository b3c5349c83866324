import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from 'pino';
import { migrationsFolder } from '../../db/migrate.js';
import { randomToken } from '../../lib/crypto.js';
import { recoverInto } from './restore.js';

export interface VerifyRequest {
  /** A superuser connection to the live database (DATA_DIR's `clinicdesk`). */
  sql: postgres.Sql;
  backupDir: string;
  log: Logger;
  /** Where the scratch copy goes; a new folder under the system's temp folder by default. */
  scratchParent?: string;
  /** False in tests: the scratch copy needs no fsync either way. */
  durable?: boolean;
  /** How long to wait for the restore point's WAL to reach the archive. */
  archiveWaitMs?: number;
  /**
   * Verifies another copy than BACKUP_DIR's (the bucket's): called once the restore point is
   * archived, it fills the empty folder it is given with that copy and returns it.
   */
  fetchCopy?: (into: string) => Promise<string>;
}

export interface VerifyResult {
  baseBackup: string;
  restorePoint: string;
  tables: number;
  rows: number;
}

export class VerifyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VerifyError';
  }
}

type Counts = Record<string, number>;

/**
 * Proves the latest backup restores: marks an exact point in the live database (a named
 * restore point taken while every table is locked against writes, with each table's row count
 * at that point), waits for its WAL to reach the archive, restores the latest base backup to
 * that point in a scratch folder, and checks the copy: every migration applied, and every
 * table's row count equal. Throws a VerifyError saying what differs or why recovery failed.
 */
export async function verifyLatestBackup(request: VerifyRequest): Promise<VerifyResult> {
  const { live, restorePoint, wal } = await markRestorePoint(request.sql);
  await waitForArchive(request.sql, wal, request.archiveWaitMs ?? 120_000);
  const parent = request.scratchParent ?? os.tmpdir();
  const scratch = await fs.mkdtemp(path.join(parent, 'clinicdesk-verify-'));
  // Run as root, the server runs as "postgres", which passes through to its cluster by name.
  await fs.chmod(scratch, 0o711);
  try {
    const backupDir = request.fetchCopy
      ? await request.fetchCopy(path.join(scratch, 'copy')).catch((error: unknown) => {
          throw new VerifyError(
            `Backup verification failed: the copy could not be fetched: ${(error as Error).message}`,
            { cause: error },
          );
        })
      : request.backupDir;
    const { server, backup } = await recoverInto({
      backupDir,
      dataDir: path.join(scratch, 'data'),
      target: { name: restorePoint },
      log: request.log,
      durable: request.durable ?? false,
    }).catch((error: unknown) => {
      throw new VerifyError(`Backup verification failed: ${(error as Error).message}`, {
        cause: error,
      });
    });
    try {
      const sql = postgres({
        ...server.connection,
        pass: server.connection.password,
        max: 1,
        onnotice: () => {},
      });
      try {
        await checkMigrations(sql);
        const restored = await countRows(sql, Object.keys(live));
        const differences = Object.keys(live)
          .filter((table) => restored[table] !== live[table])
          .map(
            (table) => `${table}: ${live[table]} live, ${restored[table] ?? 'missing'} restored`,
          );
        if (differences.length) {
          throw new VerifyError(
            `Backup verification failed: the restored copy differs at the restore point:\n  ` +
              differences.join('\n  '),
          );
        }
      } finally {
        await sql.end({ timeout: 1 });
      }
      return {
        baseBackup: backup.manifest.id,
        restorePoint,
        tables: Object.keys(live).length,
        rows: Object.values(live).reduce((sum, count) => sum + count, 0),
      };
    } finally {
      await server.stop();
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * In one transaction: every table locked in SHARE mode (writers wait the milliseconds this
 * takes; readers go on), counted, and the restore point written while nothing can change.
 */
async function markRestorePoint(sql: postgres.Sql) {
  const restorePoint = `clinicdesk-verify-${new Date().toISOString()}-${randomToken(4)}`;
  const live = await sql.begin(async (tx) => {
    const tables = await userTables(tx);
    if (tables.length) await tx.unsafe(`lock table ${tables.join(', ')} in share mode`);
    const counts = await countRows(tx, tables);
    await tx`select pg_create_restore_point(${restorePoint})`;
    return counts;
  });
  // Closes the segment holding the point, so it is archived now rather than at archive_timeout.
  const [row] = await sql<{ wal: string }[]>`select pg_walfile_name(pg_switch_wal()) as wal`;
  return { live, restorePoint, wal: row!.wal };
}

async function waitForArchive(sql: postgres.Sql, wal: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await sql<
      { archived: string | null; failed: string | null; failedAt: string | null }[]
    >`select last_archived_wal as archived, last_failed_wal as failed,
             last_failed_time::text as "failedAt"
      from pg_stat_archiver`;
    // Names sort by WAL position (within a timeline; a later timeline's names sort after).
    if (row?.archived && row.archived.slice(0, 24) >= wal) return;
    if (Date.now() > deadline) {
      throw new VerifyError(
        `Backup verification failed: WAL segment ${wal} did not reach the archive in ` +
          `${Math.round(timeoutMs / 1000)} s` +
          (row?.failed ? ` (archiving ${row.failed} failed at ${row.failedAt})` : '') +
          '. Is archiving on (BACKUP_SCHEDULE not off) and BACKUP_DIR writable?',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The app's tables and drizzle's migrations table, as quoted `schema.table` names. */
async function userTables(sql: postgres.Sql | postgres.TransactionSql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema') order by 1`;
  return rows.map((row) => row.name);
}

async function countRows(
  sql: postgres.Sql | postgres.TransactionSql,
  tables: string[],
): Promise<Counts> {
  const counts: Counts = {};
  for (const table of tables) {
    const [row] = await sql.unsafe<{ count: string }[]>(`select count(*) as count from ${table}`);
    counts[table] = Number(row!.count);
  }
  return counts;
}

/** Every migration this version of the app has is applied in the restored copy. */
async function checkMigrations(sql: postgres.Sql): Promise<void> {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number; tag: string }[] };
  const rows = await sql<{ when: string }[]>`
    select created_at::text as when from drizzle.__drizzle_migrations`.catch(() => []);
  const applied = new Set(rows.map((row) => Number(row.when)));
  const missing = journal.entries.filter((entry) => !applied.has(entry.when));
  if (missing.length) {
    throw new VerifyError(
      'Backup verification failed: the restored copy lacks migrations ' +
        missing.map((entry) => entry.tag).join(', '),
    );
  }
}
