import { and, eq, gt, isNull, ne, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { CacheInvalidation } from '../../db/cache-invalidation.js';
import type { ChangeFeed } from '../../db/change-feed.js';
import type { Db, Executor } from '../../db/database.js';
import { sessions, users } from '../../db/schema/accounts.js';
import type { ResolvedSession, SessionResolver } from '../../http/authenticate.js';
import type { Clock } from '../../lib/clock.js';
import { randomToken, sha256 } from '../../lib/crypto.js';

export interface NewSession {
  id: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Writing last_seen_at on every request would turn each read into a write; once a minute is enough. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** The channel the session triggers notify, with the user's id (migration 0008). */
export const SESSIONS_CHANNEL = 'clinicdesk_sessions';

/**
 * A patient's register number by their user id (null for everyone else), as an expression of
 * the statement that resolves sessions, so that stays one round trip. The patients are
 * people's, and people uses accounts: src/services.ts hands it in.
 */
export type RegisterNumberOf = (userId: SQLWrapper) => SQL<string | null>;

/** Live sessions kept in memory per instance: a few MB at most. */
const CACHED_SESSIONS = 20_000;

interface CachedSession {
  resolved: ResolvedSession;
  expiresAt: number;
  lastSeenAt: number;
}

/**
 * Opaque random session tokens. Only their SHA-256 is stored, so the table alone cannot be
 * used to sign in; revoking is setting revoked_at.
 *
 * Every signed-in request resolves its session, so live sessions are kept in memory. A kept
 * session is checked against the database again once a minute (when last_seen_at is written)
 * and forgotten as soon as a notification says it or its user changed: signing out on one
 * instance takes effect on the others within milliseconds, and within a minute even if the
 * notifications were lost.
 */
export class SessionStore implements SessionResolver {
  async create(userId: string, meta: { ip: string; userAgent?: string }): Promise<NewSession> {
    const token = `cds_${randomToken(32)}`;
    const csrfToken = randomToken(24);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMinutes * 60_000);
    const [row] = await this.db
      .insert(sessions)
      .values({
        userId,
        tokenHash: sha256(token),
        csrfTokenHash: sha256(csrfToken),
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300),
      })
      .returning({ id: sessions.id });
    return { id: row!.id, token, csrfToken, expiresAt };
  }

  /** Runs for every session not in memory: prepared once per connection, not planned each time. */
  private readonly resolveStatement;
  private readonly cache = new LRUCache<string, CachedSession>({ max: CACHED_SESSIONS });
  private readonly invalidation = new CacheInvalidation((userId) => this.forget(userId));

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMinutes: number,
    registerNumberOf: RegisterNumberOf,
  ) {
    this.resolveStatement = this.db
      .select({
        sessionId: sessions.id,
        csrfTokenHash: sessions.csrfTokenHash,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        userId: users.id,
        role: users.role,
        registerNumber: registerNumberOf(users.id),
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.tokenHash, sql.placeholder('tokenHash')),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql.placeholder('now')),
          eq(users.active, true),
        ),
      )
      .limit(1)
      .prepare('session_resolve');
  }

  /** Keeps sessions in memory while the feed reports their changes; resolves once listening. */
  followChanges(feed: ChangeFeed): Promise<() => void> {
    return this.invalidation.follow(feed, SESSIONS_CHANNEL);
  }

  async resolve(token: string): Promise<ResolvedSession | undefined> {
    const now = this.clock.now().getTime();
    const tokenHash = sha256(token);
    const key = tokenHash.toString('base64');
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now && now - cached.lastSeenAt <= LAST_SEEN_RESOLUTION_MS) {
      return cached.resolved;
    }
    const readStartedAt = this.invalidation.readStarted();
    // Placeholders skip Drizzle's value mapping: the instant goes as the text it would send.
    const [row] = await this.resolveStatement.execute({
      tokenHash,
      now: new Date(now).toISOString(),
    });
    if (!row) {
      this.cache.delete(key);
      return undefined;
    }
    let lastSeenAt = row.lastSeenAt.getTime();
    if (now - lastSeenAt > LAST_SEEN_RESOLUTION_MS) {
      await this.db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.id, row.sessionId));
      lastSeenAt = now;
    }
    const resolved: ResolvedSession = {
      actor: {
        kind: 'user',
        userId: row.userId,
        role: row.role,
        sessionId: row.sessionId,
        ...(row.registerNumber !== null && { registerNumber: row.registerNumber }),
      },
      csrfTokenHash: row.csrfTokenHash,
    };
    if (this.invalidation.mayKeep(readStartedAt)) {
      this.cache.set(key, { resolved, expiresAt: row.expiresAt.getTime(), lastSeenAt });
    }
    return resolved;
  }

  async revoke(sessionId: string): Promise<void> {
    const [row] = await this.db
      .update(sessions)
      .set({ revokedAt: this.clock.now() })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ userId: sessions.userId });
    if (row) this.invalidation.changed(row.userId);
  }

  /** Signs the user out everywhere, except (optionally) the session making the change. */
  async revokeAllForUser(
    userId: string,
    exceptSessionId?: string,
    executor: Executor = this.db,
  ): Promise<void> {
    await executor
      .update(sessions)
      .set({ revokedAt: this.clock.now() })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          exceptSessionId ? ne(sessions.id, exceptSessionId) : sql`true`,
        ),
      );
    // Inside a transaction the notification comes on commit; forgetting now as well keeps
    // this instance from serving the sessions in between (the commit's notification then
    // forgets any read made in the meantime).
    this.invalidation.changed(userId);
  }

  /** Forgets the sessions of a user, or all. */
  private forget(userId: string | undefined): void {
    if (userId === undefined) return this.cache.clear();
    for (const [key, { resolved }] of this.cache.entries()) {
      if (resolved.actor.userId === userId) this.cache.delete(key);
    }
  }
}
