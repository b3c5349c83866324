import { RateLimiterDrizzle } from 'rate-limiter-flexible';
import type { Db } from '../../db/database.js';
import { rateLimits } from '../../db/schema/accounts.js';
import { sha256 } from '../../lib/crypto.js';
import { GrowingDelay } from './growing-delay.js';
import { clientKey, KnownClients, type LoginClient } from './known-clients.js';
import { consumeOrWait } from './rate-limits.js';

export interface LoginThrottleSettings {
  /** Failures for one account from one client (IP, or known device) before the delays begin. */
  failuresBeforeDelay: number;
  /** Failures for one account from every client in the window before only known clients may try. */
  maxFailuresPerAccount: number;
  /** Failures from one IP, to any accounts, in the window before only known clients may try. */
  maxFailuresPerIp: number;
  /** The counting window, and the longest delay. */
  lockoutMinutes: number;
}

/** How long one client's failures for an account are remembered (a success forgets them). */
const CLIENT_MEMORY_SECONDS = 24 * 60 * 60;

export type LoginAdmission =
  | { admitted: false; retryAfterSeconds: number }
  | {
      admitted: true;
      /** The password was right: forgets this client's failures; returns its device token. */
      succeeded(): Promise<string>;
    };

/**
 * Sign-in throttling that slows guessing down without letting anyone lock the owner out
 * (OWASP: account lockout and slow brute force). Each try is counted when admitted (a wrong
 * password needs nothing more; a right one is refunded), for:
 * - the account and the client (its known device, else its IP): after a few failures each
 *   next try waits longer, doubling up to the lockout window; nobody else is slowed by them;
 * - the client IP, across accounts, and the account, across clients: past those limits only
 *   clients that signed in to that account before (`KnownClients`) may still try.
 * Unknown e-mail addresses go through the same steps. Counts live in PostgreSQL, shared by
 * every app instance; keys are hashed: the table holds no e-mail addresses or IPs.
 */
export class LoginThrottle {
  private readonly perAccount: RateLimiterDrizzle;
  private readonly perIp: RateLimiterDrizzle;
  private readonly perClient: GrowingDelay;
  /** Wrong current passwords in `PATCH /auth/me`, per session: they never affect sign-in. */
  private readonly perSession: GrowingDelay;
  private readonly known: KnownClients;

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
    const delays = {
      freeTries: settings.failuresBeforeDelay,
      maxDelaySeconds: duration,
      memorySeconds: Math.max(CLIENT_MEMORY_SECONDS, duration),
    };
    this.perClient = new GrowingDelay(db, { ...delays, keyPrefix: 'login-client' });
    this.perSession = new GrowingDelay(db, { ...delays, keyPrefix: 'password-check' });
    this.known = new KnownClients(db);
  }

  /** Counts a sign-in try for this account (the normalised e-mail) unless it must wait. */
  async admit(account: string, client: LoginClient): Promise<LoginAdmission> {
    const recognition = await this.known.recognise(account, client);
    const clientAccountKey = key(`${account}\n${clientKey(client, recognition)}`);
    const counted: [RateLimiterDrizzle, string][] = [];
    const refuse = async (retryAfterSeconds: number): Promise<LoginAdmission> => {
      // A try that is not made is not counted.
      await Promise.all(counted.map(([limiter, limiterKey]) => limiter.reward(limiterKey)));
      return { admitted: false, retryAfterSeconds };
    };

    const limits: [RateLimiterDrizzle, string][] = [
      [this.perIp, key(client.ip)],
      [this.perAccount, key(account)],
    ];
    for (const [limiter, limiterKey] of limits) {
      const wait = await consumeOrWait(limiter, limiterKey);
      counted.push([limiter, limiterKey]);
      // Whoever guesses, a client that signed in here before gets through these two.
      if (wait > 0 && !recognition.known) return refuse(wait);
    }
    const wait = await this.perClient.admit(clientAccountKey);
    if (wait > 0) return refuse(wait);

    return {
      admitted: true,
      succeeded: async () => {
        await Promise.all([
          ...counted.map(([limiter, limiterKey]) => limiter.reward(limiterKey)),
          this.perClient.clear(clientAccountKey),
        ]);
        return this.known.remember(account, client, recognition.deviceKnown);
      },
    };
  }

  /** Counts a current-password check of this session; 0 when it may go, else seconds to wait. */
  admitPasswordCheck(sessionId: string): Promise<number> {
    return this.perSession.admit(key(sessionId));
  }

  passwordCheckSucceeded(sessionId: string): Promise<void> {
    return this.perSession.clear(key(sessionId));
  }
}

const key = (value: string) => sha256(value).toString('base64url');
