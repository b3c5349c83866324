/* eslint-disable no-console -- a benchmark reports to its terminal */
/**
 * Free-slot computation alone, no database or HTTP: `npm run bench:slots`.
 *
 * 50 professionals × 31 days in America/Sao_Paulo, each with realistic weekly hours (mornings
 * and afternoons on weekdays, some Saturdays, slots of 20 to 60 minutes), about 110 active
 * appointments on their grid over the month and some time off; the minimum notice and horizon
 * of the scheduling benchmark. Times the free slots plus the response (`startsAt`/`endsAt`
 * strings) per professional-month, for the original per-slot computation (the reference the
 * tests keep) and for the current one, interleaved run by run.
 *
 * BENCH_RUNS (default 300) runs of the 50 professionals each, after BENCH_WARMUP (default 50).
 */
import { zonedFreeSlots, type Interval, type SlotQuery } from '../src/modules/scheduling/slots.js';
import { referenceFreeSlots, referenceToZonedIso } from '../test/scheduling/slots-reference.js';

const timeZone = 'America/Sao_Paulo';
const runs = Number(process.env.BENCH_RUNS ?? 300);
const warmup = Number(process.env.BENCH_WARMUP ?? 50);
const now = Date.parse('2026-11-23T12:00:00Z');
const from = '2026-11-24';
const to = '2026-12-24';

/** mulberry32 */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function professional(index: number): SlotQuery {
  const next = random(index + 1);
  const slotMinutes = [30, 30, 30, 20, 40, 45, 60][index % 7]!;
  const weekly = [];
  for (let weekday = 1; weekday <= 5; weekday++) {
    if (index % 3 === 0) weekly.push({ weekday, start: '08:00', end: '18:00' });
    else {
      weekly.push({ weekday, start: '08:00', end: '12:00' });
      weekly.push({ weekday, start: '13:00', end: '18:00' });
    }
  }
  if (index % 4 === 0) weekly.push({ weekday: 6, start: '08:00', end: '12:00' });
  // ~110 appointments on the grid of the weekday hours, in the 31 days; time off for one in five.
  const busy: Interval[] = [];
  const slotMs = slotMinutes * 60_000;
  const first = Date.parse('2026-11-24T11:00:00Z'); // 08:00 local
  while (busy.length < 110) {
    const day = Math.floor(next() * 31);
    const weekday = new Date(first + day * 86_400_000).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const start = first + day * 86_400_000 + Math.floor(next() * (600 / slotMinutes)) * slotMs;
    busy.push({ start: new Date(start), end: new Date(start + slotMs) });
  }
  if (index % 5 === 0) {
    const start = Date.parse('2026-12-02T03:00:00Z');
    busy.push({ start: new Date(start), end: new Date(start + 86_400_000) });
  }
  return {
    timeZone,
    slotMinutes,
    weekly,
    from,
    to,
    busy,
    earliest: new Date(now + 60 * 60_000),
    latest: new Date(now + 365 * 86_400_000),
  };
}

const queries = Array.from({ length: 50 }, (_, index) => professional(index));

/** What the app answered before: `freeSlots`, then each slot through `toZonedIso`. */
function before(query: SlotQuery) {
  return referenceFreeSlots(query).map((slot) => ({
    startsAt: referenceToZonedIso(slot.start, timeZone),
    endsAt: referenceToZonedIso(slot.end, timeZone),
  }));
}

/** What the app answers now (`AvailabilityService.slots`). */
function after(query: SlotQuery) {
  return zonedFreeSlots(query).map(({ startsAt, endsAt }) => ({ startsAt, endsAt }));
}

const variants = { before, after };
let slots = 0;
for (const query of queries) {
  const a = JSON.stringify(before(query));
  const b = JSON.stringify(after(query));
  if (a !== b) throw new Error('before and after differ');
  slots += before(query).length;
}

const samples: Record<keyof typeof variants, number[]> = { before: [], after: [] };
let sink = 0;
for (let run = 0; run < warmup + runs; run++) {
  for (const name of Object.keys(variants) as (keyof typeof variants)[]) {
    for (const query of queries) {
      const started = process.hrtime.bigint();
      sink += variants[name](query).length;
      const micros = Number(process.hrtime.bigint() - started) / 1000;
      if (run >= warmup) samples[name].push(micros);
    }
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
console.log(
  `${queries.length} professionals × 31 days, ${(slots / queries.length).toFixed(0)} free slots ` +
    `each on average; ${runs} runs (after ${warmup} warm-up); Node ${process.version}`,
);
console.log('µs per professional-month   p50      p99     mean');
const results: Record<string, { p50: number; p99: number; mean: number }> = {};
for (const [name, values] of Object.entries(samples)) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  results[name] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
  console.log(
    `${name.padEnd(26)} ${results[name].p50.toFixed(1).padStart(7)} ${results[name].p99
      .toFixed(1)
      .padStart(8)} ${mean.toFixed(1).padStart(8)}`,
  );
}
console.log(
  `p50 ×${(results.before!.p50 / results.after!.p50).toFixed(1)} faster (${sink > 0 ? 'ok' : ''})`,
);
