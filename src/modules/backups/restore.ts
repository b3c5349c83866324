import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from 'pino';
import type { PgConnectionOptions } from '../../db/connection-options.js';
import {
  handToServerUser,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '../../db/embedded-postgres.js';
import { archiveShortfall } from './archive-end.js';
import { chooseBaseBackup } from './choose-backup.js';
import { backupLayout, listBaseBackups, type BaseBackup } from './layout.js';
import { RestoreError } from './restore-error.js';
import { restoreCommand } from './wal-compression.js';

/** Where recovery stops: the latest archived change, a time, or a named restore point. */
export type RecoveryTarget = { latest: true } | { time: Date } | { name: string };

export interface RestoreRequest {
  backupDir: string;
  /** The new DATA_DIR: missing or empty. */
  dataDir: string;
  target: RecoveryTarget;
  log: Logger;
  /** False for throwaway copies (verification, tests): no fsync. */
  durable?: boolean;
}

/** Recovery should take seconds to minutes; past this something is wrong. */
const RECOVERY_TIMEOUT_MS = 30 * 60_000;

/**
 * Restores a base backup into a new data folder and replays the archived WAL up to the target,
 * then leaves the server stopped and the folder ready for `DATA_DIR=<folder> npm start`.
 */
export async function restoreBackup(request: RestoreRequest): Promise<BaseBackup> {
  const { server, backup } = await recoverInto(request);
  await server.stop();
  return backup;
}

/**
 * The restore, with the recovered server left running for the caller (the verification reads
 * it before stopping it). Throws a RestoreError, with PostgreSQL's own words, when recovery
 * ends before the target: a missing or corrupt WAL segment stops the replay there. For the
 * latest target PostgreSQL itself sees no target to miss, so the replay's end is checked
 * against the archive's.
 */
export async function recoverInto(
  request: RestoreRequest,
): Promise<{ server: EmbeddedPostgres; backup: BaseBackup }> {
  const dataDir = path.resolve(request.dataDir);
  await refuseUnlessEmpty(dataDir);
  const backup = await chooseFromBackupDir(request.backupDir, request.target);
  request.log.info(
    { baseBackup: backup.manifest.id, into: dataDir },
    'restoring a base backup, then replaying the archived WAL',
  );
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    return await restoreAndRecover(request, dataDir, backup);
  } catch (error) {
    // Nothing half-restored stays behind: the folder was empty, and is again (it may be a
    // mount point, so it stays itself).
    for (const entry of await fs.readdir(dataDir).catch(() => [] as string[])) {
      await fs.rm(path.join(dataDir, entry), { recursive: true, force: true });
    }
    throw error;
  }
}

async function restoreAndRecover(
  request: RestoreRequest,
  dataDir: string,
  backup: BaseBackup,
): Promise<{ server: EmbeddedPostgres; backup: BaseBackup }> {
  const layout = backupLayout(request.backupDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await fs.cp(path.join(backup.folder, 'postgres'), clusterDir, { recursive: true });
  await fs.chmod(clusterDir, 0o700); // PostgreSQL refuses a cluster others may read
  await fs.writeFile(path.join(clusterDir, 'recovery.signal'), '');
  await fs.copyFile(
    path.join(backup.folder, 'postgres.password'),
    path.join(dataDir, 'postgres.password'),
  );
  await fs.chmod(path.join(dataDir, 'postgres.password'), 0o600);
  await handToServerUser(clusterDir, request.log);
  await copyFilesInto(layout.files, path.join(dataDir, 'files'));

  let server: EmbeddedPostgres;
  try {
    server = await startEmbeddedPostgres({
      dataDir,
      log: request.log,
      durable: request.durable ?? true,
      // This start only: the next one is an ordinary start of the promoted cluster. It never
      // archives: the restored server must not write into the archive it reads from.
      extraSettings: recoverySettings(layout.wal, request.target),
      startAttempts: 1,
    });
  } catch (error) {
    throw new RestoreError(await recoveryFailure(clusterDir, request.target), { cause: error });
  }
  try {
    await waitForPromotion(server.connection, clusterDir, request.target);
    const promoted = await promotedWal(server.connection);
    await queueTimelineHistory(clusterDir, promoted.wal);
    if ('latest' in request.target) await refuseShortReplay(layout.wal, promoted);
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
  return { server, backup };
}

function recoverySettings(walDir: string, target: RecoveryTarget): Record<string, string> {
  const settings: Record<string, string> = {
    restore_command: restoreCommand(walDir),
    recovery_target_action: 'promote',
    // The newest timeline in the archive: after an earlier restore, its history continues there.
    recovery_target_timeline: 'latest',
  };
  if ('time' in target) {
    // PostgreSQL's own notation (it refuses ISO's "T…Z" here), in UTC.
    settings.recovery_target_time = target.time.toISOString().replace('T', ' ').replace('Z', '+00');
    // Commits at exactly the target time are kept.
    settings.recovery_target_inclusive = 'true';
  }
  if ('name' in target) settings.recovery_target_name = target.name;
  return settings;
}

async function chooseFromBackupDir(backupDir: string, target: RecoveryTarget) {
  return chooseBaseBackup(await listBaseBackups(backupDir), target, backupDir);
}

/** A restore goes into a new folder: never one in use, never over anything. */
export async function refuseUnlessEmpty(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))) {
    throw new RestoreError(
      `${dataDir} holds a PostgreSQL server (running, or not stopped cleanly): ` +
        'restore into a new, empty folder instead.',
    );
  }
  const entries = await fs.readdir(dataDir).catch(() => [] as string[]);
  if (entries.length) {
    throw new RestoreError(
      `${dataDir} is not empty: restore into a new, empty folder (nothing is overwritten).`,
    );
  }
}

async function copyFilesInto(from: string, to: string): Promise<void> {
  if (!existsSync(from)) return;
  await fs.cp(from, to, { recursive: true });
}

/** Polls until the server has left recovery; a server that stops meanwhile failed it. */
async function waitForPromotion(
  connection: PgConnectionOptions,
  clusterDir: string,
  target: RecoveryTarget,
) {
  const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
  for (;;) {
    const sql = postgres({
      ...connection,
      pass: connection.password,
      max: 1,
      connect_timeout: 5,
      onnotice: () => {},
    });
    try {
      const [row] = await sql<{ recovering: boolean }[]>`select pg_is_in_recovery() as recovering`;
      if (!row?.recovering) return;
    } catch (error) {
      // Give the server a moment to finish writing its last words to the log.
      await new Promise((resolve) => setTimeout(resolve, 300));
      throw new RestoreError(await recoveryFailure(clusterDir, target), { cause: error });
    } finally {
      await sql.end({ timeout: 1 });
    }
    if (Date.now() > deadline) throw new RestoreError('Recovery did not end within 30 minutes.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The file the promoted server writes WAL to (its new timeline's), and the segments' size. */
async function promotedWal(
  connection: PgConnectionOptions,
): Promise<{ wal: string; segmentBytes: number }> {
  const sql = postgres({ ...connection, pass: connection.password, max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ wal: string; segmentBytes: number }[]>`
      select pg_walfile_name(pg_current_wal_lsn()) as wal,
             (select setting::int from pg_settings where name = 'wal_segment_size')
               as "segmentBytes"`;
    return row!;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Recovery runs without archiving (the restored server must not write into the archive it
 * reads), so PostgreSQL does not queue the new timeline's history file when it promotes, and
 * nothing would later. Without it in the archive, a later restore to the latest state would not
 * know this timeline: it would follow the old one past the point this restore left it, onto
 * changes the clinic abandoned. Queued here, the server archives it on its first start with
 * archiving on (`DATA_DIR=<folder> npm start`); a scratch copy is deleted unstarted.
 */
async function queueTimelineHistory(clusterDir: string, currentWal: string): Promise<void> {
  const history = `${currentWal.slice(0, 8)}.history`;
  if (!existsSync(path.join(clusterDir, 'pg_wal', history))) return;
  const statusDir = path.join(clusterDir, 'pg_wal', 'archive_status');
  const ready = path.join(statusDir, `${history}.ready`);
  await fs.writeFile(ready, '', { mode: 0o600 });
  // The server's OS user renames it to `.done` once archived.
  const owner = await fs.stat(statusDir);
  if (process.getuid?.() === 0) await fs.chown(ready, owner.uid, owner.gid);
}

/** Refuses a latest restore whose replay stopped short of the archive's last segment. */
async function refuseShortReplay(
  walDir: string,
  { wal, segmentBytes }: { wal: string; segmentBytes: number },
): Promise<void> {
  const shortfall = await archiveShortfall(walDir, wal, segmentBytes);
  if (!shortfall) return;
  throw new RestoreError(
    `Recovery ended early: the replay stopped at WAL position ${shortfall.reachedSegment.slice(8)} ` +
      `but the archive in ${walDir} reaches ${shortfall.archiveEnd}: the segment there or a ` +
      'later one is missing or damaged, and every change after it would be lost. ' +
      (shortfall.firstMissing
        ? `The first missing segment is ${shortfall.firstMissing}: put it back (from another ` +
          'copy of the archive) and restore again, or restore to a time before it.'
        : `No segment is missing there: the one at ${shortfall.reachedSegment.slice(8)} or the ` +
          'next is damaged; restore from another copy of the archive, or to a time before it.'),
  );
}

/** PostgreSQL's FATAL and PANIC lines from the recovery's log, the reason the restore failed. */
async function recoveryFailure(clusterDir: string, target: RecoveryTarget): Promise<string> {
  const logDir = path.join(clusterDir, 'log');
  const names = await fs.readdir(logDir).catch(() => [] as string[]);
  const lines: string[] = [];
  for (const name of names) {
    const text = await fs.readFile(path.join(logDir, name), 'utf8').catch(() => '');
    lines.push(...text.split('\n'));
  }
  const startup = await fs.readFile(path.join(clusterDir, 'startup.log'), 'utf8').catch(() => '');
  lines.push(...startup.split('\n'));
  // Where and why the replay stopped (a bad record in a damaged segment), then the verdict.
  const fatal = lines.filter((line) =>
    /FATAL|PANIC|invalid record|incorrect|checksum|could not (open|read)|redo done/.test(line),
  );
  const shown = fatal.length ? fatal : lines.filter(Boolean).slice(-10);
  return (
    'Recovery failed: the backup could not be restored to the requested point ' +
    '(a missing or damaged WAL segment, or a target outside the archive). PostgreSQL said:\n' +
    shown.map((line) => `  ${line}`).join('\n') +
    // PostgreSQL stops a time target at the first commit after it: with none yet, it fails.
    ('time' in target && fatal.some((line) => line.includes('recovery ended before'))
      ? `\nIf nothing changed in the clinic after ${target.time.toISOString()}, the latest ` +
        'state is the state at that time: restore with --to latest.'
      : '')
  );
}
