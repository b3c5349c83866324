import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

// postgres.js keeps its connections in these queues and moves one between them on every query.
// The release on npm never shortened the array under a steady load (patches/postgres+3.4.9.patch
// fixes it; docs/benchmarks.md, "The driver's queue"): this holds the patched behaviour.
interface Queue<T> {
  readonly length: number;
  push(item: T): T;
  shift(): T | undefined;
  remove(item: T): T | null;
}

// The package's main file is cjs/src/index.js; its root is two folders up.
const driverRoot = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
const variants = ['src/queue.js', 'cjs/src/queue.js', 'cf/src/queue.js'];

/** An array that remembers the longest it has been; `slice` keeps the kind (Symbol.species). */
class Observed<T> extends Array<T> {
  static longest = 0;
  override push(...items: T[]): number {
    const length = super.push(...items);
    Observed.longest = Math.max(Observed.longest, length);
    return length;
  }
}

async function load(variant: string): Promise<(initial: unknown) => Queue<number>> {
  const module = (await import(pathToFileURL(join(driverRoot, variant)).href)) as {
    default: (initial: unknown) => Queue<number>;
  };
  return module.default;
}

it.each(variants)('%s stays short and in order while it is never empty', async (variant) => {
  const Queue = await load(variant);
  Observed.longest = 0;
  const start = Observed.of<number>(1, 2, 3);
  // Queue copies what it is given with slice(): the copy is an Observed too.
  const queue = Queue(start);
  // What the queue must hold, kept in a plain array beside it.
  const model = [1, 2, 3];
  let next = 4;
  for (let round = 0; round < 100_000; round += 1) {
    expect(queue.shift()).toBe(model.shift());
    queue.push(next);
    model.push(next);
    next += 1;
    if (round % 10 === 0) {
      // A connection leaving the queue from the middle, as the driver's move() does.
      queue.push(next);
      expect(queue.remove(next)).toBe(next);
      expect(queue.remove(next)).toBeNull();
      next += 1;
    }
    expect(queue.length).toBe(model.length);
  }
  expect(Observed.longest).toBeLessThan(200);
});

it.each(variants)('%s empties, refills and removes as before', async (variant) => {
  const Queue = await load(variant);
  const queue = Queue([]);
  expect(queue.length).toBe(0);
  expect(queue.shift()).toBeUndefined();
  expect(queue.length).toBe(0);
  queue.push(1);
  queue.push(2);
  queue.push(3);
  expect(queue.remove(2)).toBe(2);
  expect(queue.shift()).toBe(1);
  expect(queue.shift()).toBe(3);
  expect(queue.length).toBe(0);
  queue.push(4);
  expect(queue.shift()).toBe(4);
  expect(queue.remove(4)).toBeNull();
});
