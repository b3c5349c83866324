/* eslint-disable no-console -- a benchmark reports to its terminal */
/**
 * Notification delivery: how many e-mails a second the worker delivers to a local SMTP server.
 *
 *   npm run bench:notifications
 *
 * Starts a throwaway PostgreSQL (durable, as in production) and a local SMTP server (loopback,
 * with authentication, counting what it accepts and the Message-IDs), builds the app, and seeds
 * a clinic whose patients have just booked: BENCH_MESSAGES / 2 appointments, each with its
 * `appointment.booked` event in the outbox, which the worker turns into two e-mails (the patient
 * and the professional, each with the `.ics` invitation). Then, for each case and number of
 * workers, it starts that many `npm run worker` processes (`node dist/worker.js`) and times them
 * from their start until every message is `sent`, checking that each was delivered exactly once
 * (the database, the SMTP server and the Message-IDs agree). Cases:
 *
 *   - events: the outbox events as booked: fan-out (`dispatchEvents`), rendering, delivery;
 *   - queued: the same messages already planned (`notifications` rows, made by the bench with
 *     the app's own `dispatchEvents` beforehand): rendering and delivery only.
 *
 * Writes a markdown table and bench/results/notifications.json (machine, commit, settings,
 * results, the statements PostgreSQL ran per message). Exits non-zero when a check fails.
 *
 * Environment: BENCH_MESSAGES (5000, even), BENCH_WORKERS (1,2: the worker counts to run),
 * BENCH_CASES (events; events,queued for both), BENCH_PROFESSIONALS (20), BENCH_DURABLE (1),
 * BENCH_TIMEOUT (300 s per run), BENCH_CPU_PROFILE (a folder: the workers run with
 * `node --cpu-prof` and one profile per run is summarized), BENCH_OUTPUT (the JSON file).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';
import { closeServices, createServices } from '../src/services.js';
import {
  gitCommit,
  integerFromEnv,
  machine,
  markdownTable,
  round,
  sleep,
  writeResults,
} from './lib/load.js';
import { summarizeCpuProfile, type CpuProfileSummary } from './lib/cpu-profile.js';
import { startBenchMailServer, type BenchMailServer } from './lib/notifications-mail.js';
import { seedBookedAppointments } from './lib/notifications-seed.js';
import {
  buildWorker,
  startWorker,
  WORKER_ARGS,
  type WorkerProcess,
} from './lib/notifications-workers.js';
import {
  resetStatementStats,
  setUpDiagnostics,
  statementStats,
  walCounters,
} from './lib/pg-diagnostics.js';
import {
  appEnvironment,
  machineCpuSeconds,
  startBenchDatabase,
  type BenchDatabase,
} from './lib/server.js';

const CASES = ['events', 'queued'] as const;
type Case = (typeof CASES)[number];

function listFromEnv<T extends string | number>(
  name: string,
  fallback: T[],
  parse: (item: string) => T | undefined,
): T[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const items = raw.split(',').map((item) => item.trim());
  const parsed = items.map(parse);
  if (!items.length || parsed.some((item) => item === undefined)) {
    throw new Error(`${name}: unexpected value "${raw}"`);
  }
  return parsed as T[];
}

const settings = {
  messages: integerFromEnv('BENCH_MESSAGES', 5000, 2),
  workers: listFromEnv('BENCH_WORKERS', [1, 2], (item) =>
    /^[1-9]\d?$/.test(item) ? Number(item) : undefined,
  ),
  cases: listFromEnv<Case>('BENCH_CASES', ['events'], (item) =>
    (CASES as readonly string[]).includes(item) ? (item as Case) : undefined,
  ),
  professionals: integerFromEnv('BENCH_PROFESSIONALS', 20, 1),
  durable: integerFromEnv('BENCH_DURABLE', 1, 0) === 1,
  timeoutSeconds: integerFromEnv('BENCH_TIMEOUT', 300, 1),
  cpuProfileDir: process.env.BENCH_CPU_PROFILE || undefined,
  timeZone: 'America/Sao_Paulo',
  englishEvery: 5,
  firstDay: 3,
  mailFrom: 'Clínica Bench <nao-responda@clinica.exemplo.com.br>',
  clinicName: 'Clínica Bench',
};
if (settings.messages % 2 !== 0) {
  throw new Error('BENCH_MESSAGES must be even: each booking becomes two e-mails');
}

const RESULTS_FILE =
  process.env.BENCH_OUTPUT ??
  fileURLToPath(new URL('./results/notifications.json', import.meta.url));
/** Marks the bench's own statements, to leave them out of pg_stat_statements' report. */
const BENCH_TAG = '/* bench */';

const CASE_LABELS: Record<Case, string> = {
  events: 'booked events (fan-out + delivery)',
  queued: 'queued messages (delivery only)',
};

interface RunResult {
  case: Case;
  workers: number;
  messages: number;
  /** From spawning the workers to the last message recorded as sent. */
  seconds: number;
  messagesPerSecond: number;
  /** From spawning the workers to the first message recorded as sent (start-up, fan-out). */
  firstSentAfterSeconds: number;
  /** Between the first and the last message recorded as sent. */
  steadyMessagesPerSecond: number;
  cpu: {
    workersCores: number;
    postgresCores: number;
    /** The SMTP server, in the bench's process (which also polls the database, 10 times a second). */
    smtpServerCores: number;
    otherCores: number;
    /** CPU milliseconds per message. */
    workersMsPerMessage: number;
    /**
     * Of the workers, from the first poll that saw a message sent to the end, per message sent
     * meanwhile: without the start-up (node, loading the app, migrations check).
     */
    steadyWorkersMsPerMessage: number;
    postgresMsPerMessage: number;
    smtpServerMsPerMessage: number;
  };
  /** CPU seconds of each worker process, start-up included. */
  perWorkerCpuSeconds: number[];
  smtp: {
    accepted: number;
    uniqueMessageIds: number;
    duplicates: number;
    withoutMessageId: number;
    withCalendar: number;
    averageBytes: number;
    connections: number;
    logins: number;
  };
  database: {
    statuses: Record<string, number>;
    /** Messages that took more than one attempt. */
    retried: number;
    eventsPending: number;
    languages: Record<string, number>;
    /** Sent messages whose Message-ID the SMTP server did not accept exactly once. */
    notMatchedAtSmtp: number;
  };
  wal: { records: number; bytes: number; flushes: number; flushesPerMessage: number };
  /** pg_stat_statements over the run: the costliest statements, per message. */
  statements: {
    query: string;
    calls: number;
    callsPerMessage: number;
    meanExecMs: number;
    totalExecMs: number;
  }[];
  /** Fan-out done by the bench before the run (queued case): how long it took, in-process. */
  preparedFanOutSeconds?: number;
  /** Where one worker's main thread spent its time (BENCH_CPU_PROFILE). */
  cpuProfile?: CpuProfileSummary;
  workerOutput: string[];
  failures: string[];
}

async function main(): Promise<void> {
  const bookings = settings.messages / 2;
  console.log(
    `notification delivery: ${settings.messages} e-mails (${bookings} bookings × patient and ` +
      `professional), ${settings.workers.join(' and ')} worker process(es), cases ` +
      `${settings.cases.join(', ')}; PostgreSQL ` +
      `${settings.durable ? 'durable (fsync and synchronous_commit on)' : 'with fsync off'}`,
  );
  const started = performance.now();
  const bench = await startBenchDatabase({
    poolSize: 4,
    durable: settings.durable,
    preloadLibraries: ['pg_stat_statements'],
  });
  let failed = false;
  try {
    failed = await run(bench, started);
  } finally {
    await bench.close();
  }
  console.log(`\n${failed ? 'FAILED' : 'all checks passed'} in ${seconds(started)} s`);
  if (failed) process.exitCode = 1;
}

async function run(bench: BenchDatabase, started: number): Promise<boolean> {
  const { sql } = bench.database;
  await setUpDiagnostics(sql);
  const mail = await startBenchMailServer();
  bench.onClose(() => mail.close());

  const building = buildWorker();
  const seed = await seedBookedAppointments(bench.database, {
    bookings: settings.messages / 2,
    professionals: settings.professionals,
    timeZone: settings.timeZone,
    englishEvery: settings.englishEvery,
    firstDay: settings.firstDay,
  });
  console.log(
    `seeded ${seed.patients} patients (${seed.englishPatients} reading English), ` +
      `${seed.professionals} professionals, ${seed.bookings} appointments from ` +
      `${seed.firstStart} to ${seed.lastStart} and ${seed.events} appointment.booked events ` +
      `in ${seconds(started)} s`,
  );
  // The commit measured: the one built now (src/ may change while the bench runs).
  const commit = gitCommit();
  await building;
  console.log(`built dist/ (${seconds(started)} s)`);

  const { child: env, shown: shownEnv } = appEnvironment(bench, {
    SMTP_URL: mail.url,
    MAIL_FROM: settings.mailFrom,
    CLINIC_NAME: settings.clinicName,
    CLINIC_TIMEZONE: settings.timeZone,
    DATA_DIR: path.join(bench.dataDir, 'worker'),
  });

  const results: RunResult[] = [];
  for (const kind of settings.cases) {
    for (const workers of settings.workers) {
      const result = await measure(bench, mail, env, kind, workers);
      results.push(result);
      console.log(
        `${CASE_LABELS[kind]}, ${workers} worker(s): ${result.messages} in ${result.seconds} s, ` +
          `${result.messagesPerSecond} messages/s (first after ${result.firstSentAfterSeconds} s, ` +
          `then ${result.steadyMessagesPerSecond}/s); cores: workers ` +
          `${result.cpu.workersCores}, PostgreSQL ${result.cpu.postgresCores}, SMTP server ` +
          `${result.cpu.smtpServerCores}, other ${result.cpu.otherCores}` +
          (result.failures.length ? `; ${result.failures.length} FAILED` : '; checks passed'),
      );
    }
  }

  // --- Report --------------------------------------------------------------------------------
  const table = markdownTable(
    [
      'Case',
      'Workers',
      'Messages',
      'Seconds',
      'Messages/s',
      'First sent s',
      'Steady msg/s',
      'Workers cores',
      'PostgreSQL cores',
      'SMTP server cores',
      'Delivered once',
    ],
    results.map((r) => [
      CASE_LABELS[r.case],
      String(r.workers),
      r.messages.toLocaleString('en-US'),
      r.seconds.toFixed(1),
      r.messagesPerSecond.toLocaleString('en-US'),
      r.firstSentAfterSeconds.toFixed(2),
      r.steadyMessagesPerSecond.toLocaleString('en-US'),
      r.cpu.workersCores.toFixed(2),
      r.cpu.postgresCores.toFixed(2),
      r.cpu.smtpServerCores.toFixed(2),
      r.failures.length ? 'NO' : 'yes',
    ]),
    1,
  );
  const costTable = markdownTable(
    [
      'Case',
      'Workers',
      'Worker CPU ms/msg',
      'steady',
      'PostgreSQL CPU ms/msg',
      'SMTP server CPU ms/msg',
      'WAL flushes/msg',
      'Statements/msg',
    ],
    results.map((r) => [
      CASE_LABELS[r.case],
      String(r.workers),
      r.cpu.workersMsPerMessage.toFixed(2),
      r.cpu.steadyWorkersMsPerMessage.toFixed(2),
      r.cpu.postgresMsPerMessage.toFixed(2),
      r.cpu.smtpServerMsPerMessage.toFixed(2),
      r.wal.flushesPerMessage.toFixed(2),
      r.statements.reduce((sum, s) => sum + s.callsPerMessage, 0).toFixed(2),
    ]),
    1,
  );
  console.log(`\n${table}\n\n${costTable}`);
  for (const r of results) {
    console.log(`\nstatements, ${CASE_LABELS[r.case]}, ${r.workers} worker(s):`);
    for (const s of r.statements.slice(0, 6)) {
      console.log(
        `  ${s.callsPerMessage.toFixed(2)}/msg × ${s.meanExecMs.toFixed(3)} ms  ` +
          `${s.query.slice(0, 110)}`,
      );
    }
    if (r.cpuProfile) {
      console.log(`  one worker's main thread: ${r.cpuProfile.busyMs} ms busy`);
      for (const place of r.cpuProfile.byPlace.slice(0, 10)) {
        console.log(`    ${place.share.toFixed(1)}%  ${place.place}`);
      }
      for (const fn of r.cpuProfile.topInclusiveInApp.slice(0, 10)) {
        console.log(`    incl. ${fn.share.toFixed(1)}%  ${fn.function}`);
      }
    }
  }

  const failures = results.flatMap((r) =>
    r.failures.map((f) => `${r.case}, ${r.workers} worker(s): ${f}`),
  );
  await writeResults(RESULTS_FILE, {
    scenario: 'notification delivery to a local SMTP server',
    date: new Date().toISOString(),
    commit,
    machine: machine(bench.postgresVersion),
    settings: {
      ...settings,
      postgres: settings.durable ? 'fsync and synchronous_commit on' : 'fsync off',
      diagnostics: 'pg_stat_statements loaded (track_planning on)',
      smtpServer:
        'smtp-server on 127.0.0.1 in the bench process, AUTH PLAIN/LOGIN without TLS, not ' +
        'parsing (Message-ID header, size and text/calendar presence only)',
      workerCommand: `node ${WORKER_ARGS.join(' ')}`,
      workerEnv: shownEnv,
    },
    seed,
    results,
    failures,
    table,
    costTable,
  });
  if (failures.length) {
    console.log(`\n${failures.length} check(s) failed:`);
    for (const failure of failures) console.log(`  ${failure}`);
  }
  return failures.length > 0;
}

/**
 * Puts the work back as booked (no messages, every event pending); for the queued case, plans
 * the messages with the app's own fan-out first. Then starts the workers and waits until every
 * message is sent.
 */
async function measure(
  bench: BenchDatabase,
  mail: BenchMailServer,
  env: NodeJS.ProcessEnv,
  kind: Case,
  workerCount: number,
): Promise<RunResult> {
  const { sql } = bench.database;
  const n = settings.messages;
  const failures: string[] = [];
  await sql`truncate notifications`;
  await sql`update outbox set processed_at = null`;
  let preparedFanOutSeconds: number | undefined;
  if (kind === 'queued') {
    const fanOutStart = performance.now();
    await planInProcess(bench);
    preparedFanOutSeconds = round((performance.now() - fanOutStart) / 1000, 2);
  }
  await sql`vacuum (analyze) notifications, outbox`;
  await sql`checkpoint`;
  mail.reset();
  await resetStatementStats(sql);
  const walBefore = await walCounters(sql);
  const cpuBefore = await cpuNow(bench, []);

  const profileDir = settings.cpuProfileDir
    ? path.resolve(settings.cpuProfileDir, `${kind}-${workerCount}-workers`)
    : undefined;
  const nodeOptions = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < workerCount; i++) workers.push(startWorker(bench, env, nodeOptions));
  const spawnedAt = workers[0]!.startedAt;
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  let progress = { sent: 0, closed: 0, queued: 0, pending: 0, total: 0 };
  let steadyFrom: { sent: number; cpu: Awaited<ReturnType<typeof cpuNow>> } | undefined;
  for (;;) {
    const [row] = await sql.unsafe<(typeof progress)[]>(`${BENCH_TAG}
      select count(*) filter (where status = 'sent')::int as sent,
        count(*) filter (where status <> 'queued')::int as closed,
        count(*) filter (where status = 'queued')::int as queued,
        (select count(*)::int from outbox where processed_at is null) as pending,
        count(*)::int as total
      from notifications`);
    progress = row!;
    if (progress.sent > 0 && !steadyFrom) {
      steadyFrom = { sent: progress.sent, cpu: await cpuNow(bench, workers) };
    }
    if (progress.pending === 0 && progress.queued === 0 && progress.total >= n) break;
    if (Date.now() > deadline) {
      failures.push(
        `timed out after ${settings.timeoutSeconds} s: ${JSON.stringify(progress)}, ` +
          `${mail.accepted()} accepted by the SMTP server`,
      );
      break;
    }
    await sleep(100);
  }
  const doneAt = Date.now();
  const cpuAfter = await cpuNow(bench, workers);
  const perWorkerCpuSeconds = cpuAfter.perWorker.map((cpu) => round(cpu, 2));
  // Anything arriving late would be a message sent twice.
  await sleep(500);
  const exitCodes = await Promise.all(workers.map((worker) => worker.stop()));
  const walAfter = await walCounters(sql);
  const cpuProfile = profileDir ? await summarizeCpuProfile(profileDir) : undefined;
  const statements = (await statementStats(sql)).filter((s) => !s.query.includes(BENCH_TAG));

  // --- Checks --------------------------------------------------------------------------------
  const [times] = await sql<{ first: number | null; last: number | null }[]>`
    select (extract(epoch from min(sent_at)) * 1000)::float8 as first,
      (extract(epoch from max(sent_at)) * 1000)::float8 as last
    from notifications`;
  const statusRows = await sql<{ status: string; count: number }[]>`
    select status::text, count(*)::int as count from notifications group by status`;
  const statuses = Object.fromEntries(statusRows.map((r) => [r.status, r.count]));
  const languageRows = await sql<{ language: string; count: number }[]>`
    select language::text, count(*)::int as count from notifications group by language`;
  const [retried] = await sql<{ count: number }[]>`
    select count(*)::int as count from notifications where attempts > 1`;
  const [pending] = await sql<{ count: number }[]>`
    select count(*)::int as count from outbox where processed_at is null`;
  const sentIds = await sql<{ id: string | null }[]>`
    select provider_message_id as id from notifications where status = 'sent'`;
  const ids = mail.messageIds();
  const duplicates = [...ids.values()].filter((count) => count > 1).length;
  const notMatched = sentIds.filter((row) => row.id === null || ids.get(row.id) !== 1).length;

  if ((statuses.sent ?? 0) !== n)
    failures.push(
      `${statuses.sent ?? 0} of ${n} sent in the database: ${JSON.stringify(statuses)}`,
    );
  if (mail.accepted() !== n) failures.push(`the SMTP server accepted ${mail.accepted()} of ${n}`);
  if (ids.size !== n || duplicates > 0 || mail.withoutMessageId() > 0) {
    failures.push(
      `${ids.size} distinct Message-IDs for ${mail.accepted()} messages, ${duplicates} ` +
        `accepted more than once, ${mail.withoutMessageId()} without one`,
    );
  }
  if (notMatched > 0) failures.push(`${notMatched} sent messages not accepted exactly once`);
  if (mail.withCalendar() !== n) {
    failures.push(`${mail.withCalendar()} of ${n} messages carried the .ics invitation`);
  }
  if ((pending?.count ?? 0) > 0) failures.push(`${pending?.count} outbox events left pending`);
  exitCodes.forEach((code, i) => {
    if (code !== 0) failures.push(`worker ${workers[i]!.pid} exited with ${code}`);
  });
  for (const failure of failures) console.log(`  FAILED: ${failure}`);
  const workerOutput = workers.map((worker) => worker.output().trim()).filter(Boolean);
  for (const output of workerOutput) console.log(`  worker output: ${output.slice(0, 2000)}`);

  const first = times?.first ?? NaN;
  const last = times?.last ?? NaN;
  const elapsed = (last - spawnedAt) / 1000;
  const window = (doneAt - spawnedAt) / 1000;
  const used = (key: 'workers' | 'postgres' | 'self' | 'machine') => cpuAfter[key] - cpuBefore[key];
  const other = Math.max(0, used('machine') - used('workers') - used('postgres') - used('self'));
  return {
    case: kind,
    workers: workerCount,
    messages: n,
    seconds: round(elapsed, 2),
    messagesPerSecond: Math.round(n / elapsed),
    firstSentAfterSeconds: round((first - spawnedAt) / 1000, 2),
    steadyMessagesPerSecond: Math.round((n - 1) / ((last - first) / 1000)),
    cpu: {
      workersCores: round(used('workers') / window, 2),
      postgresCores: round(used('postgres') / window, 2),
      smtpServerCores: round(used('self') / window, 2),
      otherCores: round(other / window, 2),
      workersMsPerMessage: round((used('workers') * 1000) / n, 3),
      steadyWorkersMsPerMessage: steadyFrom
        ? round(
            ((cpuAfter.workers - steadyFrom.cpu.workers) * 1000) /
              Math.max(1, (statuses.sent ?? 0) - steadyFrom.sent),
            3,
          )
        : NaN,
      postgresMsPerMessage: round((used('postgres') * 1000) / n, 3),
      smtpServerMsPerMessage: round((used('self') * 1000) / n, 3),
    },
    perWorkerCpuSeconds,
    smtp: {
      accepted: mail.accepted(),
      uniqueMessageIds: ids.size,
      duplicates,
      withoutMessageId: mail.withoutMessageId(),
      withCalendar: mail.withCalendar(),
      averageBytes: Math.round(mail.bytes() / Math.max(1, mail.accepted())),
      connections: mail.connections(),
      logins: mail.logins(),
    },
    database: {
      statuses,
      retried: retried?.count ?? 0,
      eventsPending: pending?.count ?? 0,
      languages: Object.fromEntries(languageRows.map((r) => [r.language, r.count])),
      notMatchedAtSmtp: notMatched,
    },
    wal: {
      records: walAfter.records - walBefore.records,
      bytes: walAfter.bytes - walBefore.bytes,
      flushes: walAfter.syncs - walBefore.syncs,
      flushesPerMessage: round((walAfter.syncs - walBefore.syncs) / n, 3),
    },
    statements: statements.slice(0, 12).map((s) => ({
      query: s.query.slice(0, 600),
      calls: s.calls,
      callsPerMessage: round(s.calls / n, 3),
      meanExecMs: s.meanExecMs,
      totalExecMs: s.totalExecMs,
    })),
    ...(preparedFanOutSeconds === undefined ? {} : { preparedFanOutSeconds }),
    ...(cpuProfile ? { cpuProfile } : {}),
    workerOutput,
    failures,
  };
}

/** The queued case's messages, planned with the app's own fan-out in this process. */
async function planInProcess(bench: BenchDatabase): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(bench.dataDir, 'bench-app'),
    CLINIC_TIMEZONE: settings.timeZone,
    CLINIC_NAME: settings.clinicName,
  });
  const logger = createLogger('warn');
  const services = createServices(config, bench.database, systemClock, logger);
  try {
    while ((await services.notificationWorker.dispatchEvents()) > 0) {
      // every pending event
    }
  } finally {
    await closeServices(services);
  }
}

async function cpuNow(bench: BenchDatabase, workers: WorkerProcess[]) {
  const usage = process.cpuUsage();
  const perWorker = await Promise.all(workers.map((worker) => worker.cpuSeconds()));
  return {
    workers: perWorker.reduce((sum, cpu) => sum + cpu, 0),
    perWorker,
    postgres: await bench.postgresCpuSeconds(),
    self: (usage.user + usage.system) / 1e6,
    machine: await machineCpuSeconds(),
  };
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
