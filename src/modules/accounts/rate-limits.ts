import type { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';

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
