/* eslint-disable no-console -- a benchmark reports to its terminal */
/**
 * The day at the front desk: 40 appointments for 5 professionals driven end to end through the
 * API, with every professional's queue stream connected.
 *
 *   npm run bench:queue
 *
 * Starts a throwaway PostgreSQL (durable, as in production) and the app as a child process
 * (`npm run build`, then `node dist/server.js`, as `npm start` does), seeds an admin, the
 * professionals and today's appointments straight into the tables, and opens one
 * `GET /queue/{cn}/events` stream per professional (as the admin, as a waiting-room screen of
 * the front desk would). Then, the professionals all at once, the desk checks their patients in
 * in order of arrival (some declaring a priority) and each professional calls the next one in
 * (`POST /queue/{cn}/next`), sees them and finishes with notes, reading `GET /queue/{cn}` after
 * each step. Two patients do not come and are marked no-shows. At the end it checks the day
 * (everyone attended, tickets, the queue's order, the streams) and reports the latency of each
 * kind of request, and how long after each change its stream showed it: a markdown table, and
 * bench/results/queue-day.json. Exits non-zero when a check fails.
 *
 * Environment: BENCH_PROFESSIONALS (5), BENCH_APPOINTMENTS_PER_PROFESSIONAL (8), BENCH_NO_SHOWS
 * (2), BENCH_ARRIVAL_MS (150: between two arrivals at the desk, per professional),
 * BENCH_CONSULTATION_MS (300: from the call to the finish), BENCH_WARMUP (40: first drive a
 * warm-up professional's day of that many appointments as fast as it goes, with its stream
 * open, not measured; 0: measure a cold app),
 * BENCH_POOL_SIZE (10), BENCH_DURABLE (1), BENCH_APP (dist; tsx runs src/server.ts without
 * building), BENCH_OUTPUT (the JSON file to write).
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openEventStream, type EventStreamReader } from './lib/queue-day-sse.js';
import { seedQueueDay, type DayAppointment, type QueueDay } from './lib/queue-day-seed.js';
import {
  gitCommit,
  integerFromEnv,
  machine,
  markdownTable,
  percentile,
  round,
  sleep,
  writeResults,
} from './lib/load.js';
import { mulberry32 } from './lib/seed-people.js';
import {
  startAppProcess,
  machineCpuSeconds,
  startBenchDatabase,
  type AppProcess,
  type BenchDatabase,
} from './lib/server.js';

const settings = {
  professionals: integerFromEnv('BENCH_PROFESSIONALS', 5, 1),
  perProfessional: integerFromEnv('BENCH_APPOINTMENTS_PER_PROFESSIONAL', 8, 2),
  noShows: integerFromEnv('BENCH_NO_SHOWS', 2, 0),
  arrivalMs: integerFromEnv('BENCH_ARRIVAL_MS', 150, 0),
  consultationMs: integerFromEnv('BENCH_CONSULTATION_MS', 300, 0),
  /** Appointments of a warm-up professional driven first, not measured (0: a cold app). */
  warmUp: integerFromEnv('BENCH_WARMUP', 40, 0),
  poolSize: integerFromEnv('BENCH_POOL_SIZE', 10, 1),
  durable: integerFromEnv('BENCH_DURABLE', 1, 0) === 1,
  app: (process.env.BENCH_APP ?? 'dist') === 'tsx' ? ('tsx' as const) : ('dist' as const),
  timeZone: 'America/Sao_Paulo',
  /** How long a stream may take to show a change before the check fails. */
  streamTimeoutMs: 5_000,
};

const API = '/api/v1';
const RESULTS_FILE =
  process.env.BENCH_OUTPUT ?? fileURLToPath(new URL('./results/queue-day.json', import.meta.url));

const KINDS = ['check-in', 'call next', 'finish', 'no-show', 'GET /queue'] as const;
type Kind = (typeof KINDS)[number];
type Transition = Exclude<Kind, 'GET /queue'>;

interface Snapshot {
  professional: { councilNumber: string };
  date: string;
  inProgress: { appointmentId: string; ticket: string } | null;
  waiting: { appointmentId: string; ticket: string; position: number }[];
  count: number;
}

interface AppointmentAnswer {
  id: string;
  status: string;
  ticket: string | null;
  priority: number;
}

/** A transition as the client saw it: sent, answered, and the appointment it moved. */
interface TransitionRecord {
  professional: number;
  kind: Transition;
  appointmentId: string;
  sentAt: number;
  answeredAt: number;
}

/** Everything one measured run collects. */
class DayLog {
  readonly latencies = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
  readonly transitions: TransitionRecord[] = [];
  readonly failures: string[] = [];
  /** Ticket answered at check-in, by appointment. */
  readonly tickets = new Map<string, { ticket: string | null; priority: number }>();

  constructor(readonly measured: boolean) {}

  fail(message: string): void {
    this.failures.push(message);
    console.log(`  FAILED: ${message}`);
  }
}

class Client {
  constructor(
    private readonly app: AppProcess,
    private readonly log: DayLog,
  ) {}

  /** One request, timed from before fetch to the end of the body; non-2xx is a failure. */
  async send<T>(
    kind: Kind,
    token: string,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<{ body: T; sentAt: number; answeredAt: number } | undefined> {
    const sentAt = performance.now();
    const response = await fetch(`${this.app.baseUrl}${API}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const answeredAt = performance.now();
    this.log.latencies.get(kind)!.push(answeredAt - sentAt);
    if (response.status !== 200) {
      this.log.fail(`${method} ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
      return undefined;
    }
    return { body: JSON.parse(text) as T, sentAt, answeredAt };
  }
}

/** A count the professional's loop waits on: patients checked in so far. */
class Arrivals {
  private count = 0;
  private ended = false;
  private waiters: (() => void)[] = [];

  add(): void {
    this.count++;
    this.wake();
  }

  /** The desk has no one more to send (or gave up). */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Resolves true once more than `n` patients arrived, false if none will. */
  async beyond(n: number): Promise<boolean> {
    while (this.count <= n) {
      if (this.ended) return false;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return true;
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

async function main(): Promise<void> {
  const total = settings.professionals * settings.perProfessional;
  console.log(
    `queue day: ${total} appointments for ${settings.professionals} professionals ` +
      `(${settings.noShows} no-shows), an arrival every ~${settings.arrivalMs} ms per ` +
      `professional, consultations of ~${settings.consultationMs} ms; PostgreSQL ` +
      `${settings.durable ? 'durable (fsync and synchronous_commit on)' : 'with fsync off'}`,
  );
  const started = performance.now();
  const bench = await startBenchDatabase({ poolSize: 4, durable: settings.durable });
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
  const sql = bench.database.sql;
  const day = await seedQueueDay(sql, {
    timeZone: settings.timeZone,
    professionals: settings.professionals,
    perProfessional: settings.perProfessional,
    warmUpAppointments: settings.warmUp,
  });
  console.log(
    `seeded ${day.appointments.flat().length} appointments today (${day.today}, ` +
      `${settings.timeZone}) for ${day.professionals.length} professionals in ${seconds(started)} s`,
  );

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
      // The sweeper must leave today's earlier appointments to the desk.
      NO_SHOW_AFTER_MINUTES: '1440',
      SESSION_TTL_MINUTES: '720',
    },
  });
  console.log(`app: pid ${app.pid}, ${app.command}, ${app.baseUrl} (${seconds(started)} s)`);

  if (day.warmUp.length) {
    // As fast as it goes, with the professional's stream open: every path the day takes.
    const warmUpLog = new DayLog(false);
    const warmUpPro = day.professionals.length - 1;
    const stream = await openEventStream(
      `${app.baseUrl}${API}/queue/${day.professionals[warmUpPro]!.councilNumber}/events`,
      { authorization: `Bearer ${day.adminToken}` },
    );
    const warmUpStart = performance.now();
    await driveProfessional(app, day, warmUpPro, day.warmUp, [], warmUpLog, {
      arrivalMs: 0,
      consultationMs: 0,
    });
    stream.close();
    console.log(
      `warm-up: ${day.warmUp.length} appointments driven in ${seconds(warmUpStart)} s, not ` +
        `measured${warmUpLog.failures.length ? `; ${warmUpLog.failures.length} FAILED` : ''}`,
    );
  }

  // No-shows: the first appointment of some professionals, when its start has passed.
  const noShowIds = new Set<string>();
  for (let p = 0; p < settings.professionals && noShowIds.size < settings.noShows; p += 2) {
    const first = day.appointments[p]![0]!;
    if (first.startsAt.getTime() <= Date.now() - 60_000) noShowIds.add(first.id);
  }
  if (noShowIds.size < settings.noShows) {
    console.log(
      `only ${noShowIds.size} of ${settings.noShows} no-shows: a no-show needs an appointment ` +
        'whose start has passed (the day starts at 08:00 in the clinic’s zone)',
    );
  }

  const log = new DayLog(true);
  const streams = await openStreams(app, day, log);
  const cpuBefore = await cpuNow(app, bench);
  const dayStart = performance.now();
  await Promise.all(
    day.appointments.map((appointments, p) =>
      driveProfessional(app, day, p, appointments, [...noShowIds], log, settings),
    ),
  );
  const dayMs = performance.now() - dayStart;
  const cpuAfter = await cpuNow(app, bench);
  console.log(`the day took ${(dayMs / 1000).toFixed(1)} s`);

  const streamReport = await settleStreams(day, streams, log);
  for (const stream of streams) stream?.close();
  await checkDay(app, bench.database.sql, day, noShowIds, log);

  // --- Report --------------------------------------------------------------------------------
  const rows: ({ kind: string } & ReturnType<typeof stats>)[] = [
    ...KINDS.map((kind) => ({ kind, ...stats(log.latencies.get(kind)!) })),
    {
      kind: 'stream: snapshot after the response',
      ...stats(streamReport.flatMap((s) => s.afterResponseMs)),
    },
    {
      kind: 'stream: snapshot after the request',
      ...stats(streamReport.flatMap((s) => s.afterRequestMs)),
    },
  ];
  const table = markdownTable(
    ['Request', 'Count', 'min ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    rows.map((row) => [
      row.kind,
      String(row.count),
      ms(row.minMs),
      ms(row.p50Ms),
      ms(row.p90Ms),
      ms(row.p99Ms),
      ms(row.maxMs),
    ]),
    1,
  );
  const streamTable = markdownTable(
    ['Professional', 'Transitions', 'Snapshots', 'Shown', 'Most waiting', 'Final snapshot empty'],
    streamReport.map((s) => [
      s.councilNumber,
      String(s.transitions),
      String(s.snapshots),
      String(s.shown),
      String(s.mostWaiting),
      s.finalEmpty ? 'yes' : 'NO',
    ]),
    1,
  );
  console.log(`\n${table}\n\n${streamTable}`);
  const cores = (key: keyof typeof cpuBefore) =>
    round((cpuAfter[key] - cpuBefore[key]) / (dayMs / 1000), 2);
  const cpu = {
    appCores: cores('app'),
    postgresCores: cores('postgres'),
    benchCores: cores('self'),
    otherCores: round(
      Math.max(0, cores('machine') - cores('app') - cores('postgres') - cores('self')),
      2,
    ),
  };
  console.log(
    `\nCPU cores busy during the day: the app ${cpu.appCores}, PostgreSQL ` +
      `${cpu.postgresCores}, this script ${cpu.benchCores}, other processes ${cpu.otherCores} ` +
      `(of ${machine(bench.postgresVersion).cpus})`,
  );
  const appOutput = app.output().trim();
  if (appOutput) console.log(`\nthe app printed:\n${appOutput.split('\n').slice(-20).join('\n')}`);
  if (log.failures.length) {
    console.log(`\n${log.failures.length} checks failed:`);
    for (const failure of log.failures) console.log(`  - ${failure}`);
  }

  await writeResults(RESULTS_FILE, {
    scenario: 'queue-day',
    date: new Date().toISOString(),
    commit,
    machine: machine(bench.postgresVersion),
    settings,
    app: { command: app.command, env: app.env },
    data: {
      today: day.today,
      professionals: settings.professionals,
      appointments: day.appointments.flat().length,
      noShows: noShowIds.size,
      priorities: day.appointments.flat().filter((a) => a.expectedPriority > 0).length,
      declaredAtTheDesk: day.appointments.flat().filter((a) => a.declared).length,
    },
    dayMilliseconds: Math.round(dayMs),
    cpu,
    results: rows,
    streams: streamReport.map(({ afterResponseMs: _a, afterRequestMs: _b, ...s }) => s),
    failures: log.failures,
    table,
    streamTable,
  });
  return log.failures.length > 0;
}

/**
 * One professional's day, the desk and the professional at once. The desk marks the no-shows
 * among their appointments, then checks the others in in order, one every ~arrivalMs,
 * declaring a priority when the patient has one to declare, and reads the queue after each.
 * The professional, whenever someone has checked in, calls the next one, reads the queue, sees
 * the patient for ~consultationMs, finishes with notes and reads the queue again.
 */
async function driveProfessional(
  app: AppProcess,
  day: QueueDay,
  p: number,
  appointments: DayAppointment[],
  noShowIds: string[],
  log: DayLog,
  pace: { arrivalMs: number; consultationMs: number },
): Promise<void> {
  const client = new Client(app, log);
  const professional = day.professionals[p]!;
  const cn = professional.councilNumber;
  const random = mulberry32(1000 + p);
  const jitter = (base: number) => Math.round(base * (0.5 + random()));
  const arrivals = new Arrivals();
  const coming = appointments.filter((a) => !noShowIds.includes(a.id));
  const record = (kind: Transition, appointmentId: string, sentAt: number, answeredAt: number) =>
    log.transitions.push({ professional: p, kind, appointmentId, sentAt, answeredAt });

  const desk = async () => {
    try {
      for (const appointment of appointments.filter((a) => noShowIds.includes(a.id))) {
        const answer = await client.send<AppointmentAnswer>(
          'no-show',
          day.adminToken,
          'POST',
          `/appointments/${appointment.id}/no-show`,
        );
        if (answer) record('no-show', appointment.id, answer.sentAt, answer.answeredAt);
        if (answer && answer.body.status !== 'no_show') {
          log.fail(`no-show of ${appointment.id}: status ${answer.body.status}`);
        }
      }
      for (const [index, appointment] of coming.entries()) {
        if (index > 0) await sleep(jitter(pace.arrivalMs));
        const answer = await client.send<AppointmentAnswer>(
          'check-in',
          day.adminToken,
          'POST',
          `/appointments/${appointment.id}/check-in`,
          appointment.declared ? { priority: true, priorityReason: appointment.declared } : {},
        );
        if (!answer) continue;
        record('check-in', appointment.id, answer.sentAt, answer.answeredAt);
        log.tickets.set(appointment.id, {
          ticket: answer.body.ticket,
          priority: answer.body.priority,
        });
        if (answer.body.status !== 'checked_in') {
          log.fail(`check-in of ${appointment.id}: status ${answer.body.status}`);
        }
        arrivals.add();
        await readQueue(client, day.adminToken, cn, log);
      }
    } finally {
      arrivals.end();
    }
  };

  const professionalLoop = async () => {
    for (let seen = 0; seen < coming.length; seen++) {
      if (!(await arrivals.beyond(seen))) return;
      const called = await client.send<AppointmentAnswer>(
        'call next',
        professional.token,
        'POST',
        `/queue/${cn}/next`,
      );
      if (!called) return;
      record('call next', called.body.id, called.sentAt, called.answeredAt);
      if (called.body.status !== 'in_progress') {
        log.fail(`call next of ${cn}: status ${called.body.status}`);
      }
      await readQueue(client, professional.token, cn, log);
      await sleep(jitter(pace.consultationMs));
      const finished = await client.send<AppointmentAnswer>(
        'finish',
        professional.token,
        'POST',
        `/appointments/${called.body.id}/finish`,
        { notes: 'Exame físico sem alterações. Retorno em 30 dias com os exames pedidos.' },
      );
      if (!finished) return;
      record('finish', called.body.id, finished.sentAt, finished.answeredAt);
      if (finished.body.status !== 'finished') {
        log.fail(`finish of ${called.body.id}: status ${finished.body.status}`);
      }
      await readQueue(client, professional.token, cn, log);
    }
  };

  await Promise.all([desk(), professionalLoop()]);
}

async function readQueue(client: Client, token: string, cn: string, log: DayLog) {
  const answer = await client.send<Snapshot>('GET /queue', token, 'GET', `/queue/${cn}`);
  if (!answer) return undefined;
  const snapshot = answer.body;
  if (
    snapshot.professional.councilNumber !== cn ||
    snapshot.count !== snapshot.waiting.length ||
    snapshot.waiting.some((entry, index) => entry.position !== index + 1)
  ) {
    log.fail(
      `GET /queue/${cn}: an inconsistent snapshot ${JSON.stringify(snapshot).slice(0, 300)}`,
    );
  }
  return snapshot;
}

/** One stream per professional of the day, as the admin; each must send its first snapshot. */
async function openStreams(
  app: AppProcess,
  day: QueueDay,
  log: DayLog,
): Promise<(EventStreamReader | undefined)[]> {
  return Promise.all(
    day.appointments.map(async (_, p) => {
      const cn = day.professionals[p]!.councilNumber;
      const stream = await openEventStream(`${app.baseUrl}${API}/queue/${cn}/events`, {
        authorization: `Bearer ${day.adminToken}`,
      });
      if (stream.error !== undefined) {
        log.fail(`GET /queue/${cn}/events: ${stream.error}`);
        return undefined;
      }
      try {
        await stream.waitFor((event) => event.event === 'queue', settings.streamTimeoutMs);
      } catch (error) {
        log.fail(`GET /queue/${cn}/events sent no first snapshot: ${String(error)}`);
      }
      return stream;
    }),
  );
}

interface StreamReport {
  councilNumber: string;
  /** Transitions of the professional that change the queue (no-shows do not). */
  transitions: number;
  /** Snapshots received after the first one. */
  snapshots: number;
  /** Transitions a snapshot showed. */
  shown: number;
  /** The longest the queue was (patients waiting) in any snapshot. */
  mostWaiting: number;
  finalEmpty: boolean;
  afterResponseMs: number[];
  afterRequestMs: number[];
}

/**
 * Waits until every stream shows the empty queue, then matches each transition with the first
 * snapshot sent after its request that shows it: a check-in shows the appointment waiting (or
 * already in progress), a call shows it in progress, a finish shows it gone. Snapshots of
 * changes close together may merge into one: it then shows them all.
 */
async function settleStreams(
  day: QueueDay,
  streams: (EventStreamReader | undefined)[],
  log: DayLog,
): Promise<StreamReport[]> {
  const reports: StreamReport[] = [];
  for (const [p, stream] of streams.entries()) {
    const cn = day.professionals[p]!.councilNumber;
    if (!stream) continue;
    const transitions = log.transitions.filter((t) => t.professional === p && t.kind !== 'no-show');
    const lastAnswer = Math.max(0, ...transitions.map((t) => t.answeredAt));
    const snapshots = () =>
      stream.events
        .filter((event) => event.event === 'queue')
        .map((event) => ({ at: event.receivedAt, data: JSON.parse(event.data) as Snapshot }));
    await stream
      .waitFor(
        (event) =>
          event.event === 'queue' &&
          event.receivedAt >= lastAnswer &&
          isEmpty(JSON.parse(event.data) as Snapshot),
        settings.streamTimeoutMs,
      )
      .catch(() => undefined);
    const received = snapshots();
    const final = received.at(-1);
    const report: StreamReport = {
      councilNumber: cn,
      transitions: transitions.length,
      snapshots: Math.max(0, received.length - 1),
      shown: 0,
      mostWaiting: Math.max(0, ...received.map((snapshot) => snapshot.data.count)),
      finalEmpty: final !== undefined && isEmpty(final.data),
      afterResponseMs: [],
      afterRequestMs: [],
    };
    for (const transition of transitions) {
      const id = transition.appointmentId;
      const shows = (snapshot: Snapshot) => {
        const inProgress = snapshot.inProgress?.appointmentId === id;
        const waiting = snapshot.waiting.some((entry) => entry.appointmentId === id);
        if (transition.kind === 'check-in') return waiting || inProgress;
        if (transition.kind === 'call next') return inProgress;
        return !waiting && !inProgress;
      };
      const match = received.find((s) => s.at >= transition.sentAt && shows(s.data));
      if (!match) {
        log.fail(`the stream of ${cn} never showed the ${transition.kind} of ${id}`);
        continue;
      }
      report.shown++;
      report.afterResponseMs.push(match.at - transition.answeredAt);
      report.afterRequestMs.push(match.at - transition.sentAt);
    }
    if (!report.finalEmpty) {
      log.fail(`the last snapshot of ${cn}'s stream is not the empty queue`);
    }
    if (stream.error !== undefined) log.fail(`the stream of ${cn}: ${stream.error}`);
    reports.push(report);
  }
  return reports;
}

const isEmpty = (snapshot: Snapshot) =>
  snapshot.inProgress === null && snapshot.waiting.length === 0 && snapshot.count === 0;

/**
 * The day as it should have ended: everyone finished but the no-shows, notes kept, nobody left
 * in any queue; tickets numbered 1, 2, 3… per professional, `P` exactly for the legal
 * priorities; and every call took the first in line (priority, then arrival) among those
 * waiting at that moment.
 */
async function checkDay(
  app: AppProcess,
  sql: BenchDatabase['database']['sql'],
  day: QueueDay,
  noShowIds: Set<string>,
  log: DayLog,
): Promise<void> {
  const all = day.appointments.flat();
  const ids = all.map((a) => a.id);
  const statuses = await sql<{ status: string; count: number }[]>`
    select status::text, count(*)::int as count from appointments
    where id = any(${sql.array(ids)}::uuid[]) group by status`;
  const byStatus = Object.fromEntries(statuses.map((row) => [row.status, row.count]));
  const expectedFinished = all.length - noShowIds.size;
  if (byStatus.finished !== expectedFinished || (byStatus.no_show ?? 0) !== noShowIds.size) {
    log.fail(
      `expected ${expectedFinished} finished and ${noShowIds.size} no-shows, found ` +
        JSON.stringify(byStatus),
    );
  }
  const [notes] = await sql<{ count: number }[]>`
    select count(*)::int as count from consultation_notes
    where appointment_id = any(${sql.array(ids)}::uuid[])`;
  if (notes?.count !== expectedFinished) {
    log.fail(`expected ${expectedFinished} consultation notes, found ${notes?.count}`);
  }

  // Tickets, as answered at check-in.
  for (const [p, appointments] of day.appointments.entries()) {
    const cn = day.professionals[p]!.councilNumber;
    const numbers: number[] = [];
    for (const appointment of appointments) {
      if (noShowIds.has(appointment.id)) continue;
      const answered = log.tickets.get(appointment.id);
      const match = /^([PN])(\d{3})$/.exec(answered?.ticket ?? '');
      if (!answered || !match) {
        log.fail(`${cn}: check-in of ${appointment.id} answered ticket ${answered?.ticket}`);
        continue;
      }
      numbers.push(Number(match[2]));
      const priority = appointment.expectedPriority > 0;
      if ((match[1] === 'P') !== priority || answered.priority !== appointment.expectedPriority) {
        log.fail(
          `${cn}: ticket ${answered.ticket} (priority ${answered.priority}) for a patient aged ` +
            `${appointment.age}${appointment.declared ? `, ${appointment.declared}` : ''}: ` +
            `expected priority ${appointment.expectedPriority}`,
        );
      }
    }
    const sorted = [...numbers].sort((a, b) => a - b);
    if (sorted.some((number, index) => number !== index + 1)) {
      log.fail(`${cn}: tickets ${sorted.join(', ')} are not 1 to ${sorted.length}, once each`);
    }
  }

  // Every call took the first in line among those checked in before it and called after it.
  const outOfOrder = await sql<{ called: string; before: string }[]>`
    select c.id as called, w.id as before
    from appointments c join appointments w
      on w.professional_user_id = c.professional_user_id and w.id <> c.id
    where c.id = any(${sql.array(ids)}::uuid[]) and c.called_at is not null
      and w.checked_in_at < c.called_at and w.called_at > c.called_at
      and (w.priority > c.priority
        or (w.priority = c.priority and w.checked_in_at < c.checked_in_at))`;
  for (const row of outOfOrder) {
    log.fail(`${row.called} was called in while ${row.before}, before it in line, waited`);
  }

  // Every queue empty, read through the API (not measured).
  for (const professional of day.professionals.slice(0, day.appointments.length)) {
    const response = await fetch(`${app.baseUrl}${API}/queue/${professional.councilNumber}`, {
      headers: { authorization: `Bearer ${day.adminToken}` },
    });
    const snapshot = (await response.json()) as Snapshot;
    if (response.status !== 200 || !isEmpty(snapshot)) {
      log.fail(
        `the queue of ${professional.councilNumber} is not empty at the end: HTTP ` +
          `${response.status} ${JSON.stringify(snapshot).slice(0, 300)}`,
      );
    }
  }
  if (!log.failures.length) {
    console.log(
      `checked: ${expectedFinished} finished with notes, ${noShowIds.size} no-shows, tickets ` +
        'numbered per professional with P for every legal priority, calls in queue order, ' +
        'every queue empty, every change shown on its stream',
    );
  }
}

async function cpuNow(app: AppProcess, bench: BenchDatabase) {
  const usage = process.cpuUsage();
  return {
    app: await app.cpuSeconds(),
    postgres: await bench.postgresCpuSeconds(),
    self: (usage.user + usage.system) / 1e6,
    machine: await machineCpuSeconds(),
  };
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    minMs: round(sorted[0] ?? NaN, 2),
    p50Ms: round(percentile(sorted, 0.5), 2),
    p90Ms: round(percentile(sorted, 0.9), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    maxMs: round(sorted.at(-1) ?? NaN, 2),
  };
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
