/* eslint-disable no-console -- a benchmark reports to its terminal */
/**
 * Clinical records under load: prescription PDFs rendered per second, lab report result files
 * (10 MB each) downloaded per second, and the app's memory while 20 such downloads run at once
 * (files are streamed, not held in memory).
 *
 *   npm run bench:records
 *
 * Starts a throwaway, durable PostgreSQL and the app as a child process (`npm run build`, then
 * `node dist/server.js`, as `npm start` does), seeds a clinic day straight into the tables,
 * and through the API: calls a patient in, issues prescriptions, orders lab reports and
 * uploads a 10 MB PDF result to each. Then, with autocannon in this process (never the app's):
 * `GET /health` (the route every request pays for, as a ceiling), `GET /prescriptions/{id}/pdf`
 * and `GET /lab-reports/{id}/file`, as the professional who saw the patient (each read is
 * checked against the care relation and written to the audit log, as in production). The app's
 * resident memory is sampled from /proc every 50 ms. Writes a markdown table and
 * bench/results/records.json.
 *
 * Environment: BENCH_DURATION (10 s per case), BENCH_WARMUP (2 s), BENCH_CONNECTIONS (50, for
 * the PDFs), BENCH_DOWNLOADS (20: downloads at once), BENCH_FILE_MB (10), BENCH_FILES (20),
 * BENCH_PRESCRIPTIONS (20), BENCH_OUTPUT (the JSON file to write).
 */
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  gitCommit,
  integerFromEnv,
  machine,
  markdownTable,
  round,
  runLoad,
  sleep,
  writeResults,
  type LoadResult,
} from './lib/load.js';
import { seedQueueDay } from './lib/queue-day-seed.js';
import { startAppProcess, startBenchDatabase, type AppProcess } from './lib/server.js';

const settings = {
  durationSeconds: integerFromEnv('BENCH_DURATION', 10, 1),
  warmupSeconds: integerFromEnv('BENCH_WARMUP', 2, 0),
  connections: integerFromEnv('BENCH_CONNECTIONS', 50, 1),
  downloads: integerFromEnv('BENCH_DOWNLOADS', 20, 1),
  fileMegabytes: integerFromEnv('BENCH_FILE_MB', 10, 1),
  files: integerFromEnv('BENCH_FILES', 20, 1),
  prescriptions: integerFromEnv('BENCH_PRESCRIPTIONS', 20, 1),
  timeZone: 'America/Sao_Paulo',
};
const API = '/api/v1';
const RESULTS_FILE =
  process.env.BENCH_OUTPUT ?? fileURLToPath(new URL('./results/records.json', import.meta.url));

interface CaseResult {
  case: string;
  connections: number;
  load: LoadResult;
  /** Megabytes per second of response bodies (downloads). */
  megabytesPerSecond?: number;
  /** The app's resident memory: before the case, and its peak while it ran. */
  rssMiB: { before: number; peak: number };
  /** CPU cores the app kept busy. */
  appCores: number;
}

async function main(): Promise<void> {
  const bench = await startBenchDatabase({ poolSize: 4, durable: true });
  try {
    await run(bench);
  } finally {
    await bench.close();
  }
}

async function run(bench: Awaited<ReturnType<typeof startBenchDatabase>>): Promise<void> {
  const day = await seedQueueDay(bench.database.sql, {
    timeZone: settings.timeZone,
    professionals: 1,
    perProfessional: 8,
    warmUpAppointments: 0,
  });
  const commit = gitCommit();
  const app = await startAppProcess(bench, {
    env: { CLINIC_TIMEZONE: settings.timeZone, NOTIFICATION_WORKER: 'off' },
  });
  console.log(`app: pid ${app.pid}, ${app.command}, ${app.baseUrl}`);
  const startedRss = await rssMiB(app.pid);
  const pro = day.professionals[0]!;
  const api = client(app.baseUrl);

  // One patient in the room: the prescriptions are theirs, the lab reports too.
  const appointment = day.appointments[0]![0]!;
  await api.call('POST', `/appointments/${appointment.id}/check-in`, day.adminToken);
  await api.call('POST', `/appointments/${appointment.id}/call`, pro.token);
  const [patient] = await bench.database.sql<{ registerNumber: string }[]>`
    select p.register_number as "registerNumber" from appointments a
    join patients p on p.user_id = a.patient_user_id where a.id = ${appointment.id}`;

  const prescriptionIds: string[] = [];
  for (let index = 0; index < settings.prescriptions; index += 1) {
    const issued = await api.call<{ id: string }>(
      'POST',
      `/appointments/${appointment.id}/prescriptions`,
      pro.token,
      {
        items: Array.from({ length: 3 }, (_, item) => ({
          drug: `Losartana potássica ${50 + item * 25} mg`,
          dosage: '1 comprimido ao dia',
          instructions: 'Tomar pela manhã, em jejum, com um copo de água.',
          quantity: '30 comprimidos',
        })),
      },
    );
    prescriptionIds.push(issued.id);
  }

  const file = resultPdf(settings.fileMegabytes * 1024 * 1024);
  const reportIds: string[] = [];
  const uploadStart = performance.now();
  for (let index = 0; index < settings.files; index += 1) {
    const report = await api.call<{ id: string }>(
      'POST',
      `/patients/${patient!.registerNumber}/lab-reports`,
      pro.token,
      { lab: 'Laboratório Central', exam: `Exame ${index + 1}`, appointmentId: appointment.id },
    );
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'r.pdf');
    await api.call('PUT', `/lab-reports/${report.id}/file`, pro.token, form);
    reportIds.push(report.id);
  }
  const uploadSeconds = (performance.now() - uploadStart) / 1000;
  const seededRss = await rssMiB(app.pid);
  console.log(
    `seeded ${prescriptionIds.length} prescriptions and ${reportIds.length} results of ` +
      `${settings.fileMegabytes} MB (uploads: ${round((settings.files * settings.fileMegabytes) / uploadSeconds, 1)} MB/s); ` +
      `app RSS ${startedRss} MiB at start, ${seededRss} MiB after the uploads`,
  );

  const auth = { authorization: `Bearer ${pro.token}` };
  const cycle = (paths: string[]) => {
    let next = 0;
    return () => ({ method: 'GET' as const, path: paths[next++ % paths.length]!, headers: auth });
  };
  const results: CaseResult[] = [];
  results.push(
    await measure(app, 'GET /health (ceiling)', settings.connections, () => ({
      method: 'GET',
      path: '/health',
    })),
  );
  results.push(
    await measure(
      app,
      'GET /prescriptions/{id}/pdf',
      settings.connections,
      cycle(prescriptionIds.map((id) => `${API}/prescriptions/${id}/pdf`)),
    ),
  );
  const download = await measure(
    app,
    `GET /lab-reports/{id}/file (${settings.fileMegabytes} MB)`,
    settings.downloads,
    cycle(reportIds.map((id) => `${API}/lab-reports/${id}/file`)),
  );
  download.megabytesPerSecond = round(download.load.requestsPerSecond * settings.fileMegabytes, 1);
  results.push(download);

  const table = markdownTable(
    ['Case', 'Conn.', 'req/s', 'MB/s', 'p50 ms', 'p99 ms', 'errors', 'app cores', 'RSS MiB'],
    results.map((result) => [
      result.case,
      String(result.connections),
      String(round(result.load.requestsPerSecond, 0)),
      result.megabytesPerSecond === undefined ? '' : String(result.megabytesPerSecond),
      String(round(result.load.p50Ms, 1)),
      String(round(result.load.p99Ms, 1)),
      String(result.load.errors),
      String(result.appCores),
      `${result.rssMiB.before} → ${result.rssMiB.peak}`,
    ]),
    1,
  );
  console.log(`\n${table}\n`);
  await writeResults(RESULTS_FILE, {
    commit,
    at: new Date().toISOString(),
    machine: machine(bench.postgresVersion),
    settings,
    rssMiB: { started: startedRss, afterUploads: seededRss },
    uploadMegabytesPerSecond: round((settings.files * settings.fileMegabytes) / uploadSeconds, 1),
    results,
    table,
  });
}

/** A warm-up, then a measured run, sampling the app's memory and CPU. */
async function measure(
  app: AppProcess,
  name: string,
  connections: number,
  next: Parameters<typeof runLoad>[0]['next'],
): Promise<CaseResult> {
  const base = { url: app.baseUrl, connections, mode: 'keep-alive' as const, next };
  if (settings.warmupSeconds) await runLoad({ ...base, durationSeconds: settings.warmupSeconds });
  await sleep(500);
  const before = await rssMiB(app.pid);
  let peak = before;
  const sampler = setInterval(() => {
    void rssMiB(app.pid).then((value) => {
      peak = Math.max(peak, value);
    });
  }, 50);
  const cpuBefore = await app.cpuSeconds();
  const load = await runLoad({ ...base, durationSeconds: settings.durationSeconds });
  const cpuAfter = await app.cpuSeconds();
  clearInterval(sampler);
  if (!load) throw new Error('stopped');
  const result: CaseResult = {
    case: name,
    connections,
    load,
    rssMiB: { before, peak },
    appCores: round((cpuAfter - cpuBefore) / load.seconds, 2),
  };
  console.log(
    `  ${name}: ${round(load.requestsPerSecond, 0)} req/s, p99 ${round(load.p99Ms, 1)} ms, ` +
      `${load.errors} errors, RSS ${before} → ${peak} MiB`,
  );
  if (load.unexpectedSamples.length) console.log(load.unexpectedSamples);
  return result;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kib / 1024, 1);
}

/** A valid PDF of about `bytes` bytes: one page of text, then a stream of padding. */
function resultPdf(bytes: number): Buffer {
  const padding = Buffer.alloc(bytes, 0x20);
  const head = Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
      `3 0 obj\n<< /Length ${bytes} >>\nstream\n`,
    'latin1',
  );
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, padding, tail]);
}

function client(baseUrl: string) {
  return {
    async call<T = unknown>(
      method: 'GET' | 'POST' | 'PUT',
      path: string,
      token: string,
      body?: unknown,
    ): Promise<T> {
      const form = body instanceof FormData;
      const response = await fetch(`${baseUrl}${API}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

await main();
