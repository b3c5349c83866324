import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { configVariableNames } from '../../src/config.js';
import { processCpuSeconds, type BenchDatabase } from './server.js';
import { superviseChild } from './child.js';

const execFileAsync = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run build`; tsc still writes dist/ on type errors, so only a missing worker.js stops us. */
export async function buildWorker(): Promise<void> {
  await execFileAsync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!existsSync(path.join(REPO_ROOT, 'dist', 'worker.js'))) throw error;
      process.stderr.write(
        `warning: npm run build reported errors:\n${error.stdout ?? ''}${error.stderr ?? ''}\n`,
      );
    },
  );
}

/** A `npm run worker` process (`node --enable-source-maps dist/worker.js`) on the bench database. */
export interface WorkerProcess {
  pid: number;
  /** When it was spawned (Date.now()). */
  startedAt: number;
  /** CPU seconds it has used so far, all threads (Linux only; NaN elsewhere). */
  cpuSeconds(): Promise<number>;
  /** What it printed (the last 64 KiB). */
  output(): string;
  /** SIGTERM, then SIGKILL after 15 s; resolves with its exit code. Idempotent. */
  stop(): Promise<number | null>;
}

export const WORKER_ARGS = ['--enable-source-maps', 'dist/worker.js'];

/**
 * The worker's environment: only what is given here configures it (none of the app's variables
 * come from this process's environment). On a Unix-socket server, DATABASE_URL names only the
 * database and PGHOST… say where (postgres.js reads them), as test/notifications/workers.test.ts
 * does.
 */
export function workerEnvironment(
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
 * Starts one worker (`nodeOptions` go before the script, e.g. `--cpu-prof`); the bench's
 * `close()` stops it (before PostgreSQL).
 */
export function startWorker(
  bench: BenchDatabase,
  env: NodeJS.ProcessEnv,
  nodeOptions: string[] = [],
): WorkerProcess {
  const startedAt = Date.now();
  // Its own process group: Ctrl-C reaches the bench, which stops the workers, then PostgreSQL.
  const child = spawn(process.execPath, [...nodeOptions, ...WORKER_ARGS], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const { output, stop } = superviseChild(child, 'A worker');
  bench.onClose(stop);
  return {
    pid: child.pid!,
    startedAt,
    cpuSeconds: () => processCpuSeconds(child.pid!),
    output,
    stop,
  };
}
