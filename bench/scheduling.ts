/* eslint-disable no-console -- a benchmark reports to its terminal */
/**
 * The performance targets, in one run: booking, a patient's upcoming appointments, a
 * professional's free slots, professionals by specialty and `/health`, at 20,000 and at
 * 1,000,000 appointments, beside a bare Fastify route (the machine's ceiling).
 *
 *   npm run bench        (the same as npm run bench:scheduling)
 *
 * Starts a throwaway PostgreSQL (durable: fsync and synchronous commit on, as in production),
 * the app as a child process (`npm run build`, then `node dist/server.js`, as `npm start`
 * does) and the bare route in another; the load generator is wrk (Debian's package, a process
 * of its own; `BENCH_LOAD=autocannon` runs autocannon in this process instead). Seeds 20,000
 * patients, 50 professionals and 20,000 appointments with set-based SQL, measures every case,
 * grows the appointments to 1,000,000 and measures every case again, each with keep-alive and
 * with a new connection per request. Prints the tables (with each case's share of the ceiling
 * and its cost at 1,000,000 against 20,000) and writes them with the details (CPU per process,
 * the app's peak memory, SQL statements per request from pg_stat_statements, plans from
 * auto_explain) to bench/results/scheduling.json.
 *
 * Environment: BENCH_PATIENTS (20000), BENCH_ONLINE_PATIENTS (2000: those reading during the
 * read cases), BENCH_PROFESSIONALS (50), BENCH_APPOINTMENTS_SMALL
 * (20000), BENCH_APPOINTMENTS (1000000), BENCH_DURATION (10 s per run), BENCH_WARMUP (2 s),
 * BENCH_CONNECTIONS (50), BENCH_POOL_SIZE (10, the app's default, per web process),
 * BENCH_WEB_PROCESSES (1, the app's WEB_PROCESSES), BENCH_NOTIFICATION_WORKER (in-app; off), BENCH_DURABLE (1; 0 turns
 * fsync and synchronous commit off), BENCH_HORIZON_DAYS (365, the app's BOOKING_HORIZON_DAYS),
 * BENCH_CASES (ceiling,health,slots,specialty,upcoming,booking), BENCH_MODES
 * (keep-alive,close), BENCH_LOAD (wrk; or autocannon), BENCH_APP
 * (dist; tsx runs src/server.ts without building), BENCH_CPU_PROFILE (a folder: the app runs
 * with `node --cpu-prof` and the profile is summarized; best with one case in BENCH_CASES),
 * BENCH_NODE_OPTIONS (more options for the app's node), BENCH_OUTPUT (the JSON file to write),
 * BENCH_COMMIT_DELAY and BENCH_COMMIT_SIBLINGS (group commit: PostgreSQL's commit_delay in µs
 * and commit_siblings; unset, its defaults, off).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/lib/clock.js';
import { todayIn } from '../src/lib/dates.js';
import { addDays, toZonedIso } from '../src/lib/time.js';
import {
  gitCommit,
  integerFromEnv,
  machine,
  markdownTable,
  round,
  runLoad,
  sleep,
  stopLoad,
  type ConnectionMode,
  type LoadResult,
  type RequestSpec,
  writeResults,
} from './lib/load.js';
import {
  explainWhile,
  PRELOAD_LIBRARIES,
  resetStatementStats,
  setUpDiagnostics,
  statementStats,
  timeStatement,
  walCounters,
  type LoggedPlan,
  type StatementTiming,
} from './lib/pg-diagnostics.js';
import {
  expectedFreeSlots,
  freeSlots,
  preparePastSlots,
  prepareScheduling,
  schedulingGrid,
  seedFutureAppointments,
  seedPastAppointments,
  type FreeSlot,
  type PreparedScheduling,
  type SchedulingGrid,
} from './lib/seed-scheduling.js';
import { seedPeople } from './lib/seed-people.js';
import { summarizeCpuProfile, type CpuProfileSummary } from './lib/cpu-profile.js';
import {
  machineCpuSeconds,
  startAppProcess,
  startBenchDatabase,
  type AppProcess,
  type BenchDatabase,
  processCpuSeconds,
} from './lib/server.js';
import { startCeiling } from './lib/ceiling.js';
import { runWrk, stopWrk, type WrkResult } from './lib/wrk.js';

/** In the order they run at each size: booking last, since it adds appointments. */
const CASE_KEYS = ['ceiling', 'health', 'slots', 'specialty', 'upcoming', 'booking'] as const;
type CaseKey = (typeof CASE_KEYS)[number];
const MODES = ['keep-alive', 'close'] as const;

/** BENCH_COMMIT_DELAY (µs) and BENCH_COMMIT_SIBLINGS: PostgreSQL's group commit (default off). */
const groupCommitSettings: [string, number][] = [];
for (const [name, variable] of [
  ['commit_delay', 'BENCH_COMMIT_DELAY'],
  ['commit_siblings', 'BENCH_COMMIT_SIBLINGS'],
] as const) {
  const value = process.env[variable]?.trim();
  if (value && /^\d+$/.test(value)) groupCommitSettings.push([name, Number(value)]);
}

const settings = {
  patients: integerFromEnv('BENCH_PATIENTS', 20_000, 50),
  /** Patients signed in and reading during the read cases (of all the seeded ones). */
  onlinePatients: integerFromEnv('BENCH_ONLINE_PATIENTS', 2_000, 1),
  professionals: integerFromEnv('BENCH_PROFESSIONALS', 50, 1),
  smallAppointments: integerFromEnv('BENCH_APPOINTMENTS_SMALL', 20_000, 0),
  appointments: integerFromEnv('BENCH_APPOINTMENTS', 1_000_000, 1),
  durationSeconds: integerFromEnv('BENCH_DURATION', 10, 1),
  warmupSeconds: integerFromEnv('BENCH_WARMUP', 2, 0),
  connections: integerFromEnv('BENCH_CONNECTIONS', 50, 1),
  poolSize: integerFromEnv('BENCH_POOL_SIZE', 10, 1),
  webProcesses: integerFromEnv('BENCH_WEB_PROCESSES', 1, 1),
  /** `off`: no delivery in the app's process (messages still go to the outbox). */
  notificationWorker: process.env.BENCH_NOTIFICATION_WORKER === 'off' ? 'off' : 'in-app',
  durable: integerFromEnv('BENCH_DURABLE', 1, 0) === 1,
  horizonDays: integerFromEnv('BENCH_HORIZON_DAYS', 365, 32),
  cases: listFromEnv('BENCH_CASES', CASE_KEYS, CASE_KEYS),
  modes: listFromEnv('BENCH_MODES', MODES, MODES),
  load:
    (process.env.BENCH_LOAD ?? 'wrk') === 'autocannon' ? ('autocannon' as const) : ('wrk' as const),
  app: (process.env.BENCH_APP ?? 'dist') === 'tsx' ? ('tsx' as const) : ('dist' as const),
  /** More options for the app's node (e.g. V8's heap flags), before the script. */
  nodeOptions: (process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean),
  /** A folder: the app runs with `node --cpu-prof` and its profile is summarized at the end. */
  cpuProfileDir: process.env.BENCH_CPU_PROFILE?.trim() || undefined,
  timeZone: 'America/Sao_Paulo',
  /** Days of free slots asked for at once. */
  slotDays: 31,
  /** Minimum notice the app is given (BOOKING_MIN_NOTICE). */
  minNotice: '1h',
};

const API = '/api/v1';
const RESULTS_FILE =
  process.env.BENCH_OUTPUT ?? fileURLToPath(new URL('./results/scheduling.json', import.meta.url));

interface Target {
  requestsPerSecond?: number;
  p99Ms?: number;
  text: string;
}

/** Throughput targets hold with keep-alive (issue 15); with `close` they are shown, not judged. */
const TARGETS: Record<CaseKey, Target> = {
  booking: { requestsPerSecond: 2300, p99Ms: 50, text: '≥ 2,300/s, p99 ≤ 50 ms' },
  upcoming: { requestsPerSecond: 6500, p99Ms: 20, text: '≥ 6,500/s, p99 ≤ 20 ms' },
  slots: { requestsPerSecond: 2000, text: '≥ 2,000/s' },
  specialty: { requestsPerSecond: 8000, text: '≥ 8,000/s' },
  health: { requestsPerSecond: 15000, text: '≥ 15,000/s' },
  ceiling: { text: '(the ceiling)' },
};

/** Each case at the large size costs at most this much more than at the small one. */
const FLAT_WITHIN = 1.2;
/** The app's resident memory under load, all its processes. */
const RSS_LIMIT_MIB = 150;

const CASE_NAMES: Record<CaseKey, string> = {
  booking: 'book an appointment',
  upcoming: 'a patient’s upcoming appointments',
  slots: 'free slots, 31 days',
  specialty: 'professionals by specialty',
  health: 'GET /health',
  ceiling: 'bare Fastify route (ceiling)',
};

interface Case {
  key: CaseKey;
  next: () => RequestSpec;
  expectedStatuses?: number[];
  /** Requests to hand wrk per second measured: enough that none repeats within a run. */
  distinctPerSecond?: number;
}

interface Measurement extends Omit<LoadResult, 'seconds'> {
  case: string;
  key: CaseKey;
  appointments: number;
  connectionMode: ConnectionMode;
  seconds: number;
  /**
   * Average CPU cores busy during the run: the app's process (or the ceiling's), PostgreSQL's,
   * the load generator, and everything else on the machine. It has `machine.cpus` cores.
   */
  cpuCores: { app: number; postgres: number; loadGenerator: number; otherProcesses: number };
  /** CPU milliseconds per response: the app's and PostgreSQL's. */
  cpuMsPerRequest: { app: number; postgres: number };
  /** The upcoming case: appointments per answer, on average over the online patients. */
  itemsPerAnswer?: number;
  /** The app's resident memory, sampled every 200 ms during the run (all its processes). */
  peakRssMiB: number;
  /** From pg_stat_wal over the run: WAL written, and flushed to disk, per response. */
  wal: {
    bytesPerRequest: number;
    fullPageImagesPerRequest: number;
    flushesPerSecond: number;
    flushesPerRequest: number;
  };
  /** From pg_stat_statements over the run (BEGIN included; COMMIT is not tracked). */
  postgres: {
    statementsPerRequest: number;
    /** Execution and planning time per request, summed over its statements. */
    execMsPerRequest: number;
    planMsPerRequest: number;
    statements: {
      query: string;
      perRequest: number;
      meanExecMs: number;
      meanPlanMs: number;
      rowsPerCall: number;
    }[];
  };
}

interface Explained {
  case: string;
  appointments: number;
  statements: number;
  plans: (LoggedPlan & Partial<StatementTiming>)[];
}

async function main(): Promise<void> {
  console.log(
    `scheduling: ${settings.patients} patients, ${settings.professionals} professionals, ` +
      `${settings.smallAppointments} then ${settings.appointments} appointments; ` +
      `${settings.connections} connections, ${settings.durationSeconds} s per run after ` +
      `${settings.warmupSeconds} s of warm-up; PostgreSQL ` +
      `${settings.durable ? 'durable (fsync and synchronous_commit on)' : 'with fsync off'}`,
  );
  const bench = await startBenchDatabase({
    poolSize: 4,
    durable: settings.durable,
    preloadLibraries: PRELOAD_LIBRARIES,
  });
  // Registered last, so it runs first on Ctrl-C: the load stops before the app does.
  bench.onClose(() => {
    stopLoad();
    stopWrk();
  });
  try {
    await run(bench);
  } finally {
    await bench.close();
  }
}

async function run(bench: BenchDatabase): Promise<void> {
  const sql = bench.database.sql;
  await setUpDiagnostics(sql);
  // Group commit, to measure it: a committing transaction waits `commit_delay` µs for others
  // (when at least `commit_siblings` are open) so that one WAL flush serves them all.
  for (const [name, value] of groupCommitSettings) {
    await sql.unsafe(`alter system set ${name} = ${value}`);
  }
  if (groupCommitSettings.length) await sql`select pg_reload_conf()`;
  const postgresSettings = Object.fromEntries(
    (
      await sql<{ name: string; setting: string }[]>`
        select name, setting from pg_settings
        where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers',
          'work_mem', 'max_wal_size', 'wal_level', 'max_connections', 'commit_delay',
          'commit_siblings')`
    ).map((row) => [row.name, row.setting]),
  );
  console.log(
    `PostgreSQL ${bench.postgresVersion}: ` +
      Object.entries(postgresSettings)
        .map(([name, value]) => `${name}=${value}`)
        .join(', '),
  );

  // --- Seeding -------------------------------------------------------------------------------
  const seeding: Record<string, number> = {};
  const timed = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await action();
    seeding[name] = Math.round(performance.now() - start);
    return result;
  };
  console.log('seeding people…');
  await timed('people', () =>
    seedPeople(sql, { patients: settings.patients, professionals: settings.professionals }),
  );
  const grid = schedulingGrid({
    timeZone: settings.timeZone,
    patients: settings.patients,
    professionals: settings.professionals,
  });
  const prepared = await timed('hoursTimeOffSessions', () => prepareScheduling(sql, grid));
  const future = await timed('futureAppointments', () => seedFutureAppointments(sql, grid));
  const smallPast = Math.max(0, settings.smallAppointments - future);
  const largePast = Math.max(smallPast, settings.appointments - future);
  await timed('pastSlots', () => preparePastSlots(sql, grid, largePast));
  await timed('pastAppointmentsSmall', () => seedPastAppointments(sql, grid, 0, smallPast));
  await timed('analyzeSmall', () => analyze(bench));
  let appointments = await countAppointments(bench);
  console.log(
    `seeded ${settings.patients} patients, ${settings.professionals} professionals, ` +
      `${prepared.timeOff} time off, ${appointments} appointments (${future} upcoming) in ` +
      `${(sum(seeding) / 1000).toFixed(1)} s`,
  );

  // --- The app -------------------------------------------------------------------------------
  // The commit measured: the one built now (src/ may change while the bench runs).
  const commit = gitCommit();
  console.log(
    `starting the app (${settings.app === 'dist' ? 'npm run build, ' : ''}child process)…`,
  );
  const app = await startAppProcess(bench, {
    run: settings.app,
    poolSize: settings.poolSize,
    env: {
      CLINIC_TIMEZONE: settings.timeZone,
      BOOKING_HORIZON_DAYS: String(settings.horizonDays),
      BOOKING_MIN_NOTICE: settings.minNotice,
      SESSION_TTL_MINUTES: '720',
      WEB_PROCESSES: String(settings.webProcesses),
      NOTIFICATION_WORKER: settings.notificationWorker,
    },
    nodeOptions: [
      ...settings.nodeOptions,
      ...(settings.cpuProfileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(settings.cpuProfileDir)}`]
        : []),
    ],
  });
  console.log(`app: pid ${app.pid}, ${app.command}, ${app.baseUrl}`);

  const ceiling = settings.cases.includes('ceiling') ? await startCeiling(bench) : undefined;
  if (ceiling) console.log(`ceiling: pid ${ceiling.pid}, bare Fastify, ${ceiling.baseUrl}`);

  const clinicToday = todayIn(settings.timeZone, systemClock);
  const slotsFrom = addDays(clinicToday, 1);
  const slotsTo = addDays(slotsFrom, settings.slotDays - 1);
  const cases = buildCases(prepared, slotsFrom, slotsTo);
  const bookable = await freeSlots(
    sql,
    grid,
    new Date(Date.now() + 2 * 3_600_000),
    settings.horizonDays - 1,
  );
  cases.booking = bookingCase(prepared, bookable);
  console.log(`${bookable.length} free slots to book`);
  const measurements: Measurement[] = [];
  const explained: Explained[] = [];
  const deliveries: Delivery[] = [];
  const server = (key: CaseKey): Served =>
    key === 'ceiling'
      ? {
          baseUrl: ceiling!.baseUrl,
          cpuSeconds: () => processCpuSeconds(ceiling!.pid),
          rssMiB: async () => NaN,
        }
      : app;
  const measureAll = async (explainToo: boolean) => {
    await check(bench, app, grid, prepared, slotsFrom, slotsTo);
    for (const key of CASE_KEYS) {
      if (!settings.cases.includes(key)) continue;
      if (key === 'booking') await checkBooking(app, cases.booking);
      const items = key === 'upcoming' ? await upcomingPerAnswer(bench, prepared) : undefined;
      if (items !== undefined) console.log(`  the upcoming lists hold ${items} items on average`);
      for (const mode of settings.modes) {
        const measured = await measure(
          bench,
          server(key),
          cases[key],
          mode,
          await countAppointments(bench),
        );
        measurements.push(items === undefined ? measured : { ...measured, itemsPerAnswer: items });
      }
      // Right away: the bookings add appointments, which the others' plans should not see.
      if (explainToo && key !== 'ceiling') {
        explained.push(await explain(bench, app, cases[key], appointments));
      }
      // The bookings' messages are delivered by the app's worker meanwhile: what is left of
      // them must not run during the next measurements.
      if (key === 'booking') deliveries.push(await waitForDelivery(bench));
    }
  };

  // --- Every case at the small size ----------------------------------------------------------
  await measureAll(false);

  // --- Grow ----------------------------------------------------------------------------------
  console.log(`growing to ${settings.appointments} appointments…`);
  await timed('pastAppointmentsLarge', async () => {
    // Chunks of 50,000, two at a time (a backend each: the exclusion constraints' GiST
    // indexes make inserting CPU-bound). Grid slots never clash, so neither waits on the other.
    const chunks: [number, number][] = [];
    for (let from = smallPast; from < largePast; from += 50_000) {
      chunks.push([from, Math.min(largePast, from + 50_000)]);
    }
    let inserted = smallPast;
    const worker = async () => {
      for (let next = chunks.shift(); next; next = chunks.shift()) {
        const count = await seedPastAppointments(sql, grid, next[0], next[1]);
        inserted += count;
        process.stdout.write(`\r  ${future + inserted} appointments   `);
      }
    };
    await Promise.all([worker(), worker()]);
  });
  process.stdout.write('\n');
  // Not the app's: dropped, so that autovacuum has nothing of it to do during the runs.
  await sql`drop table bench.past_slots`;
  await timed('analyzeLarge', () => analyze(bench));
  appointments = await countAppointments(bench);
  console.log(
    `${appointments} appointments; growing took ${(seeding.pastAppointmentsLarge! / 1000).toFixed(1)} s, ` +
      `VACUUM (ANALYZE) and CHECKPOINT ${(seeding.analyzeLarge! / 1000).toFixed(1)} s`,
  );

  // --- Every case at the large size ----------------------------------------------------------
  await measureAll(true);
  const finalCount = await countAppointments(bench);

  // --- Report --------------------------------------------------------------------------------
  const growth = ratios(measurements);
  const table = resultsTable(measurements);
  const growthTable = growthTableOf(growth);
  const cpuTable = cpuAndSqlTable(measurements);
  const peakRssMiB = Math.max(
    ...measurements.filter((m) => m.key !== 'ceiling').map((m) => m.peakRssMiB),
  );
  const memory = `the app's peak resident memory under load: ${peakRssMiB} MiB (target ≤ ${RSS_LIMIT_MIB}: ${peakRssMiB <= RSS_LIMIT_MIB ? 'yes' : 'NO'})`;
  console.log(`\n${table}\n\n${growthTable}\n\n${cpuTable}\n\n${memory}`);
  for (const entry of explained) {
    console.log(
      `\n${entry.case} at ${entry.appointments} appointments: ${entry.statements} plannable ` +
        `statements, ${round(
          entry.plans.reduce((total, plan) => total + plan.durationMs, 0),
          2,
        )} ms in PostgreSQL (auto_explain, with ANALYZE overhead)`,
    );
    console.log('  auto_explain ms | alone: planning ms, execution ms | statement');
    for (const plan of entry.plans) {
      const alone =
        plan.planningMs === undefined
          ? ''.padEnd(17)
          : `${plan.planningMs.toFixed(3).padStart(7)} ${plan.executionMs!.toFixed(3).padStart(7)}  `;
      console.log(
        `  ${plan.durationMs.toFixed(3).padStart(8)}  ${alone} ${plan.query.slice(0, 90)}`,
      );
    }
  }
  let cpuProfile: CpuProfileSummary | undefined;
  if (settings.cpuProfileDir) {
    // node writes the profile when the app exits.
    await app.stop();
    cpuProfile = await summarizeCpuProfile(path.resolve(settings.cpuProfileDir));
    if (cpuProfile) printCpuProfile(cpuProfile);
  }
  const appOutput = app.output().trim();
  if (appOutput) console.log(`\nthe app printed:\n${appOutput.split('\n').slice(-20).join('\n')}`);

  await writeResults(RESULTS_FILE, {
    scenario: 'scheduling',
    date: new Date().toISOString(),
    commit,
    machine: machine(bench.postgresVersion),
    settings,
    postgres: { version: bench.postgresVersion, settings: postgresSettings },
    app: { command: app.command, env: app.env },
    data: {
      patients: settings.patients,
      professionals: settings.professionals,
      timeOff: prepared.timeOff,
      upcomingAppointmentsSeeded: future,
      appointmentsSmall: settings.smallAppointments,
      appointmentsLarge: appointments,
      appointmentsAtTheEnd: finalCount,
      freeSlotsToBook: bookable.length,
    },
    seedingMilliseconds: { ...seeding, ...prefixed('prepare.', prepared.milliseconds) },
    results: measurements,
    deliveries,
    growth,
    peakRssMiB,
    table,
    growthTable,
    cpuTable,
    explain: explained,
    cpuProfile,
  });
}

function buildCases(
  prepared: PreparedScheduling,
  slotsFrom: string,
  slotsTo: string,
): Record<CaseKey, Case> {
  const { patients, professionals } = prepared;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const specialties = [...new Set(professionals.map((p) => p.specialty))];
  // The patients online, in a fixed pseudo-random order over all of them: each request is
  // another of them, and each comes back every `online` requests (its session then in memory,
  // as for a patient moving through the portal).
  const order = onlinePatients(patients.length);
  const online = order.length;
  let slots = 0;
  let specialty = 0;
  let upcoming = 0;
  return {
    slots: {
      key: 'slots',
      next: () => {
        const professional = professionals[slots % professionals.length]!;
        const patient = patients[order[slots++ % online]!]!;
        return {
          method: 'GET',
          path: `${API}/professionals/${professional.councilNumber}/slots?from=${slotsFrom}&to=${slotsTo}`,
          headers: auth(patient.token),
        };
      },
    },
    specialty: {
      key: 'specialty',
      next: () => {
        const name = specialties[specialty % specialties.length]!;
        const patient = patients[order[specialty++ % online]!]!;
        return {
          method: 'GET',
          path: `${API}/professionals?specialty=${encodeURIComponent(name)}`,
          headers: auth(patient.token),
        };
      },
    },
    upcoming: {
      key: 'upcoming',
      next: () => {
        const patient = patients[order[upcoming++ % online]!]!;
        return {
          method: 'GET',
          path: `${API}/patients/${encodeURIComponent(patient.registerNumber)}/appointments?when=upcoming`,
          headers: auth(patient.token),
        };
      },
    },
    // Set once the free slots are known.
    booking: { key: 'booking', next: () => ({ method: 'GET', path: '/health' }) },
    // No session: what every request of the app pays, at the least.
    health: { key: 'health', next: () => ({ method: 'GET', path: '/health' }) },
    // The bare Fastify route, served by its own process.
    ceiling: { key: 'ceiling', next: () => ({ method: 'GET', path: '/ceiling' }) },
  };
}

/** The online patients' ordinals, in the order the read cases send them. */
function onlinePatients(patients: number): number[] {
  const online = Math.min(settings.onlinePatients, patients);
  return Array.from({ length: online }, (_, index) => (index * 7919 + 13) % patients);
}

/**
 * How many upcoming appointments the upcoming case's answers hold on average: the seeded
 * future and the earlier bookings spread over all patients, so the lists are short unless
 * BENCH_PATIENTS is small (the issue's own data: 2,000 patients, ~10 appointments each).
 */
async function upcomingPerAnswer(bench: BenchDatabase, prepared: PreparedScheduling) {
  const ids = onlinePatients(prepared.patients.length).map((n) => prepared.patients[n]!.n);
  const [row] = await bench.database.sql<{ mean: number }[]>`
    select (count(*)::float8 / ${ids.length}) as mean
    from appointments a join bench.patients bp on bp.user_id = a.patient_user_id
    where bp.n = any(${ids}::int[])
      and a.status in ('scheduled', 'checked_in', 'in_progress') and a.ends_at > now()`;
  return Math.round(row!.mean * 10) / 10;
}

/** Every request books another free slot of the grid, as that slot's patient, for themselves. */
function bookingCase(prepared: PreparedScheduling, slots: FreeSlot[]): Case {
  let cursor = 0;
  const bodies = new Map<number, string>();
  return {
    key: 'booking',
    // Past the end the slots come round again, taken: then 409s show it.
    expectedStatuses: [409],
    // Above the target, so that a run never sends one slot twice.
    distinctPerSecond: 4_000,
    next: () => {
      const index = cursor++ % slots.length;
      const slot = slots[index]!;
      let body = bodies.get(index);
      if (body === undefined) {
        body = JSON.stringify({
          professional: prepared.professionals[slot.professional]!.councilNumber,
          startsAt: toZonedIso(slot.startsAt, settings.timeZone),
        });
        bodies.set(index, body);
      }
      return {
        method: 'POST',
        path: `${API}/appointments`,
        headers: {
          authorization: `Bearer ${prepared.patients[slot.patient]!.token}`,
          'content-type': 'application/json',
        },
        body,
      };
    },
  };
}

/** What serves a case: the app, or the ceiling's bare route. */
type Served = Pick<AppProcess, 'baseUrl' | 'cpuSeconds' | 'rssMiB'>;

/** Warm-up, then the measured run, with CPU per process and pg_stat_statements around it. */
async function measure(
  bench: BenchDatabase,
  served: Served,
  testCase: Case,
  mode: ConnectionMode,
  appointments: number,
): Promise<Measurement> {
  const sql = bench.database.sql;
  // Sessions count as just used (as when a patient has just looked at the slots): the app's
  // once-a-minute last_seen_at write is not part of any case.
  await sql`update sessions set last_seen_at = now()`;
  await sql`vacuum sessions`;
  // One list for the warm-up and the run: what the warm-up sent (sessions, caches) is warm for
  // the run, as for users who have been using the app. A booking is never sent twice: its list
  // is long enough for both.
  const total = settings.warmupSeconds + settings.durationSeconds;
  const wrkRequests =
    settings.load === 'wrk'
      ? Array.from(
          { length: Math.max(20_000, (testCase.distinctPerSecond ?? 0) * total) },
          testCase.next,
        )
      : [];
  let sent = 0;
  const load = (durationSeconds: number) => {
    const common = {
      url: served.baseUrl,
      connections: settings.connections,
      durationSeconds,
      mode,
      expectedStatuses: testCase.expectedStatuses,
    };
    if (settings.load === 'autocannon') return runLoad({ ...common, next: testCase.next });
    // A booking case starts the run where the warm-up's share ended; reads repeat the list.
    const from = testCase.distinctPerSecond ? sent : 0;
    sent += (testCase.distinctPerSecond ?? 0) * durationSeconds;
    return runWrk({ ...common, requests: wrkRequests.slice(from) });
  };
  if (settings.warmupSeconds) {
    await load(settings.warmupSeconds);
    await sleep(500);
  }
  await resetStatementStats(sql);
  const walBefore = await walCounters(sql);
  const before = await cpu(bench, served);
  let peakRssMiB = 0;
  const sampler = setInterval(() => {
    void served.rssMiB().then((mib) => (peakRssMiB = Math.max(peakRssMiB, mib)));
  }, 200);
  const result = await load(settings.durationSeconds).finally(() => clearInterval(sampler));
  const after = await cpu(bench, served);
  const walAfter = await walCounters(sql);
  if (!result) throw new Error('interrupted');
  // The load generator abandons the requests in flight when it stops: let the app finish them.
  await sleep(Math.max(1000, 2 * result.maxMs || 0));
  const statements = await statementStats(sql);
  // Those requests ran their statements too: count requests by session lookups, one each
  // unless the session was in the app's memory (then the responses are the better count).
  const sessionLookups = statements
    .filter((s) => /^select .* from "sessions"/i.test(s.query))
    .reduce((most, s) => Math.max(most, s.calls), 0);

  const seconds = (after.wall - before.wall) / 1000;
  const cores = (key: 'app' | 'postgres' | 'self' | 'machine') =>
    (after[key] - before[key]) / seconds;
  // wrk's own CPU time comes from the shell that ran it; autocannon's is this process's.
  const loadCores =
    'cpuSeconds' in result ? (result as WrkResult).cpuSeconds / seconds : cores('self');
  const requests = Math.max(1, sessionLookups, result.responses);
  const measurement: Measurement = {
    case: CASE_NAMES[testCase.key],
    key: testCase.key,
    appointments,
    connectionMode: mode,
    ...result,
    seconds: round(seconds, 2),
    cpuCores: {
      app: round(cores('app'), 2),
      postgres: round(cores('postgres'), 2),
      loadGenerator: round(loadCores, 2),
      otherProcesses: round(
        Math.max(0, cores('machine') - cores('app') - cores('postgres') - loadCores),
        2,
      ),
    },
    cpuMsPerRequest: {
      app: round((cores('app') * 1000) / Math.max(1, result.requestsPerSecond), 3),
      postgres: round((cores('postgres') * 1000) / Math.max(1, result.requestsPerSecond), 3),
    },
    peakRssMiB,
    wal: {
      bytesPerRequest: Math.round(
        (walAfter.bytes - walBefore.bytes) / Math.max(1, result.responses),
      ),
      fullPageImagesPerRequest: round(
        (walAfter.fullPageImages - walBefore.fullPageImages) / Math.max(1, result.responses),
        2,
      ),
      flushesPerSecond: round((walAfter.syncs - walBefore.syncs) / seconds, 1),
      flushesPerRequest: round(
        (walAfter.syncs - walBefore.syncs) / Math.max(1, result.responses),
        3,
      ),
    },
    postgres: {
      statementsPerRequest: round(
        statements.reduce((total, s) => total + s.calls, 0) / requests,
        2,
      ),
      execMsPerRequest: round(
        statements.reduce((total, s) => total + s.totalExecMs, 0) / requests,
        3,
      ),
      planMsPerRequest: round(
        statements.reduce((total, s) => total + s.totalPlanMs, 0) / requests,
        3,
      ),
      statements: statements
        .filter((s) => s.calls >= requests * 0.01)
        .slice(0, 15)
        .map((s) => ({
          query: s.query,
          perRequest: round(s.calls / requests, 2),
          meanExecMs: s.meanExecMs,
          meanPlanMs: s.meanPlanMs,
          rowsPerCall: round(s.rows / Math.max(1, s.calls), 1),
        })),
    },
  };
  console.log(
    `  ${measurement.case} @${appointments}, ${mode}: ` +
      `${measurement.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(measurement.p50Ms)} ms, ` +
      `p99 ${ms(measurement.p99Ms)} ms; ${describeStatuses(measurement)}; CPU cores: app ` +
      `${measurement.cpuCores.app}, PostgreSQL ${measurement.cpuCores.postgres}, ${settings.load} ` +
      `${measurement.cpuCores.loadGenerator}, other ${measurement.cpuCores.otherProcesses}; ` +
      `${measurement.postgres.statementsPerRequest} SQL statements and ` +
      `${measurement.wal.flushesPerRequest} WAL flushes per request; app ${measurement.peakRssMiB} MiB`,
  );
  for (const sample of measurement.unexpectedSamples) {
    console.log(`    unexpected ${sample.status}: ${sample.body}`);
  }
  return measurement;
}

async function cpu(bench: BenchDatabase, served: Served) {
  const usage = process.cpuUsage();
  return {
    wall: performance.now(),
    app: await served.cpuSeconds(),
    postgres: await bench.postgresCpuSeconds(),
    self: (usage.user + usage.system) / 1e6,
    machine: await machineCpuSeconds(),
  };
}

/** The plans of one request (after one more to warm the caches), as auto_explain logs them. */
async function explain(
  bench: BenchDatabase,
  app: AppProcess,
  testCase: Case,
  appointments: number,
): Promise<Explained> {
  await send(app, testCase.next());
  // Timings of one request vary with whatever else runs on the machine: the fastest of three.
  let best: LoggedPlan[] | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const request = testCase.next();
    let status = 0;
    const plans = await explainWhile(bench, async () => {
      status = (await send(app, request)).status;
    });
    if (status >= 400 && !(testCase.expectedStatuses ?? []).includes(status)) {
      console.log(`  (explained request answered ${status})`);
    }
    if (!best || totalMs(plans) < totalMs(best)) best = plans;
  }
  // Each read once more on its own: how long PostgreSQL plans it, and runs it.
  const plans = [];
  for (const plan of best!) {
    plans.push({ ...plan, ...(await timeStatement(bench.database.sql, plan)) });
  }
  return { case: CASE_NAMES[testCase.key], appointments, statements: plans.length, plans };
}

const totalMs = (plans: LoggedPlan[]) => plans.reduce((total, plan) => total + plan.durationMs, 0);

async function send(app: AppProcess, request: RequestSpec) {
  const response = await fetch(`${app.baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * The answers are right before anything is measured: a professional's free slots are the grid
 * minus their appointments and time off, a patient's upcoming appointments are theirs and all
 * of them, a specialty lists its professionals.
 */
async function check(
  bench: BenchDatabase,
  app: AppProcess,
  grid: SchedulingGrid,
  prepared: PreparedScheduling,
  from: string,
  to: string,
): Promise<void> {
  const sql = bench.database.sql;
  const patient = prepared.patients[0]!;
  const auth = { authorization: `Bearer ${patient.token}` };
  for (const professional of prepared.professionals.slice(0, 5)) {
    const earliest = new Date(Date.now() + 3_600_000);
    const answer = await send(app, {
      method: 'GET',
      path: `${API}/professionals/${professional.councilNumber}/slots?from=${from}&to=${to}`,
      headers: auth,
    });
    const expected = await expectedFreeSlots(sql, grid, professional.n, from, to, earliest);
    const got = Array.isArray(answer.body) ? answer.body.length : -1;
    // A slot may pass the minimum notice between the two counts.
    if (answer.status !== 200 || Math.abs(got - expected) > 1) {
      throw new Error(
        `slots of ${professional.councilNumber}: HTTP ${answer.status}, ${got} slots, ` +
          `expected ${expected}: ${JSON.stringify(answer.body).slice(0, 300)}`,
      );
    }
  }
  const [withUpcoming] = await sql<{ n: number; count: number }[]>`
    select bp.n, count(*)::int as count
    from appointments a join bench.patients bp on bp.user_id = a.patient_user_id
    where a.status in ('scheduled', 'checked_in', 'in_progress') and a.ends_at > now()
    group by bp.n order by count(*) desc, bp.n limit 1`;
  if (withUpcoming) {
    const someone = prepared.patients[withUpcoming.n]!;
    const answer = await send(app, {
      method: 'GET',
      path: `${API}/patients/${encodeURIComponent(someone.registerNumber)}/appointments?when=upcoming`,
      headers: { authorization: `Bearer ${someone.token}` },
    });
    const page = answer.body as {
      total?: number;
      items?: { patient: { registerNumber: string } }[];
    };
    if (
      answer.status !== 200 ||
      page.total !== withUpcoming.count ||
      page.items?.some((item) => item.patient.registerNumber !== someone.registerNumber)
    ) {
      throw new Error(
        `upcoming appointments of ${someone.registerNumber}: HTTP ${answer.status}, expected ` +
          `${withUpcoming.count}: ${JSON.stringify(answer.body).slice(0, 300)}`,
      );
    }
  }
  const specialty = prepared.professionals[0]!.specialty;
  const answer = await send(app, {
    method: 'GET',
    path: `${API}/professionals?specialty=${encodeURIComponent(specialty)}`,
    headers: auth,
  });
  const expected = prepared.professionals.filter((p) => p.specialty === specialty).length;
  if (answer.status !== 200 || (answer.body as { total?: number }).total !== expected) {
    throw new Error(
      `professionals of ${specialty}: HTTP ${answer.status}, expected ${expected}: ` +
        JSON.stringify(answer.body).slice(0, 300),
    );
  }
  console.log('the answers are right (free slots, upcoming appointments, specialty)');
}

/** One booking succeeds, and the same slot again is a 409. */
async function checkBooking(app: AppProcess, booking: Case): Promise<void> {
  const request = booking.next();
  const first = await send(app, request);
  const again = await send(app, request);
  if (first.status !== 201 || again.status !== 409) {
    throw new Error(
      `booking: ${first.status} then ${again.status}, expected 201 then 409: ` +
        `${JSON.stringify(first.body).slice(0, 300)} / ${JSON.stringify(again.body).slice(0, 300)}`,
    );
  }
}

interface Delivery {
  /** Outbox events and messages still to handle when the bookings ended. */
  backlog: { events: number; messages: number };
  /** Until the worker had handled them all (or DELIVERY_WAIT_MS passed). */
  seconds: number;
  drained: boolean;
}

/**
 * Faster bookings leave more to deliver (27,375 events after the first size's on 2026-12-03,
 * more than ten minutes' worth): past this wait the next size is measured beside the delivery.
 */
const DELIVERY_WAIT_MS = 1_500_000;

/** Waits until the app's notification worker has handled every event and queued message. */
async function waitForDelivery(bench: BenchDatabase): Promise<Delivery> {
  const sql = bench.database.sql;
  const left = async () => {
    const [row] = await sql<{ events: number; messages: number }[]>`
      select (select count(*)::int from outbox where processed_at is null) as events,
             (select count(*)::int from notifications where status = 'queued') as messages`;
    return row!;
  };
  const backlog = await left();
  const started = performance.now();
  let now = backlog;
  if (settings.notificationWorker === 'in-app') {
    while ((now.events > 0 || now.messages > 0) && performance.now() - started < DELIVERY_WAIT_MS) {
      await sleep(1000);
      now = await left();
    }
  }
  const delivery = {
    backlog,
    seconds: round((performance.now() - started) / 1000, 1),
    drained: now.events === 0 && now.messages === 0,
  };
  const outcome =
    settings.notificationWorker === 'off'
      ? 'the worker is off (BENCH_NOTIFICATION_WORKER)'
      : `${delivery.drained ? 'delivered' : 'NOT all delivered'} in ${delivery.seconds} s`;
  console.log(
    `  after the bookings: ${backlog.events} events and ${backlog.messages} messages left to ` +
      `deliver; ${outcome}`,
  );
  return delivery;
}

/**
 * VACUUM (ANALYZE) of the whole database, as autovacuum would have long done (and so it does
 * not start during a run), and a checkpoint before measuring.
 */
async function analyze(bench: BenchDatabase): Promise<void> {
  const sql = bench.database.sql;
  await sql`vacuum (analyze)`;
  await sql`checkpoint`;
}

async function countAppointments(bench: BenchDatabase): Promise<number> {
  const [row] = await bench.database.sql<
    { count: number }[]
  >`select count(*)::int as count from appointments`;
  return row?.count ?? 0;
}

/** A case at the large size against the small one (same connection mode). */
interface Growth {
  key: CaseKey;
  connectionMode: ConnectionMode;
  smallAppointments: number;
  largeAppointments: number;
  /** Large ÷ small. */
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Requests per second at the large size within FLAT_WITHIN of the small size's. */
  met: boolean;
}

function ratios(measurements: Measurement[]): Growth[] {
  return CASE_KEYS.filter((key) => key !== 'ceiling').flatMap((key) =>
    settings.modes.flatMap((mode) => {
      const runs = measurements.filter((m) => m.key === key && m.connectionMode === mode);
      const [a, b] = [runs[0], runs[1]];
      if (!a || !b) return [];
      const requestsPerSecond = round(b.requestsPerSecond / a.requestsPerSecond, 2);
      return [
        {
          key,
          connectionMode: mode,
          smallAppointments: a.appointments,
          largeAppointments: b.appointments,
          requestsPerSecond,
          p50: round(b.p50Ms / a.p50Ms, 2),
          p99: round(b.p99Ms / a.p99Ms, 2),
          met: requestsPerSecond >= 1 / FLAT_WITHIN,
        },
      ];
    }),
  );
}

/**
 * Every run, with its share of the ceiling's requests per second in the same mode, measured at
 * the same size (the last ceiling before it): the machine's speed moves between sizes.
 */
function resultsTable(measurements: Measurement[]): string {
  const ceilingOf = (m: Measurement) =>
    measurements
      .slice(0, measurements.indexOf(m))
      .reverse()
      .find((c) => c.key === 'ceiling' && c.connectionMode === m.connectionMode);
  const rows = measurements.map((m) => {
    const target = TARGETS[m.key];
    const ceiling = ceilingOf(m);
    const judged = m.connectionMode === 'keep-alive' && target.requestsPerSecond !== undefined;
    const met =
      m.errors === 0 &&
      m.requestsPerSecond >= (target.requestsPerSecond ?? 0) &&
      (target.p99Ms === undefined || m.p99Ms <= target.p99Ms);
    return [
      m.case,
      m.connectionMode,
      m.key === 'ceiling' ? '' : thousands(m.appointments),
      thousands(m.requestsPerSecond),
      ceiling && m.key !== 'ceiling'
        ? `${Math.round((100 * m.requestsPerSecond) / ceiling.requestsPerSecond)}%`
        : '',
      ms(m.p50Ms),
      ms(m.p99Ms),
      m.cpuMsPerRequest.app.toFixed(3),
      m.cpuMsPerRequest.postgres.toFixed(3),
      thousands(m.successes),
      String(m.expected),
      String(m.errors),
      judged ? `${target.text}: ${met ? 'yes' : 'NO'}` : m.key === 'ceiling' ? target.text : '',
    ];
  });
  return markdownTable(
    [
      'Case',
      'Connection',
      'Appointments',
      'Requests/s',
      'Of ceiling',
      'p50 ms',
      'p99 ms',
      'App CPU ms/req',
      'PG CPU ms/req',
      '2xx',
      '409',
      'Errors',
      'Target (keep-alive)',
    ],
    rows,
    2,
  );
}

function growthTableOf(growth: Growth[]): string {
  return markdownTable(
    [
      'Case',
      'Connection',
      'Appointments',
      'Requests/s ×',
      'p50 ×',
      'p99 ×',
      `Flat (req/s within ${FLAT_WITHIN}×)`,
    ],
    growth.map((g) => [
      CASE_NAMES[g.key],
      g.connectionMode,
      `${thousands(g.smallAppointments)} → ${thousands(g.largeAppointments)}`,
      g.requestsPerSecond.toFixed(2),
      g.p50.toFixed(2),
      g.p99.toFixed(2),
      g.met ? 'yes' : 'NO',
    ]),
    2,
  );
}

function cpuAndSqlTable(measurements: Measurement[]): string {
  return markdownTable(
    [
      'Case',
      'Connection',
      'Appointments',
      'App cores',
      'PostgreSQL cores',
      'Load generator cores',
      'Other cores',
      'SQL statements/request',
      'SQL exec ms/request',
      'SQL plan ms/request',
    ],
    measurements.map((m) => [
      m.case,
      m.connectionMode,
      thousands(m.appointments),
      m.cpuCores.app.toFixed(2),
      m.cpuCores.postgres.toFixed(2),
      m.cpuCores.loadGenerator.toFixed(2),
      m.cpuCores.otherProcesses.toFixed(2),
      m.postgres.statementsPerRequest.toFixed(1),
      m.postgres.execMsPerRequest.toFixed(3),
      m.postgres.planMsPerRequest.toFixed(3),
    ]),
    2,
  );
}

function printCpuProfile(profile: CpuProfileSummary): void {
  console.log(
    `\nCPU profile of the app (${profile.file}): busy ${profile.busyMs} ms of ` +
      `${profile.profiledMs} ms`,
  );
  console.log('  by place (self time):');
  for (const entry of profile.byPlace) {
    console.log(`    ${entry.share.toFixed(1).padStart(5)}%  ${entry.place}`);
  }
  console.log('  functions (self time):');
  for (const entry of profile.topSelf.slice(0, 15)) {
    console.log(`    ${entry.share.toFixed(1).padStart(5)}%  ${entry.function}`);
  }
  console.log('  app functions (with what they call):');
  for (const entry of profile.topInclusiveInApp.slice(0, 15)) {
    console.log(`    ${entry.share.toFixed(1).padStart(5)}%  ${entry.function}`);
  }
}

function describeStatuses(m: Measurement): string {
  const codes = Object.entries(m.statusCodes)
    .map(([code, count]) => `${count} × ${code}`)
    .join(', ');
  const failures = [
    m.connectionErrors ? `${m.connectionErrors} connection errors` : '',
    m.timeouts ? `${m.timeouts} timeouts` : '',
  ].filter(Boolean);
  return [codes || 'no responses', ...failures].join(', ') + `; ${m.errors} errors`;
}

function listFromEnv<T extends string>(
  name: string,
  allowed: readonly T[],
  fallback: readonly T[],
): T[] {
  const raw = process.env[name]?.trim();
  if (!raw) return [...fallback];
  const values = raw.split(',').map((value) => value.trim());
  for (const value of values) {
    if (!allowed.includes(value as T)) {
      throw new Error(`${name}: "${value}" is not one of ${allowed.join(', ')}`);
    }
  }
  return values as T[];
}

function prefixed(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [prefix + key, value]));
}

const sum = (values: Record<string, number>) =>
  Object.values(values).reduce((total, value) => total + value, 0);
const ms = (value: number) => value.toFixed(1);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
