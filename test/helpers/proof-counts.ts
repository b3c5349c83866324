import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

/**
 * What one proof test counted (issue 16: the proof suite), for the table the integration tier's
 * global setup prints when the run ends. The counts are the report, never the check: a test
 * asserts on them itself, and records them first so that a failing run still shows them.
 */
export interface ProofCounts {
  /** Which proof: the fuzzer, the access matrix, the crash, the race. */
  proof: string;
  /** HTTP requests sent. */
  requests: number;
  /** Answers of 500 or above. */
  serverErrors: number;
  /** What should be there and is not: a 201 with no row, a message never delivered, a write. */
  lost: number;
  /** What is there twice: a slot booked twice, a message delivered twice. */
  doubled: number;
  /** What else is worth reading, in a few words: "10 trials, 10 winners". */
  notes?: string;
  seconds: number;
}

const FILE = 'counts.jsonl';

/** Appends one proof's counts to this run's file (one JSON line: safe from parallel workers). */
export function recordProof(counts: ProofCounts): void {
  const dir = inject('proofDir') as string | undefined;
  if (!dir) return;
  appendFileSync(path.join(dir, FILE), `${JSON.stringify(counts)}\n`);
}

/** A stopwatch for `seconds`. */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => Math.round((performance.now() - started) / 100) / 10;
}

/** The table of every proof recorded in `dir`, or undefined when none was. */
export function proofTable(dir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, FILE), 'utf8');
  } catch {
    return undefined;
  }
  const rows = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProofCounts)
    .sort((a, b) => a.proof.localeCompare(b.proof));
  if (!rows.length) return undefined;
  const header = ['proof', 'requests', '5xx', 'lost', 'doubled', 'seconds', 'notes'];
  const body = rows.map((row) => [
    row.proof,
    row.requests.toLocaleString('en'),
    String(row.serverErrors),
    String(row.lost),
    String(row.doubled),
    row.seconds.toFixed(1),
    row.notes ?? '',
  ]);
  const total = (pick: (row: ProofCounts) => number) =>
    rows.reduce((sum, row) => sum + pick(row), 0);
  body.push([
    'total',
    total((row) => row.requests).toLocaleString('en'),
    String(total((row) => row.serverErrors)),
    String(total((row) => row.lost)),
    String(total((row) => row.doubled)),
    total((row) => row.seconds).toFixed(1),
    '',
  ]);
  const widths = header.map((name, column) =>
    Math.max(name.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 || column === cells.length - 1
          ? cell.padEnd(widths[column]!)
          : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [
    'Proof suite (issue 16): the counts of this run',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.slice(0, -1).map(line),
    line(widths.map((width) => '-'.repeat(width))),
    line(body.at(-1)!),
  ].join('\n');
}
