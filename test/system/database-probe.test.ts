import { describe, expect, it } from 'vitest';
import { DatabaseProbe, PROBE_FRESH_MS } from '../../src/modules/system/database-probe.js';

/** A check that the test answers by hand, counting how often it was asked. */
function manualCheck() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    pending,
    check: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
  };
}

describe('the database probe behind /health', () => {
  it('asks the database once for every request that comes while a check is on its way', async () => {
    const database = manualCheck();
    const probe = new DatabaseProbe(database.check, () => 0);
    const answers = Array.from({ length: 50 }, () => probe.up());
    expect(database.pending).toHaveLength(1);
    database.pending[0]!.resolve();
    expect(await Promise.all(answers)).toEqual(Array(50).fill(true));
  });

  it('lets a success stand for a second, then asks again', async () => {
    const database = manualCheck();
    let now = 10_000;
    const probe = new DatabaseProbe(database.check, () => now);
    const first = probe.up();
    database.pending[0]!.resolve();
    await first;
    now += PROBE_FRESH_MS - 1;
    expect(await probe.up()).toBe(true);
    expect(database.pending).toHaveLength(1);
    now += 1;
    const again = probe.up();
    expect(database.pending).toHaveLength(2);
    database.pending[1]!.resolve();
    expect(await again).toBe(true);
  });

  it('never keeps a failure: the next request asks again and sees the recovery', async () => {
    const database = manualCheck();
    const probe = new DatabaseProbe(database.check, () => 0);
    const failing = [probe.up(), probe.up()];
    database.pending[0]!.reject(new Error('connection refused'));
    for (const answer of failing) await expect(answer).rejects.toThrow('connection refused');
    const recovered = probe.up();
    expect(database.pending).toHaveLength(2);
    database.pending[1]!.resolve();
    expect(await recovered).toBe(true);
  });
});
