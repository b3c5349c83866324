import { RateLimiterDrizzle, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../../db/database.js';
import { rateLimits } from '../../db/schema/accounts.js';
import { secondsToWait } from './rate-limits.js';

export interface GrowingDelaySettings {
  /** Distinguishes this limiter's rows from others' in `rate_limits`. */
  keyPrefix: string;
  /** Tries counted before the first wait. */
  freeTries: number;
  /** The longest wait between two tries, in seconds. */
  maxDelaySeconds: number;
  /** How long tries are remembered after the first one, in seconds. */
  memorySeconds: number;
}

/**
 * Slows guessing down without locking anyone out: after `freeTries` tries for one key, each
 * next try waits 1 s, then 2 s, 4 s… up to `maxDelaySeconds`, counted from the try before.
 * A try is counted when it is admitted, before its outcome is known, so that a burst of
 * parallel requests cannot slip in before the first failure is written; the caller clears the
 * key on success. Both rows live in PostgreSQL, shared by every app instance; keys are the
 * caller's (hash them: the table should hold no addresses).
 */
export class GrowingDelay {
  private readonly tries: RateLimiterDrizzle;
  /** One point per key: whoever takes it sets the wait before the next try. */
  private readonly gate: RateLimiterDrizzle;

  constructor(
    db: Db,
    private readonly settings: GrowingDelaySettings,
  ) {
    const common = { storeClient: db, schema: rateLimits, clearExpiredByTimeout: false };
    this.tries = new RateLimiterDrizzle({
      ...common,
      keyPrefix: `${settings.keyPrefix}-tries`,
      // Never refused here: the gate decides.
      points: Number.MAX_SAFE_INTEGER,
      duration: settings.memorySeconds,
    });
    this.gate = new RateLimiterDrizzle({
      ...common,
      keyPrefix: `${settings.keyPrefix}-gate`,
      points: 1,
      duration: settings.maxDelaySeconds,
    });
  }

  /** Counts a try and returns 0 when it may go ahead, else the seconds to wait (not counted). */
  async admit(key: string): Promise<number> {
    const waiting = await this.gate.get(key);
    if (waiting && waiting.consumedPoints >= 1) return secondsToWait(waiting);
    const { consumedPoints: ordinal } = await this.tries.consume(key);
    if (ordinal < this.settings.freeTries) return 0;
    const delay = Math.min(2 ** (ordinal - this.settings.freeTries), this.settings.maxDelaySeconds);
    try {
      // Atomic: of parallel tries past the free ones, only the first through the gate goes.
      await this.gate.consume(key, 1, { customDuration: delay });
      return 0;
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection; // a database error, not the gate
      await this.tries.reward(key);
      return secondsToWait(rejection as RateLimiterRes);
    }
  }

  /** Forgets the key's tries and any wait (after a success). */
  async clear(key: string): Promise<void> {
    await Promise.all([this.tries.delete(key), this.gate.delete(key)]);
  }
}
