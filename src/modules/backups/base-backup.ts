import fs from 'node:fs/promises';
import path from 'node:path';
import type postgres from 'postgres';
import { version } from '../../version.js';
import { copyTree } from './copy-tree.js';
import { backupId, backupLayout, type BaseBackupManifest } from './layout.js';

/**
 * What a base backup leaves out of the cluster folder, as PostgreSQL's "Making a Base Backup
 * Using the Low Level API" lists: WAL (restored from the archive instead), the running
 * server's pid and options, its logs, replication slots and folders emptied at every start.
 * The folders themselves stay, empty, since the server expects them.
 */
const EMPTIED = new Set([
  'pg_wal',
  'log',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
const LEFT_OUT = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'startup.log',
  'backup_label',
  'tablespace_map',
  'recovery.signal',
  'standby.signal',
]);

function skipped(relative: string): boolean {
  const [top, ...rest] = relative.split('/');
  // `.s.PGSQL.5432.lock` guards the running server's socket: a restored one makes its own.
  if (rest.length === 0) return LEFT_OUT.has(top!) || top!.startsWith('.s.PGSQL.');
  if (EMPTIED.has(top!)) return true;
  return path.basename(relative).startsWith('pgsql_tmp');
}

export interface BaseBackupSource {
  /** A superuser connection to the live server. */
  sql: postgres.Sql;
  /** DATA_DIR: the cluster is in `postgres/`, its superuser password in `postgres.password`. */
  dataDir: string;
  backupDir: string;
}

/**
 * Takes a base backup with PostgreSQL's low-level API (the embedded binaries have no
 * pg_basebackup): `pg_backup_start` and `pg_backup_stop` on one session, the cluster's files
 * copied in between. The copy is inconsistent by itself; the `backup_label` written from
 * `pg_backup_stop`, plus the WAL archived up to its stop point, make it whole on restore. It is
 * written to `<id>.partial` and renamed once complete, so a crash leaves nothing restorable.
 */
export async function takeBaseBackup(source: BaseBackupSource): Promise<BaseBackupManifest> {
  const layout = backupLayout(source.backupDir);
  const startedAt = new Date();
  const id = backupId(startedAt);
  const label = `clinicdesk-${id}`;
  const partial = path.join(layout.base, `${id}.partial`);
  const folder = path.join(layout.base, id);
  await fs.mkdir(layout.base, { recursive: true, mode: 0o700 });
  // A crash during an earlier backup left its `.partial` copy: never restorable, only in the way.
  for (const name of await fs.readdir(layout.base)) {
    if (name.endsWith('.partial')) await fs.rm(path.join(layout.base, name), { recursive: true });
  }
  const session = await source.sql.reserve();
  try {
    // The backup lasts as long as this session; a failure before the stop ends it with it.
    const [start] = await session<{ lsn: string; wal: string; pg: string }[]>`
      select lsn::text, pg_walfile_name(lsn) as wal, current_setting('server_version') as pg
      from pg_backup_start(${label}, fast => true) as lsn`;
    const copied = await copyTree(
      path.join(source.dataDir, 'postgres'),
      path.join(partial, 'postgres'),
      { skip: skipped },
    );
    await fs.mkdir(path.join(partial, 'postgres', 'pg_wal', 'archive_status'), {
      recursive: true,
      mode: 0o700,
    });
    // Waits for the WAL up to the stop point to be archived; a broken archive must not hang
    // the backup job for ever.
    await session`set statement_timeout = '10min'`;
    const [stop] = await session<
      { lsn: string; wal: string; labelfile: string; spcmapfile: string | null }[]
    >`select lsn::text, pg_walfile_name(lsn) as wal, labelfile, spcmapfile
      from pg_backup_stop(wait_for_archive => true)`;
    await session`reset statement_timeout`;
    await fs.writeFile(path.join(partial, 'postgres', 'backup_label'), stop!.labelfile);
    if (stop!.spcmapfile) {
      await fs.writeFile(path.join(partial, 'postgres', 'tablespace_map'), stop!.spcmapfile);
    }
    await fs.copyFile(
      path.join(source.dataDir, 'postgres.password'),
      path.join(partial, 'postgres.password'),
    );
    const manifest: BaseBackupManifest = {
      id,
      label,
      startedAt: startedAt.toISOString(),
      stoppedAt: new Date().toISOString(),
      startLsn: start!.lsn,
      startWal: start!.wal,
      stopLsn: stop!.lsn,
      stopWal: stop!.wal,
      appVersion: version,
      postgresVersion: start!.pg,
      fileCount: copied.files,
      bytes: copied.bytes,
    };
    await fs.writeFile(
      path.join(partial, 'manifest.json'),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    await fs.rename(partial, folder);
    return manifest;
  } catch (error) {
    // Ends a backup left started in this session (an error if there is none: ignored).
    await session`select pg_backup_stop(wait_for_archive => false)`.catch(() => {});
    await fs.rm(partial, { recursive: true, force: true });
    throw error;
  } finally {
    session.release();
  }
}
