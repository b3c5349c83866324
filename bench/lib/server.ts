import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type postgres from 'postgres';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { runMigrations } from '../../src/db/migrate.js';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { createServices, type Services } from '../../src/services.js';

export interface BenchServerOptions {
  /** Connections in the app's database pool; 10 is the app's own default (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /**
   * fsync and synchronous commit as in production. Off by default: a throwaway cluster does not
   * need them and seeds much faster, but then commits (the audit log's) cost almost nothing.
   */
  durable?: boolean;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
}

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
 * A throwaway ClinicDesk for benchmarks: an embedded PostgreSQL in a temporary folder, migrated,
 * and the real app on a free loopback port, all in this process. Ctrl-C (or SIGTERM) at any
 * point cleans everything up before exiting; a second Ctrl-C exits at once.
 */
export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const poolSize = options.poolSize ?? 10;
  const logLevel = options.logLevel ?? 'warn';
  const steps: (() => unknown)[] = [];
  let closing: Promise<void> | undefined;
  let starting: Promise<unknown> = Promise.resolve();

  const close = () =>
    (closing ??= (async () => {
      // Last started, first stopped; one failing step does not keep the others from running.
      const failures: unknown[] = [];
      for (let step = steps.pop(); step; step = steps.pop()) {
        try {
          await step();
        } catch (error) {
          failures.push(error);
        }
      }
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (failures.length) throw new AggregateError(failures, 'Could not clean up the bench');
    })());

  let interrupted = false;
  function onSignal(signal: NodeJS.Signals) {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\n${signal}: cleaning up (press Ctrl-C again to quit at once)…\n`);
    // Let a start-up step in flight finish, so that what it starts is stopped too.
    void starting
      .catch(() => {})
      .then(close)
      .catch((error: unknown) => process.stderr.write(`${String(error)}\n`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const step = <T>(promise: Promise<T>): Promise<T> => {
    starting = promise;
    return promise;
  };

  try {
    const dataDir = await step(fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-bench-')));
    steps.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    // Run as root, PostgreSQL runs as the OS user "postgres", which must pass through this folder.
    await fs.chmod(dataDir, 0o711);

    const logger = createLogger(logLevel);
    const embedded = await step(
      startEmbeddedPostgres({ dataDir, log: logger, durable: options.durable ?? false }),
    );
    steps.push(() => embedded.stop());

    const database = openDatabase(embedded.connection, {
      poolSize,
      applicationName: 'clinicdesk-bench',
    });
    steps.push(() => database.close());
    await step(runMigrations(database.sql));
    const [versionRow] = await step(
      database.sql<{ version: string }[]>`select current_setting('server_version') as version`,
    );

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
    const app = await step(buildApp({ config, database, logger, services }));
    steps.push(() => app.close());
    await step(app.listen({ host: '127.0.0.1', port: 0 }));
    const { port } = app.server.address() as AddressInfo;

    const postmasterPid = Number(
      (await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
    );

    return {
      baseUrl: `http://127.0.0.1:${port}`,
      app,
      database,
      services,
      postgresVersion: versionRow?.version ?? 'unknown',
      cpuSeconds: async () => {
        const usage = process.cpuUsage();
        return {
          process: (usage.user + usage.system) / 1e6,
          postgres: await processTreeCpuSeconds(postmasterPid),
          machine: await machineCpuSeconds(),
        };
      },
      onClose: (extra) => steps.push(extra),
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/**
 * CPU seconds of a process and its children (PostgreSQL's backends), from /proc, including the
 * children that have already exited: short-lived parallel query workers count too.
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

/** Busy CPU seconds of all CPUs since boot (everything but idle and I/O wait), from /proc/stat. */
async function machineCpuSeconds(): Promise<number> {
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
