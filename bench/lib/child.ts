import type { ChildProcess } from 'node:child_process';

export interface SupervisedChild {
  /** The last 64 KiB it printed, stdout and stderr together. */
  output: () => string;
  /** Its exit code (−1 for a signal), or undefined while it runs. */
  exitCode: () => number | null | undefined;
  /** SIGTERM, then SIGKILL after 15 s; resolves with the exit code. Idempotent. */
  stop: () => Promise<number | null>;
}

/**
 * Watches a process the bench started: keeps what it prints, says at once when it exits by
 * itself (with its last lines), and makes sure it does not outlive the bench.
 */
export function superviseChild(child: ChildProcess, label: string): SupervisedChild {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exitCode: number | null | undefined;
  let stopping: Promise<number | null> | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      if (!stopping) {
        process.stderr.write(
          `\n${label} (pid ${child.pid}) exited by itself (code ${code}, signal ${signal}):\n` +
            `${output.split('\n').slice(-40).join('\n')}\n`,
        );
      }
      resolve();
    }),
  );
  // Should the bench die without cleaning up, the child must not outlive it.
  const killOnExit = () => {
    if (exitCode === undefined) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  return {
    output: () => output,
    exitCode: () => exitCode,
    stop: () =>
      (stopping ??= (async () => {
        if (exitCode === undefined) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        }
        process.off('exit', killOnExit);
        return exitCode ?? null;
      })()),
  };
}
