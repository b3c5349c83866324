import fs from 'node:fs/promises';
import path from 'node:path';
import type postgres from 'postgres';
import type { BenchDatabase } from './server.js';

/**
 * Where PostgreSQL's time goes while the app runs in another process, where its queries cannot be
 * hooked: `pg_stat_statements` (every statement of a run, counted and timed) and `auto_explain`
 * (the plans, with ANALYZE, of the very statements one request makes, with their parameters).
 * Both need `startBenchDatabase({ preloadLibraries: PRELOAD_LIBRARIES })`.
 */
export const PRELOAD_LIBRARIES = ['pg_stat_statements', 'auto_explain'];

/** The application_name the app's own pool connects with (src/db/database.ts). */
const APP_NAME = 'clinicdesk';

export interface StatementStats {
  query: string;
  calls: number;
  totalExecMs: number;
  meanExecMs: number;
  totalPlanMs: number;
  meanPlanMs: number;
  rows: number;
  sharedBlocksHit: number;
  sharedBlocksRead: number;
  walBytes: number;
}

/**
 * Creates the extension, turns on planning times, and prefixes log lines with the application
 * name (so the app's plans can be told from the bench's own statements).
 */
export async function setUpDiagnostics(sql: postgres.Sql): Promise<void> {
  await sql`create extension if not exists pg_stat_statements`;
  await sql`alter system set pg_stat_statements.track_planning = on`;
  await sql`alter system set log_line_prefix = '%m [%p] %a: '`;
  await sql`select pg_reload_conf()`;
}

export async function resetStatementStats(sql: postgres.Sql): Promise<void> {
  await sql`select pg_stat_statements_reset()`;
}

/** Every statement since the last reset, the costliest first (the bench's own left out). */
export async function statementStats(sql: postgres.Sql): Promise<StatementStats[]> {
  const rows = await sql<
    {
      query: string;
      calls: string;
      total_exec_time: number;
      total_plan_time: number;
      rows: string;
      shared_blks_hit: string;
      shared_blks_read: string;
      wal_bytes: string;
    }[]
  >`
    select query, calls, total_exec_time, total_plan_time, rows, shared_blks_hit,
      shared_blks_read, wal_bytes
    from pg_stat_statements
    where dbid = (select oid from pg_database where datname = current_database())
      and query not like '%pg_stat_statements%'
      and query not like '%pg_reload_conf%'
    order by total_exec_time + total_plan_time desc`;
  return rows.map((row) => {
    const calls = Number(row.calls);
    return {
      query: row.query.replace(/\s+/g, ' ').trim(),
      calls,
      totalExecMs: round(row.total_exec_time),
      meanExecMs: round(row.total_exec_time / Math.max(1, calls), 4),
      totalPlanMs: round(row.total_plan_time),
      meanPlanMs: round(row.total_plan_time / Math.max(1, calls), 4),
      rows: Number(row.rows),
      sharedBlocksHit: Number(row.shared_blks_hit),
      sharedBlocksRead: Number(row.shared_blks_read),
      walBytes: Number(row.wal_bytes),
    };
  });
}

export interface WalCounters {
  records: number;
  fullPageImages: number;
  bytes: number;
  /** Times WAL was written out, and flushed to disk (fsync), since the server started. */
  writes: number;
  syncs: number;
}

/** PostgreSQL's WAL counters (pg_stat_wal), to diff around a run: flushes per commit. */
export async function walCounters(sql: postgres.Sql): Promise<WalCounters> {
  const [row] = await sql<
    { records: string; fpi: string; bytes: string; writes: string; syncs: string }[]
  >`
    select wal_records as records, wal_fpi as fpi, wal_bytes as bytes, wal_write as writes,
      wal_sync as syncs
    from pg_stat_wal`;
  return {
    records: Number(row?.records ?? 0),
    fullPageImages: Number(row?.fpi ?? 0),
    bytes: Number(row?.bytes ?? 0),
    writes: Number(row?.writes ?? 0),
    syncs: Number(row?.syncs ?? 0),
  };
}

export interface LoggedPlan {
  /** As auto_explain timed it (with ANALYZE's instrumentation overhead). */
  durationMs: number;
  query: string;
  parameters: string | undefined;
  plan: string;
}

/**
 * The plan of every statement the app runs while `action` runs, with EXPLAIN (ANALYZE, BUFFERS,
 * TIMING) as auto_explain logs it, in order. Statements that are not plannable (BEGIN,
 * COMMIT) are not logged. Turned on for the app's connections only for this while.
 */
export async function explainWhile(
  bench: BenchDatabase,
  action: () => Promise<unknown>,
): Promise<LoggedPlan[]> {
  const sql = bench.database.sql;
  const logFile = await currentLogFile(bench.clusterDir);
  const offset = logFile ? (await fs.stat(logFile)).size : 0;
  const settings = {
    'auto_explain.log_min_duration': '0',
    'auto_explain.log_analyze': 'on',
    'auto_explain.log_buffers': 'on',
    'auto_explain.log_timing': 'on',
    'auto_explain.log_triggers': 'on',
    'auto_explain.log_nested_statements': 'off',
    'auto_explain.log_format': 'text',
  };
  for (const [name, value] of Object.entries(settings)) {
    await sql.unsafe(`alter system set ${name} = '${value}'`);
  }
  await sql`select pg_reload_conf()`;
  // The postmaster passes the reload on to every backend; each applies it before its next query.
  await sleep(300);
  try {
    await action();
  } finally {
    for (const name of Object.keys(settings)) await sql.unsafe(`alter system reset ${name}`);
    await sql`select pg_reload_conf()`;
    await sleep(300);
  }
  const file = logFile ?? (await currentLogFile(bench.clusterDir));
  if (!file) return [];
  const handle = await fs.open(file, 'r');
  let text: string;
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    await handle.read(buffer, 0, buffer.length, offset);
    text = buffer.toString('utf8');
  } finally {
    await handle.close();
  }
  return parsePlans(text);
}

/** The log file PostgreSQL writes to now: the last modified in the cluster's `log/`. */
async function currentLogFile(clusterDir: string): Promise<string | undefined> {
  const dir = path.join(clusterDir, 'log');
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let newest: { file: string; mtime: number } | undefined;
  for (const name of names) {
    const file = path.join(dir, name);
    const { mtimeMs } = await fs.stat(file);
    if (!newest || mtimeMs > newest.mtime) newest = { file, mtime: mtimeMs };
  }
  return newest?.file;
}

const ENTRY = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[\d+\] ([^:]*): (\w+): {2}(.*)$/;

function parsePlans(text: string): LoggedPlan[] {
  const entries: { app: string; level: string; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const match = ENTRY.exec(line);
    if (match) entries.push({ app: match[1]!, level: match[2]!, lines: [match[3]!] });
    else entries.at(-1)?.lines.push(line);
  }
  const plans: LoggedPlan[] = [];
  for (const entry of entries) {
    const head = /^duration: ([\d.]+) ms {2}plan:$/.exec(entry.lines[0] ?? '');
    if (entry.app !== APP_NAME || entry.level !== 'LOG' || !head) continue;
    const body = entry.lines.slice(1).map((line) => line.replace(/^\t/, ''));
    const queryStart = body.findIndex((line) => line.startsWith('Query Text: '));
    const parametersAt = body.findIndex((line) => line.startsWith('Query Parameters: '));
    // The query text may span lines; the plan starts at the first line after it that is a node.
    const planStart = body.findIndex(
      (line, index) =>
        index > Math.max(queryStart, parametersAt) && /^\S.*\(cost=|^\S.*\(actual/.test(line),
    );
    const queryEnd = parametersAt >= 0 ? parametersAt : planStart;
    plans.push({
      durationMs: Number(head[1]),
      query: body
        .slice(queryStart, queryEnd)
        .join(' ')
        .replace(/^Query Text: /, '')
        .replace(/\s+/g, ' ')
        .trim(),
      parameters:
        parametersAt >= 0 ? body[parametersAt]!.replace(/^Query Parameters: /, '') : undefined,
      plan: body.slice(planStart).join('\n').replace(/\s+$/, ''),
    });
  }
  return plans;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export interface StatementTiming {
  /** The fastest of the runs: planning, and execution with EXPLAIN ANALYZE. */
  planningMs: number;
  executionMs: number;
}

/**
 * Planning and execution time of a logged read, run again as the app runs it (an unnamed
 * statement with its parameters, planned for these values) with EXPLAIN (ANALYZE, SUMMARY):
 * the fastest of `runs`, when nothing else is running. Undefined for anything but a SELECT.
 */
export async function timeStatement(
  sql: postgres.Sql,
  plan: LoggedPlan,
  runs = 5,
): Promise<StatementTiming | undefined> {
  if (!/^select\b/i.test(plan.query) || /pg_advisory/i.test(plan.query)) return undefined;
  const parameters: (string | null)[] = [];
  for (const match of (plan.parameters ?? '').matchAll(/\$(\d+) = (NULL|'((?:[^']|'')*)')/g)) {
    parameters[Number(match[1]) - 1] = match[2] === 'NULL' ? null : match[3]!.replace(/''/g, "'");
  }
  let best: StatementTiming | undefined;
  for (let run = 0; run < runs; run++) {
    const rows = await sql.unsafe<{ 'QUERY PLAN': string }[]>(
      `explain (analyze, summary) ${plan.query}`,
      parameters as postgres.ParameterOrJSON<never>[],
    );
    const text = rows.map((row) => row['QUERY PLAN']).join('\n');
    const planningMs = Number(/Planning Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
    best = {
      planningMs: Math.min(best?.planningMs ?? Infinity, planningMs),
      executionMs: Math.min(best?.executionMs ?? Infinity, executionMs),
    };
  }
  return best;
}
