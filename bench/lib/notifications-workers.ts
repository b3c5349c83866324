import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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

/** A `npm run worker` process (`node dist/worker.js`) on the bench database. */
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

export const WORKER_ARGS = ['dist/worker.js'];

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
