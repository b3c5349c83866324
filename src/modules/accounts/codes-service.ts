import { randomInt, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { RateLimiterDrizzle } from 'rate-limiter-flexible';
import type { Db, Executor } from '../../db/database.js';
import { oneTimeCodes, rateLimits, users, type UserRow } from '../../db/schema/accounts.js';
import {
  badRequest,
  conflict,
  notFound,
  tooManyRequests,
  unprocessable,
} from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { digestsEqual, sha256 } from '../../lib/crypto.js';
import { recordOutboxEvent } from '../notifications/index.js';
import {
  emailCodeChannel,
  phoneCodeChannel,
  type CodeChannel,
  type CodeChannels,
} from './code-channels.js';
import { normalizeEmail, type AccountsService } from './accounts-service.js';
import { consumeOrWait, secondsToWait } from './rate-limits.js';

export type CodePurpose = (typeof oneTimeCodes.$inferSelect)['purpose'];
export type VerificationTarget = 'email' | 'phone';

/** How long a code is valid, and how many wrong tries kill it. */
export const CODE_VALID_MINUTES = 10;
export const CODE_MAX_WRONG_TRIES = 5;

/** Codes sent to one destination (an e-mail address or a phone), whatever their purpose. */
export interface CodeSendLimits {
  perTenMinutes: number;
  perDay: number;
}
export const DEFAULT_SEND_LIMITS: CodeSendLimits = { perTenMinutes: 3, perDay: 10 };

/** One answer for every code that does not work: wrong, expired, used, superseded or dead. */
const WRONG_CODE = 'The code is wrong or has expired. Ask for a new one.';

/**
 * One-time codes: 6 digits from the OS CSPRNG, sent through the outbox (`code.<purpose>`), kept
 * only as SHA-256 of the row id and the code, valid 10 minutes, single use, dead after 5 wrong
 * tries; a new code of the same purpose supersedes the user's older ones. Sending is limited
 * per destination in PostgreSQL (shared by every app instance). The code itself is in the
 * outbox payload only, which the worker clears once delivered; never in a response or a log.
 */
export class OneTimeCodes {
  private readonly perTenMinutes: RateLimiterDrizzle;
  private readonly perDay: RateLimiterDrizzle;
  /**
   * Password-reset attempts (code requests and wrong codes) per client IP per hour. Limits per
   * address alone would let one client mail every patient, or spread guesses over every account.
   */
  private readonly resetAttemptsPerIp: RateLimiterDrizzle;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: Pick<AccountsService, 'setPassword'>,
    /** Where a code can be delivered: codes go nowhere else (503 instead). */
    private readonly channels: CodeChannels,
    resetAttemptsPerIp: number,
    limits: CodeSendLimits = DEFAULT_SEND_LIMITS,
  ) {
    const common = { storeClient: db, schema: rateLimits };
    this.resetAttemptsPerIp = new RateLimiterDrizzle({
      ...common,
      keyPrefix: 'reset-ip',
      points: resetAttemptsPerIp,
      duration: 60 * 60,
    });
    this.perTenMinutes = new RateLimiterDrizzle({
      ...common,
      keyPrefix: 'code-send-10m',
      points: limits.perTenMinutes,
      duration: 10 * 60,
    });
    this.perDay = new RateLimiterDrizzle({
      ...common,
      keyPrefix: 'code-send-day',
      points: limits.perDay,
      duration: 24 * 60 * 60,
    });
  }

  /**
   * `POST /auth/password/forgot`: a code to the address when an active account has it. The
   * caller answers 202 whatever happened: unknown, deactivated and rate-limited addresses, and
   * clients past their attempts, do the same work up to the send (the limit is counted for
   * every address alike). Without an e-mail provider it is a 503 for every address alike, before
   * anything is counted.
   */
  async requestPasswordReset(emailInput: string, ip: string): Promise<void> {
    emailCodeChannel(this.channels);
    const email = normalizeEmail(emailInput);
    const clientAllowed = (await consumeOrWait(this.resetAttemptsPerIp, ipKey(ip))) === 0;
    const allowed = (await this.consumeSend(email)) === 0 && clientAllowed;
    const [user] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.email, email), eq(users.active, true)))
      .limit(1);
    await this.issue(allowed ? user : undefined, 'password_reset', email, 'email');
  }

  /**
   * `POST /auth/password/reset`: with the code sent to this address, sets the new password,
   * signs the user out everywhere and writes `password.changed`. 400 for any code that does not
   * work (and for an address without an account: the same answer); 429 for a client past its
   * attempts, before the code is even looked at.
   */
  async resetPassword(
    input: { email: string; code: string; newPassword: string },
    ip: string,
  ): Promise<void> {
    const spent = await this.resetAttemptsPerIp.get(ipKey(ip));
    if (spent && spent.consumedPoints >= this.resetAttemptsPerIp.points) {
      throw tooManyRequests(
        secondsToWait(spent),
        'Too many password reset attempts from here. Try again later.',
      );
    }
    const email = normalizeEmail(input.email);
    const outcome = await this.db.transaction(async (tx) => {
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, email), eq(users.active, true)))
        .limit(1);
      const result = await this.redeem(tx, user?.id, 'password_reset', input.code);
      if (result.kind !== 'valid') return result;
      if (result.destination !== email) return { kind: 'wrong' } as const;
      await this.accounts.setPassword(user!.id, input.newPassword, tx);
      return result;
    });
    if (outcome.kind !== 'valid') {
      await consumeOrWait(this.resetAttemptsPerIp, ipKey(ip));
      throw badRequest(WRONG_CODE);
    }
  }

  /**
   * `POST /auth/verify/{email|phone}`: a code to the user's own address or phone (by WhatsApp
   * when they chose it and opted in and it has a provider, else by SMS). 409 when it is already
   * verified; 422 without a phone; 503 when no configured channel can deliver it (nothing is
   * issued nor counted); 429 past the send limit.
   */
  async requestVerification(userId: string, target: VerificationTarget): Promise<void> {
    const user = await this.activeUser(userId);
    const destination = target === 'email' ? user.email : user.phone;
    if (!destination) throw unprocessable('Add a phone number to your account first.');
    // A code for nothing to do would only cost an SMS and confuse the user.
    if ((target === 'email' ? user.emailVerifiedAt : user.phoneVerifiedAt) !== null) {
      throw conflict(
        target === 'email' ? 'Your e-mail is already verified.' : 'Your phone is already verified.',
      );
    }
    const channel =
      target === 'email' ? emailCodeChannel(this.channels) : phoneCodeChannel(user, this.channels);
    const wait = await this.consumeSend(destination);
    if (wait > 0) {
      throw tooManyRequests(wait, 'Too many codes were sent there. Try again later.');
    }
    await this.issue(user, purposeOf(target), destination, channel);
  }

  /**
   * `POST /auth/verify/{email|phone}/confirm`: marks the address or phone verified, if it is
   * still the one the code was sent to (422 when it changed since; ask for a new code).
   */
  async confirmVerification(userId: string, target: VerificationTarget, code: string) {
    const outcome = await this.db.transaction(async (tx) => {
      const result = await this.redeem(tx, userId, purposeOf(target), code);
      if (result.kind !== 'valid') return result;
      const now = this.clock.now();
      const [updated] = await tx
        .update(users)
        .set(
          target === 'email'
            ? { emailVerifiedAt: now, updatedAt: now }
            : { phoneVerifiedAt: now, updatedAt: now },
        )
        .where(
          and(
            eq(users.id, userId),
            eq(target === 'email' ? users.email : users.phone, result.destination),
          ),
        )
        .returning({ id: users.id });
      return updated ? result : ({ kind: 'moved' } as const);
    });
    if (outcome.kind === 'moved') {
      throw unprocessable(
        `Your ${target === 'email' ? 'e-mail' : 'phone'} changed since the code was sent. ` +
          'Ask for a new code.',
      );
    }
    if (outcome.kind !== 'valid') throw badRequest(WRONG_CODE);
  }

  /**
   * Makes a code and writes its event, superseding the user's older codes of that purpose, in
   * one transaction. Without a user (an unknown address) it runs the same statements, which
   * then change nothing: the answer takes about as long either way.
   */
  private async issue(
    user: UserRow | undefined,
    purpose: CodePurpose,
    destination: string,
    channel: CodeChannel,
  ): Promise<void> {
    const id = randomUUID();
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const codeHash = hashCode(id, code);
    const now = this.clock.now();
    const nobody = '00000000-0000-0000-0000-000000000000';
    await this.db.transaction(async (tx) => {
      // Serialises concurrent requests for one user, so exactly one code is live at a time.
      await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.id, user?.id ?? nobody))
        .for('no key update');
      await tx
        .update(oneTimeCodes)
        .set({ expiresAt: now })
        .where(
          and(
            eq(oneTimeCodes.userId, user?.id ?? nobody),
            eq(oneTimeCodes.purpose, purpose),
            isNull(oneTimeCodes.usedAt),
            gt(oneTimeCodes.expiresAt, now),
          ),
        );
      if (!user) return;
      await tx.insert(oneTimeCodes).values({
        id,
        userId: user.id,
        purpose,
        destination,
        codeHash,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CODE_VALID_MINUTES * 60_000),
      });
      await recordOutboxEvent(tx, {
        type: `code.${purpose}`,
        payload: { userId: user.id, channel, destination, code, minutes: CODE_VALID_MINUTES },
      });
    });
  }

  /**
   * Checks a code against the user's live one of that purpose, in the caller's transaction: a
   * match uses it up, a miss counts a wrong try (committed with the transaction, which must
   * therefore not be rolled back for a miss).
   */
  private async redeem(
    tx: Executor,
    userId: string | undefined,
    purpose: CodePurpose,
    code: string,
  ): Promise<{ kind: 'valid'; destination: string } | { kind: 'wrong' }> {
    const now = this.clock.now();
    const [live] = userId
      ? await tx
          .select()
          .from(oneTimeCodes)
          .where(
            and(
              eq(oneTimeCodes.userId, userId),
              eq(oneTimeCodes.purpose, purpose),
              isNull(oneTimeCodes.usedAt),
              gt(oneTimeCodes.expiresAt, now),
              lt(oneTimeCodes.wrongTries, CODE_MAX_WRONG_TRIES),
            ),
          )
          .orderBy(desc(oneTimeCodes.createdAt))
          .limit(1)
          .for('update')
      : [];
    // Hash even without a code, so a miss costs the same either way.
    const given = Buffer.from(hashCode(live?.id ?? randomUUID(), code), 'hex');
    if (!live) return { kind: 'wrong' };
    if (!digestsEqual(given, Buffer.from(live.codeHash, 'hex'))) {
      await tx
        .update(oneTimeCodes)
        .set({ wrongTries: sql`${oneTimeCodes.wrongTries} + 1` })
        .where(eq(oneTimeCodes.id, live.id));
      return { kind: 'wrong' };
    }
    await tx.update(oneTimeCodes).set({ usedAt: now }).where(eq(oneTimeCodes.id, live.id));
    return { kind: 'valid', destination: live.destination };
  }

  /**
   * Counts a send to this destination against both limits; returns 0 when it may go, else the
   * seconds until it may. Keys are hashed: the table holds no addresses or phone numbers.
   */
  private async consumeSend(destination: string): Promise<number> {
    const key = sha256(destination).toString('base64url');
    for (const limiter of [this.perTenMinutes, this.perDay]) {
      const wait = await consumeOrWait(limiter, key);
      if (wait > 0) return wait;
    }
    return 0;
  }

  private async activeUser(userId: string): Promise<UserRow> {
    const [user] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.id, userId), eq(users.active, true)));
    if (!user) throw notFound();
    return user;
  }
}

/** Hashed: the table holds no IP addresses. */
const ipKey = (ip: string) => sha256(ip).toString('base64url');

const purposeOf = (target: VerificationTarget): CodePurpose =>
  target === 'email' ? 'email_verification' : 'phone_verification';

/** SHA-256 of the row id and the code: no two rows share a hash, so none can be looked up. */
function hashCode(id: string, code: string): string {
  return sha256(`${id}:${code}`).toString('hex');
}
