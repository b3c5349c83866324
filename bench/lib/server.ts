import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type postgres from 'postgres';
import { buildApp } from '../../src/app.js';
import { configVariableNames, loadConfig } from '../../src/config.js';
import type { PgConnectionOptions } from '../../src/db/connection-options.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { runMigrations } from '../../src/db/migrate.js';
import { systemClock } from '../../src/lib/clock.js';
import { freeLoopbackPort } from '../../src/lib/free-port.js';
import { createLogger } from '../../src/lib/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { superviseChild } from './child.js';

const execFileAsync = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug';

export interface BenchDatabaseOptions {
  /** Connections in the pool of the process that opens it; 10 is the app's own default. */
  poolSize?: number;
  /**
   * fsync and synchronous commit as in production. Off by default: a throwaway cluster does not
   * need them and seeds much faster, but then commits (the audit log's) cost almost nothing.
   */
  durable?: boolean;
  logLevel?: LogLevel;
  /**
   * Libraries for `shared_preload_libraries` (e.g. `pg_stat_statements`, `auto_explain`). They
   * load only at server start, so the fresh server is restarted once with them (about a second).
   */
  preloadLibraries?: string[];
}

/** A throwaway, migrated PostgreSQL, and a pool on it. */
export interface BenchDatabase {
  database: Database;
  /** Where the server is: `host` is a Unix socket folder or a loopback address. */
  connection: PgConnectionOptions;
  /** The temporary folder holding everything (the cluster is in `postgres/` below it). */
  dataDir: string;
  clusterDir: string;
  /** The embedded server's PostgreSQL version, e.g. `17.6`. */
  postgresVersion: string;
  durable: boolean;
  /** CPU seconds used so far by the PostgreSQL server's processes (Linux only; NaN elsewhere). */
  postgresCpuSeconds(): Promise<number>;
  /** Adds a step to run when closing, before the steps added earlier. */
  onClose(step: () => unknown): void;
  /** Stops everything added with onClose, then PostgreSQL, and removes the folder. Idempotent. */
  close(): Promise<void>;
}

export type BenchServerOptions = BenchDatabaseOptions;

export interface BenchServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  baseUrl: string;
  app: FastifyInstance;
  database: Database;
  services: Services;
  /** The embedded server's PostgreSQL version, e.g. `17.6`. */
  postgresVersion: string;
  /**
   * CPU time used so far, in seconds: by this process (the app, and any load generator running
   * in it), by the PostgreSQL server's processes, and by the whole machine, whatever runs on it
   * (Linux only; NaN elsewhere). The machine's minus the first two is other programs' share.
   */
  cpuSeconds(): Promise<{ process: number; postgres: number; machine: number }>;
  /** Adds a step to run first when closing (say, stopping a load generator). */
  onClose(step: () => unknown): void;
  /** Closes the app and the database, stops PostgreSQL and removes its folder. Idempotent. */
  close(): Promise<void>;
}

/**
 * Cleanup steps run last-in first-out, once, on close or on Ctrl-C / SIGTERM (a second Ctrl-C
 * exits at once). A start-up step in flight is let finish first, so what it starts is stopped.
 */
class Lifecycle {
  private readonly steps: (() => unknown)[] = [];
  private closing: Promise<void> | undefined;
  private starting: Promise<unknown> = Promise.resolve();
  private interrupted = false;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.interrupted) process.exit(130);
    this.interrupted = true;
    process.stderr.write(`\n${signal}: cleaning up (press Ctrl-C again to quit at once)…\n`);
    void this.starting
      .catch(() => {})
      .then(() => this.close())
      .catch((error: unknown) => process.stderr.write(`${String(error)}\n`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Tracks a start-up step, so that an interruption waits for it before cleaning up. */
  step<T>(promise: Promise<T>): Promise<T> {
    this.starting = promise;
    return promise;
  }

  push(step: () => unknown): void {
    this.steps.push(step);
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      // Last started, first stopped; one failing step does not keep the others from running.
      const failures: unknown[] = [];
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        try {
          await step();
        } catch (error) {
          failures.push(error);
        }
      }
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
      if (failures.length) throw new AggregateError(failures, 'Could not clean up the bench');
    })());
  }
}

/**
 * A throwaway PostgreSQL for benchmarks: an embedded server in a temporary folder, migrated, with
 * a pool on it. Ctrl-C (or SIGTERM) at any point cleans everything up before exiting.
 */
export async function startBenchDatabase(
  options: BenchDatabaseOptions = {},
): Promise<BenchDatabase> {
  const lifecycle = new Lifecycle();
  try {
    return await openBenchDatabase(lifecycle, options);
  } catch (error) {
    await lifecycle.close().catch(() => {});
    throw error;
  }
}

async function openBenchDatabase(
  lifecycle: Lifecycle,
  options: BenchDatabaseOptions,
): Promise<BenchDatabase> {
  const poolSize = options.poolSize ?? 10;
  const durable = options.durable ?? false;
  const logger = createLogger(options.logLevel ?? 'warn');

  const dataDir = await lifecycle.step(fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-bench-')));
  lifecycle.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  // Run as root, PostgreSQL runs as the OS user "postgres", which must pass through this folder.
  await fs.chmod(dataDir, 0o711);
  const clusterDir = path.join(dataDir, 'postgres');

  let embedded: EmbeddedPostgres | undefined;
  const start = async () => {
    embedded = await lifecycle.step(startEmbeddedPostgres({ dataDir, log: logger, durable }));
  };
  lifecycle.push(() => embedded?.stop());
  await start();
  if (options.preloadLibraries?.length) {
    const admin = openDatabase(embedded!.connection, { poolSize: 1 });
    try {
      await admin.sql.unsafe(
        `alter system set shared_preload_libraries = ${options.preloadLibraries.map((name) => `'${name}'`).join(', ')}`,
      );
    } finally {
      await admin.close();
    }
    await lifecycle.step(embedded!.stop());
    embedded = undefined;
    await start();
  }
  const connection = embedded!.connection;

  const database = openDatabase(connection, { poolSize, applicationName: 'clinicdesk-bench' });
  lifecycle.push(() => database.close());
  await lifecycle.step(runMigrations(database.sql));
  const [versionRow] = await lifecycle.step(
    database.sql<{ version: string }[]>`select current_setting('server_version') as version`,
  );
  const postmasterPid = Number(
    (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
  );

  return {
    database,
    connection,
    dataDir,
    clusterDir,
    postgresVersion: versionRow?.version ?? 'unknown',
    durable,
    postgresCpuSeconds: () => processTreeCpuSeconds(postmasterPid),
    onClose: (step) => lifecycle.push(step),
    close: () => lifecycle.close(),
  };
}

/**
 * A throwaway ClinicDesk for benchmarks: an embedded PostgreSQL in a temporary folder, migrated,
 * and the real app on a free loopback port, all in this process. Ctrl-C (or SIGTERM) at any
 * point cleans everything up before exiting; a second Ctrl-C exits at once.
 */
export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const poolSize = options.poolSize ?? 10;
  const logLevel = options.logLevel ?? 'warn';
  const lifecycle = new Lifecycle();
  try {
    const bench = await openBenchDatabase(lifecycle, options);
    const { database, dataDir } = bench;
    const logger = createLogger(logLevel);
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: logLevel,
      DATA_DIR: dataDir,
      DATABASE_POOL_SIZE: String(poolSize),
      COOKIE_SECURE: 'false',
      // Every request of a benchmark comes from 127.0.0.1.
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    });
    const services = createServices(config, database, systemClock, logger);
    const app = await lifecycle.step(buildApp({ config, database, logger, services }));
    lifecycle.push(() => app.close());
    await lifecycle.step(app.listen({ host: '127.0.0.1', port: 0 }));
    const { port } = app.server.address() as AddressInfo;

    return {
      baseUrl: `http://127.0.0.1:${port}`,
      app,
      database,
      services,
      postgresVersion: bench.postgresVersion,
      cpuSeconds: async () => {
        const usage = process.cpuUsage();
        return {
          process: (usage.user + usage.system) / 1e6,
          postgres: await bench.postgresCpuSeconds(),
          machine: await machineCpuSeconds(),
        };
      },
      onClose: (extra) => lifecycle.push(extra),
      close: () => lifecycle.close(),
    };
  } catch (error) {
    await lifecycle.close().catch(() => {});
    throw error;
  }
}

export interface AppProcessOptions {
  /**
   * `dist`: `npm run build`, then node with `npm start`'s options on `dist/server.js`, as `npm start`
   * does; `tsx`: `node --import tsx src/server.ts`, no build.
   */
  run?: 'dist' | 'tsx';
  /** The app's database pool (DATABASE_POOL_SIZE); 10, the app's default. */
  poolSize?: number;
  logLevel?: LogLevel;
  /** More environment for the app (CLINIC_TIMEZONE, BOOKING_HORIZON_DAYS…). */
  env?: Record<string, string>;
  /** More options for node, before the script (e.g. `--cpu-prof`). */
  nodeOptions?: string[];
}

/** The real app in a process of its own, as production runs it, on a bench database. */
export interface AppProcess {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  baseUrl: string;
  pid: number;
  /** The command that runs it. */
  command: string;
  /** The environment it was given (the database password masked). */
  env: Record<string, string>;
  /** CPU seconds the app's process has used so far, all its threads (Linux only; NaN elsewhere). */
  cpuSeconds(): Promise<number>;
  /** Resident memory now, MiB, of the app's process and its web processes (Linux only). */
  rssMiB(): Promise<number>;
  /** What it printed to stdout and stderr (the last 64 KiB). */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL after 15 s). Idempotent; also run when the bench closes. */
  stop(): Promise<unknown>;
}

/**
 * The environment of an app or worker process on the bench's database: only what is given here
 * configures it (none of the app's variables come from this process's environment). On a
 * Unix-socket server, DATABASE_URL names only the database and PGHOST… say where (postgres.js
 * reads them), as test/notifications/workers.test.ts does. `shown` is the same with passwords
 * masked, for the results.
 */
export function appEnvironment(
  bench: BenchDatabase,
  env: Record<string, string>,
): { child: NodeJS.ProcessEnv; shown: Record<string, string> } {
  const { connection } = bench;
  const socket = connection.host.startsWith('/');
  const appEnv: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: socket
      ? `postgres:///${connection.database}`
      : `postgres://${encodeURIComponent(connection.user)}:${encodeURIComponent(
          connection.password ?? '',
        )}@${connection.host}:${connection.port}/${connection.database}`,
    ...env,
  };
  const child: NodeJS.ProcessEnv = { ...process.env };
  for (const name of configVariableNames) delete child[name];
  for (const name of ['PGHOST', 'PGPORT', 'PGUSER', 'PGUSERNAME', 'PGPASSWORD', 'PGDATABASE']) {
    delete child[name];
  }
  Object.assign(child, appEnv);
  if (socket) {
    Object.assign(child, {
      PGHOST: connection.host,
      PGPORT: String(connection.port),
      PGUSER: connection.user,
      PGPASSWORD: connection.password ?? '',
    });
  }
  const shown = { ...appEnv };
  shown.DATABASE_URL = shown.DATABASE_URL!.replace(/:[^:@/]*@/, ':***@');
  if (shown.SMTP_URL) shown.SMTP_URL = shown.SMTP_URL.replace(/:[^:@/]*@/, ':***@');
  return { child, shown };
}

/**
 * Starts the app as a child process with DATABASE_URL pointing at the bench database, on a free
 * loopback port, and waits until `/health` answers 200. Only the variables given here (and
 * the defaults of src/config.ts) configure it: none of the app's variables are inherited from
 * this process's environment. The bench's `close()` stops it before PostgreSQL.
 */
export async function startAppProcess(
  bench: BenchDatabase,
  options: AppProcessOptions = {},
): Promise<AppProcess> {
  const run = options.run ?? 'dist';
  if (run === 'dist') {
    await execFileAsync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT }).catch(
      (error: { stdout?: string; stderr?: string }) => {
        // tsc still writes dist/ on type errors; a missing server.js is what stops us.
        if (!existsSync(path.join(REPO_ROOT, 'dist', 'server.js'))) throw error;
        process.stderr.write(
          `warning: npm run build reported errors:\n${error.stdout ?? ''}${error.stderr ?? ''}\n`,
        );
      },
    );
  }
  const port = await freeLoopbackPort();
  const { child: childEnv, shown: shownEnv } = appEnvironment(bench, {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: path.join(bench.dataDir, 'app'),
    DATABASE_POOL_SIZE: String(options.poolSize ?? 10),
    LOG_LEVEL: options.logLevel ?? 'warn',
    COOKIE_SECURE: 'false',
    // Every request of a benchmark comes from 127.0.0.1.
    LOGIN_MAX_FAILURES_PER_IP: '100000',
    ...options.env,
  });
  const args = [
    ...(options.nodeOptions ?? []),
    ...(run === 'dist'
      ? [...npmStartNodeOptions(), 'dist/server.js']
      : ['--import', 'tsx', 'src/server.ts']),
  ];
  // Its own process group: Ctrl-C reaches the bench, which stops the load, then the app, then
  // PostgreSQL, in that order.
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const { output, exitCode, stop } = superviseChild(child, 'The app');
  bench.onClose(stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode() !== undefined) {
      throw new Error(`The app exited (code ${exitCode()}) before answering:\n${output()}`);
    }
    const healthy = await fetch(`${baseUrl}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The app did not answer /health within 60 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    baseUrl,
    pid: child.pid!,
    command: `node ${args.join(' ')}`,
    env: shownEnv,
    // The app's web processes (WEB_PROCESSES) are its children.
    cpuSeconds: () => processTreeCpuSeconds(child.pid!),
    rssMiB: () => processTreeRssMiB(child.pid!),
    output,
    stop,
  };
}

/**
 * The node options of package.json's `start` script (`node <options> dist/server.js`): the app
 * is measured as `npm start` runs it, heap limits included.
 */
function npmStartNodeOptions(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const match = /^node((?:\s+--\S+)*)\s+dist\/server\.js$/.exec(manifest.scripts.start ?? '');
  if (!match) throw new Error(`package.json's start script is not "node <options> dist/server.js"`);
  return match[1]!.trim().split(/\s+/).filter(Boolean);
}

/** CPU seconds of one process, all its threads (Linux only; NaN elsewhere). */
export async function processCpuSeconds(pid: number): Promise<number> {
  if (process.platform !== 'linux') return NaN;
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return NaN;
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return ((fields[11] ?? 0) + (fields[12] ?? 0)) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU seconds of a process and its children (PostgreSQL's backends, the app's web processes),
 * from /proc, including the children that have already exited: short-lived parallel query
 * workers count too.
 */
async function processTreeCpuSeconds(rootPid: number): Promise<number> {
  if (process.platform !== 'linux') return NaN;
  let ticks = 0;
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid … utime stime cutime cstime": fields 4 and 14 to 17.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const pid = Number(entry);
    if (pid === rootPid) {
      // The postmaster's own time, and that of the children it has reaped.
      ticks += (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    } else if (fields[1] === rootPid) {
      ticks += (fields[11] ?? 0) + (fields[12] ?? 0);
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Resident memory (VmRSS) of a process and its direct children, MiB (Linux only; NaN elsewhere). */
async function processTreeRssMiB(rootPid: number): Promise<number> {
  if (process.platform !== 'linux') return NaN;
  let kib = 0;
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await fs.readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    if (Number(entry) !== rootPid && parent !== rootPid) continue;
    kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return Math.round((kib / 1024) * 10) / 10;
}

/** Busy CPU seconds of all CPUs since boot (everything but idle and I/O wait), from /proc/stat. */
export async function machineCpuSeconds(): Promise<number> {
  if (process.platform !== 'linux') return NaN;
  const [total] = (await fs.readFile('/proc/stat', 'utf8')).split('\n');
  // "cpu  user nice system idle iowait irq softirq steal …" (guest time is already in user).
  const fields = (total ?? '').trim().split(/\s+/).slice(1).map(Number);
  const busy = [0, 1, 2, 5, 6, 7].reduce((sum, index) => sum + (fields[index] ?? 0), 0);
  return busy / CLOCK_TICKS_PER_SECOND;
}

/** `getconf CLK_TCK`: 100 on every mainstream Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface CapturedQuery {
  query: string;
  parameters: unknown[];
}

/**
 * The statements the app sends to PostgreSQL while `action` runs, with their parameters: what
 * to EXPLAIN. It hooks postgres.js's `debug` option, which every connection of the pool reads
 * per query; anything else running meanwhile is captured too.
 */
export async function captureQueries(
  database: Database,
  action: () => Promise<unknown>,
): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const options = database.sql.options as { debug: unknown };
  const previous = options.debug;
  options.debug = (_connection: number, query: string, parameters: unknown[]) =>
    captured.push({ query, parameters: [...parameters] });
  try {
    await action();
  } finally {
    options.debug = previous;
  }
  return captured;
}

export interface ExplainOptions {
  /** Settings for this EXPLAIN only, e.g. `{ max_parallel_workers_per_gather: '0' }`. */
  settings?: Record<string, string>;
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of a captured statement, as text. ANALYZE runs the statement:
 * use it on reads. It goes as Drizzle sends a query that was not `.prepare()`d (an unnamed
 * statement with bound parameters), so PostgreSQL plans it for these very values, as it does
 * each time the app runs it.
 */
export async function explainAnalyze(
  database: Database,
  { query, parameters }: CapturedQuery,
  options: ExplainOptions = {},
): Promise<string> {
  const connection = await database.sql.reserve();
  const settings = Object.entries(options.settings ?? {});
  try {
    for (const [name, value] of settings) {
      await connection`select set_config(${name}, ${value}, false)`;
    }
    const rows = await connection.unsafe<{ 'QUERY PLAN': string }[]>(
      `explain (analyze, buffers) ${query}`,
      parameters as postgres.ParameterOrJSON<never>[],
    );
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    for (const [name] of settings) await connection.unsafe(`reset ${name}`).catch(() => {});
    connection.release();
  }
}
