import { RateLimiterDrizzle, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../../db/database.js';
import { rateLimits } from '../../db/schema/accounts.js';
import { sha256 } from '../../lib/crypto.js';

/** Whole seconds until a limiter's window lets the key try again; at least 1. */
export function secondsToWait(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

/**
 * Counts one point for the key; returns 0 when it was within the limit, else the seconds until
 * it is. rate-limiter-flexible rejects with its state for a limit and with an Error for a
 * database failure: only the first is an answer.
 */
export async function consumeOrWait(limiter: RateLimiterDrizzle, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return secondsToWait(rejection as RateLimiterRes);
  }
}

/** A limit counted for any key: 0 while within it, else the seconds until the key may try again. */
export type RateLimit = (key: string) => Promise<number>;

/**
 * `points` tries per `durationSeconds` for each key, counted in the rate-limit table so that
 * every app instance shares the count (other modules' limits, such as prescription checks per
 * client IP, come from here). Keys are stored hashed: the table holds no addresses.
 */
export function sharedRateLimit(
  db: Db,
  options: { keyPrefix: string; points: number; durationSeconds: number },
): RateLimit {
  const limiter = new RateLimiterDrizzle({
    storeClient: db,
    schema: rateLimits,
    keyPrefix: options.keyPrefix,
    points: options.points,
    duration: options.durationSeconds,
  });
  return (key) => consumeOrWait(limiter, sha256(key).toString('base64url'));
}
