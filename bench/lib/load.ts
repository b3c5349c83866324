import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import * as prettier from 'prettier';

export type ConnectionMode = 'keep-alive' | 'close';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  connections: number;
  durationSeconds: number;
  mode: ConnectionMode;
  /** The next request to send: called once for every request, by every connection. */
  next: () => RequestSpec;
  /** Non-2xx statuses the case expects now and then (409 for a slot taken): not errors. */
  expectedStatuses?: number[];
}

export interface LoadResult {
  seconds: number;
  /** Responses received. */
  responses: number;
  requestsPerSecond: number;
  /** Of the 2xx responses, from every response's own latency (not autocannon's ms histogram). */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCodes: Record<string, number>;
  successes: number;
  /** Responses with one of `expectedStatuses`. */
  expected: number;
  /** Any other non-2xx response. */
  unexpected: number;
  connectionErrors: number;
  timeouts: number;
  /** unexpected + connection errors + timeouts. */
  errors: number;
  /** The first few unexpected answers, to print. */
  unexpectedSamples: { status: number; body: string }[];
  /** TCP connections the load generator opened: one per request with `close`. */
  connectionsOpened: number;
}

let running: autocannon.Instance | undefined;
let stopped = false;

/** Stops the load in progress (Ctrl-C); later runs return at once. */
export function stopLoad(): void {
  stopped = true;
  running?.stop();
}

/**
 * One autocannon run from this process. With `close`, every request goes on a new TCP
 * connection and carries `Connection: close` (see newConnectionPerRequest). Undefined when
 * stopped by stopLoad().
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult | undefined> {
  if (stopped) return undefined;
  const expected = new Set(options.expectedStatuses ?? []);
  const latencies: number[] = [];
  const unexpectedSamples: { status: number; body: string }[] = [];
  let connectionsOpened = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    running = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        headers: options.mode === 'close' ? { connection: 'close' } : {},
        requests: [
          {
            setupRequest: (request) => {
              const spec = options.next();
              return {
                ...request,
                method: spec.method,
                path: spec.path,
                headers: { ...request.headers, ...spec.headers },
                body: spec.body ?? '',
              };
            },
            onResponse: (status, body) => {
              if ((status < 200 || status >= 300) && !expected.has(status)) {
                if (unexpectedSamples.length < 5) {
                  unexpectedSamples.push({ status, body: body.slice(0, 500) });
                }
              }
            },
          },
        ],
        setupClient: (client) => {
          connectionsOpened++;
          if (options.mode === 'close') {
            newConnectionPerRequest(client, () => connectionsOpened++);
          }
        },
      },
      (error: unknown, result) => (error ? reject(toError(error)) : resolve(result)),
    );
    running.on('response', (_client, statusCode, _bytes, milliseconds) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(milliseconds);
    });
  }).finally(() => {
    running = undefined;
  });
  if (stopped) return undefined;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  let successes = 0;
  let expectedCount = 0;
  let unexpected = 0;
  for (const [code, count] of Object.entries(statusCodes)) {
    const status = Number(code);
    if (status >= 200 && status < 300) successes += count;
    else if (expected.has(status)) expectedCount += count;
    else unexpected += count;
  }
  // autocannon's `errors` counts connection errors and timeouts.
  const connectionErrors = result.errors - result.timeouts;
  return {
    seconds: round(seconds, 2),
    responses: result.requests.total,
    requestsPerSecond: round(result.requests.total / result.duration, 1),
    p50Ms: round(percentile(latencies, 0.5), 2),
    p90Ms: round(percentile(latencies, 0.9), 2),
    p99Ms: round(percentile(latencies, 0.99), 2),
    maxMs: round(latencies.at(-1) ?? NaN, 2),
    statusCodes,
    successes,
    expected: expectedCount,
    unexpected,
    connectionErrors,
    timeouts: result.timeouts,
    errors: unexpected + result.errors,
    unexpectedSamples,
    connectionsOpened,
  };
}

/** The private parts of autocannon 9's HTTP client (lib/httpClient.js) used below. */
interface ClientInternals {
  _doRequest(): void;
  _connect(): void;
  _destroyConnection(): void;
}

/**
 * Makes an autocannon client open a new TCP connection for every request, as a client sending
 * `Connection: close` does. autocannon has no option that does this correctly: `reconnectRate:
 * 1` reconnects but drops every response from its statistics (it reconnects before recording),
 * and a `Connection: close` header alone makes it write its next request on the socket the
 * server is closing, so latencies pile up. Here, once a response is in, the next request goes
 * out on a fresh connection (`_connect` sends it), which is timed from before the connect.
 * Checked against autocannon 9.0.0 (the same trick as bench/people-search.ts).
 */
function newConnectionPerRequest(client: autocannon.Client, onConnect: () => void): void {
  const internals = client as unknown as ClientInternals;
  const send = internals._doRequest.bind(client);
  let used = false;
  internals._doRequest = () => {
    if (used) {
      used = false;
      internals._destroyConnection();
      onConnect();
      internals._connect();
      return;
    }
    used = true;
    send();
  };
}

/** The commit measured, `+changes` when the working tree differs from it (read-only git). */
export function gitCommit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: path.dirname(fileURLToPath(import.meta.url)),
      encoding: 'utf8',
    });
  try {
    const commit = git('rev-parse', '--short', 'HEAD').trim();
    return git('status', '--porcelain', '--untracked-files=no').trim()
      ? `${commit}+changes`
      : commit;
  } catch {
    return 'unknown';
  }
}

export function machine(postgresVersion: string) {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: postgresVersion,
  };
}

/** A markdown table; columns from `rightAligned` on are numbers, aligned right. */
export function markdownTable(header: string[], rows: string[][], rightAligned: number): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, i) => (i >= rightAligned ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join(' | ')} |`;
  const rule = `|${widths
    .map((width, i) => (i >= rightAligned ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2)))
    .join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], fraction: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export function integerFromEnv(name: string, fallback: number, minimum: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer ≥ ${minimum} (got "${raw}")`);
  }
  return value;
}

export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export const round = (value: number, digits: number) => Number(value.toFixed(digits));
export const sleep = (milliseconds: number) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Writes a run's results as JSON, formatted as the repository formats its files. */
export async function writeResults(file: string, results: unknown): Promise<void> {
  const json = JSON.stringify(results, null, 2);
  const options = (await prettier.resolveConfig(file)) ?? {};
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, await prettier.format(json, { ...options, filepath: file }));
  // eslint-disable-next-line no-console -- benchmarks report to their terminal
  console.log(`\nwritten to ${file}`);
}
