/* eslint-disable no-console -- a benchmark reports to its terminal */
/**
 * The database driver's pipelining under a steady load: `npm run bench:pipeline`.
 *
 * N concurrent loops (BENCH_CONCURRENCY, default 12,25,50) each send `select 1` through a pool of
 * 10 postgres.js connections for BENCH_DURATION seconds (default 20), with `max_pipeline` at
 * postgres.js's default (100, what the app uses) and at 1, on a throwaway embedded PostgreSQL.
 * Prints the queries answered in each second: a figure that falls second after second is the
 * driver's own cost growing (as released, its busy-connection queue is an array it appends to
 * and scans, emptied only when the load stops; patches/postgres+3.4.9.patch compacts it), not
 * the database's. Then, for each setting, transactions among plain queries for 5 s: how many failed (with 1, a `begin` is sent behind another query
 * on a busy connection, which is why the app keeps the default; see docs/benchmarks.md).
 */
import postgres from 'postgres';
import { startBenchDatabase } from './lib/server.js';

const concurrencies = (process.env.BENCH_CONCURRENCY ?? '12,25,50').split(',').map(Number);
const seconds = Number(process.env.BENCH_DURATION ?? 20);
const pipelines = [100, 1];

const bench = await startBenchDatabase();
const { connection } = bench;
const connect = (pipeline: number) => {
  // `max_pipeline` is a postgres.js option its type declarations leave out.
  const options = {
    ...connection,
    pass: connection.password,
    max: 10,
    max_pipeline: pipeline,
    onnotice: () => {},
  };
  return postgres(options);
};
try {
  console.log(`select 1 per second, pool of 10, ${seconds} s each`);
  for (const concurrency of concurrencies) {
    for (const pipeline of pipelines) {
      const sql = connect(pipeline);
      await sql`select 1`;
      let answered = 0;
      let running = true;
      const perSecond: number[] = [];
      const tick = setInterval(() => {
        perSecond.push(answered);
        answered = 0;
      }, 1000);
      const loop = async () => {
        while (running) {
          await sql`select 1 as x`;
          answered += 1;
        }
      };
      const stop = setTimeout(() => (running = false), seconds * 1000);
      await Promise.all(Array.from({ length: concurrency }, loop));
      clearInterval(tick);
      clearTimeout(stop);
      await sql.end();
      const first = perSecond.slice(1, 4);
      const last = perSecond.slice(-3);
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      console.log(
        `${String(concurrency).padStart(3)} concurrent, max_pipeline ${String(pipeline).padStart(3)}: ` +
          `seconds 2–4 ${Math.round(mean(first))}/s, last 3 ${Math.round(mean(last))}/s ` +
          `(${perSecond.join(' ')})`,
      );
    }
  }
  for (const pipeline of pipelines) {
    const sql = connect(pipeline);
    let running = true;
    let committed = 0;
    let failed = 0;
    const plain = async () => {
      while (running) await sql`select 1`;
    };
    const transaction = async () => {
      while (running) {
        await sql
          .begin((tx) => tx`select 1`)
          .then(
            () => (committed += 1),
            () => (failed += 1),
          );
      }
    };
    const stop = setTimeout(() => (running = false), 5_000);
    await Promise.all([
      ...Array.from({ length: 30 }, plain),
      ...Array.from({ length: 10 }, transaction),
    ]);
    clearTimeout(stop);
    await sql.end();
    console.log(
      `transactions among 30 plain loops, max_pipeline ${String(pipeline).padStart(3)}: ` +
        `${committed} committed, ${failed} failed`,
    );
  }
} finally {
  await bench.close();
}
