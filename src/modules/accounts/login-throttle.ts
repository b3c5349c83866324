import { RateLimiterDrizzle, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../../db/database.js';
import { rateLimits } from '../../db/schema/index.js';
import { sha256 } from '../../lib/crypto.js';

export interface LoginThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  lockoutMinutes: number;
}

/**
 * Counts failed sign-ins per account and per client IP in PostgreSQL, so every app instance
 * sees the same counts. An account's count resets when its owner signs in; the IP's does not.
 * Keys are hashed: the table holds no e-mail addresses or IPs.
 */
export class LoginThrottle {
  private readonly perAccount: RateLimiterDrizzle;
  private readonly perIp: RateLimiterDrizzle;

  constructor(db: Db, settings: LoginThrottleSettings) {
    const duration = settings.lockoutMinutes * 60;
    const common = { storeClient: db, schema: rateLimits, duration };
    this.perAccount = new RateLimiterDrizzle({
      ...common,
      keyPrefix: 'login-account',
      points: settings.maxFailuresPerAccount,
    });
    this.perIp = new RateLimiterDrizzle({
      ...common,
      keyPrefix: 'login-ip',
      points: settings.maxFailuresPerIp,
    });
  }

  /** Seconds until this account or IP may try again; 0 when it may try now. */
  async retryAfterSeconds(ip: string, accountKey: string): Promise<number> {
    const [account, address] = await Promise.all([
      this.perAccount.get(key(accountKey)),
      this.perIp.get(key(ip)),
    ]);
    return Math.max(
      waitSeconds(account, this.perAccount.points),
      waitSeconds(address, this.perIp.points),
    );
  }

  async recordFailure(ip: string, accountKey: string): Promise<void> {
    // consume() rejects once a limit is passed; the caller has already checked, so ignore that.
    await Promise.all([
      this.perAccount.consume(key(accountKey)).catch(ignoreLimitReached),
      this.perIp.consume(key(ip)).catch(ignoreLimitReached),
    ]);
  }

  async recordSuccess(accountKey: string): Promise<void> {
    await this.perAccount.delete(key(accountKey));
  }
}

const key = (value: string) => sha256(value).toString('base64url');

function waitSeconds(state: RateLimiterRes | null, limit: number): number {
  if (!state || state.consumedPoints < limit) return 0;
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

function ignoreLimitReached(rejection: unknown): void {
  if (rejection instanceof Error) throw rejection; // a database error, not a limit
}
