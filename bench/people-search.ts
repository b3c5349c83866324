/* eslint-disable no-console -- a benchmark reports to its terminal */
/**
 * People search under load: "search for a patient among 100,000 stays fast".
 *
 *   npx tsx bench/people-search.ts
 *
 * Starts a throwaway PostgreSQL and the app in this process, seeds BENCH_PATIENTS patients
 * (100,000) and 50 professionals, checks that each search answers correctly, then measures
 * each case with autocannon, with keep-alive and with a new connection per request. Prints a
 * markdown table and writes it with the details to bench/results/people-search.json.
 *
 * Environment: BENCH_PATIENTS (100000), BENCH_DURATION (10 s per case), BENCH_WARMUP (2 s),
 * BENCH_CONNECTIONS (50), BENCH_POOL_SIZE (10, the app's default), BENCH_DURABLE (0; 1 for
 * fsync and synchronous commit as in production), BENCH_OUTPUT (the JSON file to write).
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { foldText } from '../src/lib/text.js';
import {
  captureQueries,
  explainAnalyze,
  startBenchServer,
  type BenchServer,
  type CapturedQuery,
} from './lib/server.js';
import {
  gitCommit,
  integerFromEnv,
  machine,
  percentile,
  round,
  sleep,
  toError,
  writeResults,
} from './lib/load.js';
import { mulberry32, seedPeople, type Credentials } from './lib/seed-people.js';

const settings = {
  patients: integerFromEnv('BENCH_PATIENTS', 100_000, 1),
  durationSeconds: integerFromEnv('BENCH_DURATION', 10, 1),
  warmupSeconds: integerFromEnv('BENCH_WARMUP', 2, 0),
  connections: integerFromEnv('BENCH_CONNECTIONS', 50, 1),
  poolSize: integerFromEnv('BENCH_POOL_SIZE', 10, 1),
  durable: integerFromEnv('BENCH_DURABLE', 0, 0) === 1,
  /** Distinct query values per case, taken from the seeded data. */
  samples: 50,
};

const API = '/api/v1';
const RESULTS_FILE =
  process.env.BENCH_OUTPUT ??
  fileURLToPath(new URL('./results/people-search.json', import.meta.url));

type ConnectionMode = 'keep-alive' | 'close';

interface PageBody<T> {
  items: T[];
  total: number;
}
interface PatientItem {
  registerNumber: string;
  name: string;
  email: string;
}
interface ProfessionalItem {
  councilNumber: string;
  name: string;
  specialty: string;
}

type Tokens = Record<'admin' | 'patient', string>;

interface SearchCase {
  name: string;
  /** The role the requests are made as. */
  as: 'admin' | 'patient';
  /** One request path per query value. */
  paths: string[];
  /** Problems with one answer, none when it is right. */
  check(body: unknown, index: number): string[];
}

interface Measurement {
  case: string;
  connectionMode: ConnectionMode;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  responses: number;
  non2xx: number;
  connectionErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** TCP connections the server accepted during the run: one per request with `close`. */
  tcpConnections: number;
  /**
   * Average CPU cores busy during the run: this process (the app and autocannon, which share
   * its event loop), PostgreSQL, and everything else on the machine. It has
   * `os.availableParallelism()` cores.
   */
  cpuCores: { appAndLoadGenerator: number; postgres: number; otherProcesses: number };
  seconds: number;
}

let aborted = false;
let running: autocannon.Instance | undefined;

async function main(): Promise<void> {
  console.log(
    `people-search: ${settings.patients} patients, ${settings.connections} connections, ` +
      `${settings.durationSeconds} s per case after ${settings.warmupSeconds} s of warm-up` +
      `${settings.durable ? ', durable PostgreSQL' : ''}`,
  );
  const server = await startBenchServer({
    poolSize: settings.poolSize,
    durable: settings.durable,
  });
  server.onClose(() => {
    aborted = true;
    running?.stop();
  });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

async function run(server: BenchServer): Promise<void> {
  const sql = server.database.sql;
  console.log(`PostgreSQL ${server.postgresVersion}, app on ${server.baseUrl}; seeding…`);
  const seeded = await seedPeople(sql, {
    patients: settings.patients,
    onProgress: (message) => process.stdout.write(`\r  ${message}   `),
  });
  const seedSeconds = seeded.timings.total / 1000;
  console.log(
    `\nseeded ${seeded.patients} patients and ${seeded.professionals} professionals in ` +
      `${seedSeconds.toFixed(1)} s (${describeTimings(seeded.timings)})`,
  );

  const tokens: Tokens = {
    admin: await login(server, seeded.admin),
    patient: await login(server, seeded.patient),
  };
  const cases = await buildCases(server, seeded.specialties);

  console.log('checking the answers…');
  for (const searchCase of cases) {
    const problems = await verify(server, searchCase, tokens[searchCase.as]);
    if (problems.length) {
      throw new Error(
        `${searchCase.name} answers wrongly:\n  ${problems.slice(0, 20).join('\n  ')}` +
          (problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ''),
      );
    }
    console.log(`  ${searchCase.name}: ${searchCase.paths.length} queries answered correctly`);
  }

  const measurements: Measurement[] = [];
  for (const searchCase of cases) {
    for (const mode of ['keep-alive', 'close'] as const) {
      if (aborted) return;
      const token = tokens[searchCase.as];
      if (settings.warmupSeconds) {
        await load(server, searchCase, mode, token, settings.warmupSeconds);
      }
      const measurement = await load(server, searchCase, mode, token, settings.durationSeconds);
      if (!measurement || aborted) return;
      measurements.push(measurement);
      console.log(
        `  ${searchCase.name}, ${mode}: ${measurement.requestsPerSecond.toFixed(0)} req/s, ` +
          `p50 ${ms(measurement.p50Ms)} ms, p99 ${ms(measurement.p99Ms)} ms, ` +
          `${measurement.errors} errors, ${measurement.tcpConnections} TCP connections, ` +
          `CPU cores busy: app ${measurement.cpuCores.appAndLoadGenerator}, ` +
          `PostgreSQL ${measurement.cpuCores.postgres}, ` +
          `other processes ${measurement.cpuCores.otherProcesses}`,
      );
    }
  }

  console.log('explaining the patient searches…');
  const statements = await statementsPerRequest(server, cases, tokens);
  const explained = await explainSearches(server, cases, tokens.admin);

  const table = markdownTable(measurements);
  console.log(`\n${table}`);
  for (const [name, list] of Object.entries(statements)) {
    console.log(`${name}: ${list.length} SQL statements per request`);
  }
  for (const plan of explained) {
    console.log(
      `EXPLAIN ${plan.case}, statement ${plan.statement + 1} ` +
        `(q=${plan.q}, ${plan.matches} matches; ${plan.settings}): ` +
        `${plan.executionMs} ms + ${plan.planningMs} ms planning, ` +
        `${plan.usesIndexes.length ? `uses ${plan.usesIndexes.join(', ')}` : 'no index'}, ` +
        `${plan.parallelWorkers} parallel workers, ${plan.tempBlocksWritten} temp blocks written`,
    );
  }
  for (const plan of explained) {
    if (plan.case === 'patients: name part' && plan.settings === 'as the app runs it') {
      console.log(`\nq=${plan.q}, statement ${plan.statement + 1}:\n${plan.plan}`);
    }
  }

  // Formatted as the repository's Prettier config wants, so `npm run format:check` passes.
  await writeResults(RESULTS_FILE, {
    scenario: 'people-search',
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine(server.postgresVersion),
    settings,
    seeding: {
      patients: seeded.patients,
      professionals: seeded.professionals,
      seconds: round(seedSeconds, 1),
      milliseconds: Object.fromEntries(
        Object.entries(seeded.timings).map(([step, value]) => [step, Math.round(value)]),
      ),
    },
    results: measurements,
    table,
    statementsPerRequest: statements,
    explain: explained,
  });
}

/** The four searches, each with query values taken from the seeded data. */
async function buildCases(
  server: BenchServer,
  specialties: { key: string; name: string }[],
): Promise<SearchCase[]> {
  const sql = server.database.sql;
  // A fixed, pseudo-random sample: the same seed gives the same patients on every run.
  const sample = await sql<{ name: string; email: string; registerNumber: string }[]>`
    select u.name, u.email, p.register_number as "registerNumber"
    from patients p join users u on u.id = p.user_id
    where u.active
    order by md5(p.register_number)
    limit ${settings.samples}`;
  // Every active patient's name, folded in JavaScript: the expected totals do not depend on
  // the SQL under test.
  const allNames = (
    await sql<{ name: string }[]>`
      select u.name from patients p join users u on u.id = p.user_id where u.active`
  ).map((row) => foldText(row.name));

  // Surnames without their accents, in another case: "ARAUJO", "conceicao", "Magalhaes".
  const terms = sample.map((row, index) => {
    const folded = foldText(row.name.split(' ').at(-1) ?? row.name);
    if (index % 3 === 0) return folded.toUpperCase();
    if (index % 3 === 1) return folded;
    return folded.charAt(0).toUpperCase() + folded.slice(1);
  });
  const expectedTotals = terms.map(
    (term) => allNames.filter((name) => name.includes(foldText(term))).length,
  );
  const emailPrefixes = sample.map((row) => row.email.slice(0, row.email.indexOf('@') + 1));

  const perSpecialty = await sql<{ key: string; count: number }[]>`
    select specialty_key as key, count(*)::int as count
    from professionals pr join users u on u.id = pr.user_id
    where u.active group by specialty_key`;
  const specialtyTotal = new Map(perSpecialty.map((row) => [row.key, row.count]));
  const specialtyQueries = Array.from({ length: settings.samples }, (_, index) => {
    const specialty = specialties[index % specialties.length]!;
    return { key: specialty.key, typed: typedSpecialty(specialty.name, index) };
  });

  return [
    {
      name: 'patients: name part',
      as: 'admin',
      paths: terms.map((term) => `${API}/patients?q=${encodeURIComponent(term)}`),
      check: (body, index) => {
        const term = foldText(terms[index]!);
        const page = body as PageBody<PatientItem>;
        const problems: string[] = [];
        if (page.total !== expectedTotals[index])
          problems.push(
            `q=${terms[index]}: total ${page.total}, expected ${expectedTotals[index]}`,
          );
        if (page.items.length !== Math.min(20, expectedTotals[index]!))
          problems.push(`q=${terms[index]}: ${page.items.length} items on the first page`);
        for (const item of page.items) {
          if (!foldText(item.name).includes(term))
            problems.push(`q=${terms[index]}: "${item.name}" does not contain it`);
        }
        const folded = page.items.map((item) => foldText(item.name));
        if (folded.some((name, i) => i > 0 && name < folded[i - 1]!))
          problems.push(`q=${terms[index]}: not in name order`);
        return problems;
      },
    },
    {
      name: 'patients: register number',
      as: 'admin',
      paths: sample.map((row) => `${API}/patients?q=${encodeURIComponent(row.registerNumber)}`),
      check: (body, index) => {
        const page = body as PageBody<PatientItem>;
        const expected = sample[index]!.registerNumber;
        return page.total === 1 && page.items[0]?.registerNumber === expected
          ? []
          : [`q=${expected}: got ${page.items.map((item) => item.registerNumber).join(', ')}`];
      },
    },
    {
      name: 'patients: e-mail prefix',
      as: 'admin',
      paths: emailPrefixes.map((prefix) => `${API}/patients?q=${encodeURIComponent(prefix)}`),
      check: (body, index) => {
        const page = body as PageBody<PatientItem>;
        const expected = sample[index]!.email;
        return page.total === 1 && page.items[0]?.email === expected
          ? []
          : [`q=${emailPrefixes[index]}: got ${page.items.map((item) => item.email).join(', ')}`];
      },
    },
    {
      name: 'professionals: specialty',
      as: 'patient',
      paths: specialtyQueries.map(
        ({ typed }) => `${API}/professionals?specialty=${encodeURIComponent(typed)}`,
      ),
      check: (body, index) => {
        const page = body as PageBody<ProfessionalItem>;
        const { key, typed } = specialtyQueries[index]!;
        const problems: string[] = [];
        if (page.total !== specialtyTotal.get(key))
          problems.push(
            `specialty=${typed}: total ${page.total}, expected ${specialtyTotal.get(key)}`,
          );
        for (const item of page.items) {
          if (foldText(item.specialty) !== key)
            problems.push(`specialty=${typed}: got ${item.councilNumber} in ${item.specialty}`);
        }
        return problems;
      },
    },
  ];
}

/** A specialty as people type it: "CARDIOLOGÍA", "pediatria", "  Clínica   GERAL"… */
function typedSpecialty(name: string, index: number): string {
  const accented = name.replace(/ia$/, 'ía');
  switch (index % 5) {
    case 0:
      return accented.toUpperCase();
    case 1:
      return foldText(name);
    case 2:
      return `  ${name.replace(/ /g, '   ').toUpperCase()} `;
    case 3:
      return accented.toLowerCase();
    default:
      return name;
  }
}

/** Every query of the case, once, checked: a non-2xx answer or a wrong result is a problem. */
async function verify(server: BenchServer, searchCase: SearchCase, token: string) {
  const problems: string[] = [];
  for (const [index, path] of searchCase.paths.entries()) {
    const response = await fetch(`${server.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      problems.push(`${path}: HTTP ${response.status} ${await response.text()}`);
      continue;
    }
    problems.push(...searchCase.check(await response.json(), index));
  }
  return problems;
}

/** One autocannon run; undefined when interrupted. */
async function load(
  server: BenchServer,
  searchCase: SearchCase,
  mode: ConnectionMode,
  token: string,
  durationSeconds: number,
): Promise<Measurement | undefined> {
  const latencies: number[] = [];
  let tcpConnections = 0;
  const countConnection = () => tcpConnections++;
  server.app.server.on('connection', countConnection);
  const requests = searchCase.paths.map((path) => ({ method: 'GET' as const, path }));
  let clients = 0;
  const cpuBefore = await server.cpuSeconds();
  const started = performance.now();
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      running = autocannon(
        {
          url: server.baseUrl,
          connections: settings.connections,
          duration: durationSeconds,
          headers: {
            authorization: `Bearer ${token}`,
            ...(mode === 'close' ? { connection: 'close' } : {}),
          },
          requests,
          setupClient: (client) => {
            // Each connection walks the query values in its own order.
            client.setRequests(shuffled(requests, mulberry32(++clients)));
            if (mode === 'close') newConnectionPerRequest(client);
          },
        },
        (error: unknown, result) => (error ? reject(toError(error)) : resolve(result)),
      );
      running.on('response', (_client, statusCode, _bytes, milliseconds) => {
        if (statusCode >= 200 && statusCode < 300) latencies.push(milliseconds);
      });
    });
    if (aborted) return undefined;
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = await server.cpuSeconds();
    // autocannon abandons the requests in flight when it stops: let the app finish them before
    // the next run starts.
    await sleep(Math.max(1000, 2 * (latencies.at(-1) ?? 0)));
    latencies.sort((a, b) => a - b);
    const statusCodes = Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
    );
    return {
      case: searchCase.name,
      connectionMode: mode,
      requestsPerSecond: round(result.requests.total / result.duration, 1),
      p50Ms: round(percentile(latencies, 0.5), 2),
      p90Ms: round(percentile(latencies, 0.9), 2),
      p99Ms: round(percentile(latencies, 0.99), 2),
      maxMs: round(latencies.at(-1) ?? 0, 2),
      // autocannon's `errors` counts connection errors and timeouts.
      errors: result.non2xx + result.errors,
      responses: result.requests.total,
      non2xx: result.non2xx,
      connectionErrors: result.errors - result.timeouts,
      timeouts: result.timeouts,
      statusCodes,
      tcpConnections,
      cpuCores: {
        appAndLoadGenerator: round((cpuAfter.process - cpuBefore.process) / seconds, 2),
        postgres: round((cpuAfter.postgres - cpuBefore.postgres) / seconds, 2),
        // Anything else running on the machine meanwhile competes for the same cores.
        otherProcesses: round(
          Math.max(
            0,
            cpuAfter.machine -
              cpuBefore.machine -
              (cpuAfter.process - cpuBefore.process) -
              (cpuAfter.postgres - cpuBefore.postgres),
          ) / seconds,
          2,
        ),
      },
      seconds: round(seconds, 2),
    };
  } finally {
    running = undefined;
    server.app.server.off('connection', countConnection);
  }
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
 */
function newConnectionPerRequest(client: autocannon.Client): void {
  const internals = client as unknown as ClientInternals;
  const send = internals._doRequest.bind(client);
  let used = false;
  internals._doRequest = () => {
    if (used) {
      used = false;
      internals._destroyConnection();
      internals._connect();
      return;
    }
    used = true;
    send();
  };
}

/**
 * The SQL statements one request of each case makes, in order (its first query value). The
 * request is made twice and the second one kept: a session's last_seen_at is written at most
 * once a minute, so the first request may carry that extra UPDATE.
 */
async function statementsPerRequest(server: BenchServer, cases: SearchCase[], tokens: Tokens) {
  const statements: Record<string, string[]> = {};
  for (const searchCase of cases) {
    const path = searchCase.paths[0]!;
    await get(server, path, tokens[searchCase.as]);
    const captured = await captureQueries(server.database, () =>
      get(server, path, tokens[searchCase.as]),
    );
    statements[searchCase.name] = captured.map(({ query }) => query.replace(/\s+/g, ' '));
  }
  return statements;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the reads the app issues for each patient search (one
 * statement, or more if the page and the count are fetched apart), for the query value
 * with the most matches: as the app runs them, and without parallel workers (which PostgreSQL
 * starts for large matches, a fork per query).
 */
async function explainSearches(server: BenchServer, cases: SearchCase[], token: string) {
  const explained: {
    case: string;
    q: string;
    matches: number;
    /** Which of the request's reads, in the order they were sent. */
    statement: number;
    settings: string;
    executionMs: number;
    planningMs: number;
    usesIndexes: string[];
    parallelWorkers: number;
    tempBlocksWritten: number;
    query: string;
    parameters: unknown[];
    plan: string;
  }[] = [];
  for (const searchCase of cases.filter((c) => c.name.startsWith('patients:'))) {
    let worst: { q: string; statements: CapturedQuery[]; total: number } | undefined;
    for (const path of searchCase.paths) {
      let total = 0;
      const captured = await captureQueries(server.database, async () => {
        total = ((await get(server, path, token)) as PageBody<unknown>).total;
      });
      // Every read but the session lookup: the page, and the count if it is fetched apart.
      const statements = captured.filter(
        ({ query }) => /^\s*select\b/i.test(query) && !query.includes('"sessions"'),
      );
      if (statements.length && (!worst || total > worst.total)) {
        const q = new URLSearchParams(path.slice(path.indexOf('?'))).get('q') ?? '';
        worst = { q, statements, total };
      }
    }
    if (!worst) continue;
    for (const [index, statement] of worst.statements.entries()) {
      const variants: Record<string, string>[] = [{}, { max_parallel_workers_per_gather: '0' }];
      for (const settings of variants) {
        const plan = await explainAnalyze(server.database, statement, { settings });
        const number = (pattern: RegExp) => Number(pattern.exec(plan)?.[1] ?? 0);
        explained.push({
          case: searchCase.name,
          q: worst.q,
          matches: worst.total,
          statement: index,
          settings:
            Object.entries(settings)
              .map(([name, value]) => `${name} = ${value}`)
              .join(', ') || 'as the app runs it',
          executionMs: number(/Execution Time: ([\d.]+) ms/),
          planningMs: number(/Planning Time: ([\d.]+) ms/),
          usesIndexes: [
            ...new Set(
              [...plan.matchAll(/(?:Index (?:Only )?Scan using|Bitmap Index Scan on) (\w+)/g)].map(
                (match) => match[1]!,
              ),
            ),
          ],
          parallelWorkers: number(/Workers Launched: (\d+)/),
          tempBlocksWritten: number(/temp (?:read=\d+ )?written=(\d+)/),
          query: statement.query,
          parameters: statement.parameters,
          plan,
        });
      }
    }
  }
  return explained;
}

function markdownTable(measurements: Measurement[]): string {
  const rows = measurements.map((m) => [
    m.case,
    m.connectionMode,
    m.requestsPerSecond.toFixed(0),
    ms(m.p50Ms),
    ms(m.p99Ms),
    String(m.errors),
  ]);
  const header = ['Case', 'Connection', 'Requests/s', 'p50 ms', 'p99 ms', 'Errors'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (i >= 2 ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** GET as a signed-in user; the parsed JSON body, or an error for a non-2xx answer. */
async function get(server: BenchServer, path: string, token: string): Promise<unknown> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok)
    throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function login(server: BenchServer, credentials: Credentials): Promise<string> {
  const response = await fetch(`${server.baseUrl}${API}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) {
    throw new Error(
      `Login as ${credentials.email}: HTTP ${response.status} ${await response.text()}`,
    );
  }
  return ((await response.json()) as { token: string }).token;
}

function describeTimings(timings: Record<string, number>): string {
  return Object.entries(timings)
    .filter(([step]) => step !== 'total')
    .map(([step, value]) => `${step} ${(value / 1000).toFixed(1)} s`)
    .join(', ');
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const ms = (value: number) => value.toFixed(1);

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
