import cluster, { type Worker } from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { DatabaseTarget } from './db/connection-options.js';
import { openDatabase } from './db/database.js';
import { systemClock } from './lib/clock.js';
import { createServices } from './services.js';

/** How the main process tells a web process where the database is (the embedded one has no URL). */
const DATABASE_TARGET_ENV = 'CLINICDESK_DATABASE_TARGET';
const STOP_MESSAGE = 'clinicdesk:stop';
const STOP_TIMEOUT_MS = 20_000;
const RESTART_DELAY_MS = 1_000;

export interface WebProcesses {
  /** Resolves once every process listens; rejects if one exits first. */
  listening: Promise<void>;
  /** Lets each process finish its requests and exit. */
  stop(): Promise<void>;
}

/**
 * Several HTTP processes on one port (`WEB_PROCESSES`), so that requests use more than the one
 * core a Node thread can: the main process has opened the database, migrated it and runs the
 * background work; these only serve requests, each with its own pool and its own memory of
 * sessions and professionals (kept right by the database's notifications, as for separate
 * instances). One that dies unexpectedly is replaced.
 */
export function startWebProcesses(
  count: number,
  target: DatabaseTarget,
  log: Pick<Logger, 'error' | 'info'>,
): WebProcesses {
  let stopping = false;
  const env = { [DATABASE_TARGET_ENV]: JSON.stringify(target) };
  // Each process accepts its own connections: handing every new connection over from the main
  // process (node's round-robin default) cost more than a second process gained on 2 cores.
  cluster.schedulingPolicy = cluster.SCHED_NONE;

  // Replaced only once it has served: one that cannot start (a port in use) fails the start.
  const fork = (): Worker => {
    const worker = cluster.fork(env);
    let listened = false;
    worker.once('listening', () => {
      listened = true;
    });
    worker.on('exit', (code, signal) => {
      if (stopping || !listened) return;
      // (`code` is a redacted field in the logs: one-time codes.)
      log.error(
        { webProcess: worker.process.pid, exitCode: code, signal },
        'a web process stopped; starting another',
      );
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS);
    });
    return worker;
  };

  const listening = Promise.all(
    Array.from({ length: count }, () => {
      const worker = fork();
      return new Promise<void>((resolve, reject) => {
        worker.once('listening', () => resolve());
        worker.once('exit', (code) =>
          reject(new Error(`a web process exited (code ${code}) before it listened`)),
        );
      });
    }),
  ).then(() => undefined);

  return {
    listening,
    async stop() {
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter(
        (worker): worker is Worker => worker !== undefined && !worker.isDead(),
      );
      await Promise.all(alive.map(stopWorker));
    },
  };
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (worker.isConnected()) worker.send(STOP_MESSAGE);
    else worker.process.kill('SIGTERM');
  });
}

/** Whether this process is one of the web processes the main process started. */
export const isWebProcess = () => cluster.isWorker && DATABASE_TARGET_ENV in process.env;

/** A web process: the main process's database, the app, the shared port. */
export async function serveAsWebProcess(config: Config, log: Logger): Promise<void> {
  const target = JSON.parse(process.env[DATABASE_TARGET_ENV]!) as DatabaseTarget;
  const database = openDatabase(target, { poolSize: config.databasePoolSize });
  const services = createServices(config, database, systemClock, log);
  const app = await buildApp({ config, database, logger: log, services });
  let closing = false;
  const grace = closeWithGrace({ delay: 15_000, logger: log }, async ({ err }) => {
    closing = true;
    if (err) log.error({ err }, 'stopping after an unexpected error');
    await app.close();
    await database.close();
  });
  // Stopped by the main process; and when it is gone (killed), there is no one to answer to.
  const stop = () => {
    if (!closing) grace.close();
  };
  process.on('message', (message) => {
    if (message === STOP_MESSAGE) stop();
  });
  process.on('disconnect', stop);
  await app.listen({ host: config.host, port: config.port });
}
