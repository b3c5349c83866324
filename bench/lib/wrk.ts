import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectionMode, LoadResult, RequestSpec } from './load.js';

const SCRIPT = fileURLToPath(new URL('./wrk-requests.lua', import.meta.url));
const THREADS = 2;

export interface WrkOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  mode: ConnectionMode;
  /** Sent in turn (and again from the start when all are sent). */
  requests: RequestSpec[];
  /** Non-2xx statuses the case expects now and then (409 for a slot taken): not errors. */
  expectedStatuses?: number[];
}

export interface WrkResult extends LoadResult {
  /** CPU seconds wrk used (user + system), from the shell that ran it. */
  cpuSeconds: number;
}

interface WrkOutput {
  durationUs: number;
  requests: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statuses: Record<string, number>;
  samples: string[];
}

let running: ReturnType<typeof spawn> | undefined;

/** Stops a run in progress (Ctrl-C). */
export function stopWrk(): void {
  running?.kill('SIGINT');
}

/**
 * One run of wrk (Debian's package) in a process of its own, two threads, with the requests
 * written to a file its Lua script reads. Latencies are wrk's, of every response, measured from
 * the request's first byte written (with `close`, after the new connection is up).
 */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-wrk-'));
  try {
    const file = path.join(dir, 'requests.tsv');
    await fs.writeFile(
      file,
      options.requests
        .map((r) => [r.method, r.path, r.headers?.authorization ?? '', r.body ?? ''].join('\t'))
        .join('\n') + '\n',
    );
    const args = [
      `-t${THREADS}`,
      `-c${options.connections}`,
      `-d${options.durationSeconds}s`,
      '--timeout',
      '10s',
      '-s',
      SCRIPT,
      options.url,
      '--',
      file,
      String(THREADS),
      options.mode === 'close' ? '1' : '0',
    ];
    // bash's `times` prints the CPU time of the shell's children: wrk's own, once it exited.
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>(
      (resolve, reject) => {
        const child = spawn(
          'bash',
          ['-c', 'wrk "$@"; status=$?; times; exit $status', 'wrk', ...args],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        running = child;
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('error', reject);
        child.on('close', (exitCode) => resolve({ stdout: out, code: exitCode }));
      },
    ).finally(() => {
      running = undefined;
    });
    const line = stdout.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${stdout}`);
    const output = JSON.parse(line.slice('WRK_RESULT '.length)) as WrkOutput;
    return toLoadResult(output, options, childCpuSeconds(stdout));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function toLoadResult(output: WrkOutput, options: WrkOptions, cpuSeconds: number): WrkResult {
  const expected = new Set(options.expectedStatuses ?? []);
  const seconds = output.durationUs / 1e6;
  let successes = 0;
  let expectedCount = 0;
  let unexpected = 0;
  for (const [code, count] of Object.entries(output.statuses)) {
    const status = Number(code);
    if (status >= 200 && status < 300) successes += count;
    else if (expected.has(status)) expectedCount += count;
    else unexpected += count;
  }
  const connectionErrors = output.errors.connect + output.errors.read + output.errors.write;
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    seconds: Math.round(seconds * 100) / 100,
    responses: output.requests,
    requestsPerSecond: Math.round((output.requests / seconds) * 10) / 10,
    p50Ms: ms(output.latencyUs.p50),
    p90Ms: ms(output.latencyUs.p90),
    p99Ms: ms(output.latencyUs.p99),
    maxMs: ms(output.latencyUs.max),
    statusCodes: output.statuses,
    successes,
    expected: expectedCount,
    unexpected,
    connectionErrors,
    timeouts: output.errors.timeout,
    errors: unexpected + connectionErrors + output.errors.timeout,
    unexpectedSamples: output.samples.map((sample) => {
      const [status, ...body] = sample.split(' ');
      return { status: Number(status), body: body.join(' ') };
    }),
    // wrk does not report it; with `close` it is one per request.
    connectionsOpened: options.mode === 'close' ? output.requests : options.connections,
    cpuSeconds,
  };
}

/** The second line of bash's `times`: "0m1.234s 0m0.567s", the children's user and system. */
function childCpuSeconds(output: string): number {
  const lines = output
    .trim()
    .split('\n')
    .filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l));
  const children = lines.at(-1);
  if (!children) return NaN;
  return children
    .split(' ')
    .map((part) => {
      const [minutes, seconds] = part.replace('s', '').split('m');
      return Number(minutes) * 60 + Number(seconds);
    })
    .reduce((a, b) => a + b, 0);
}
