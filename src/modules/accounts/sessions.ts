import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/database.js';
import { sessions, users } from '../../db/schema/index.js';
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

/**
 * Opaque random session tokens. Only their SHA-256 is stored, so the table alone cannot be
 * used to sign in; revoking is setting revoked_at, checked on every request.
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

  /** Runs on every signed-in request: prepared once per connection, not planned each time. */
  private readonly resolveStatement;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMinutes: number,
  ) {
    this.resolveStatement = this.db
      .select({
        sessionId: sessions.id,
        csrfTokenHash: sessions.csrfTokenHash,
        lastSeenAt: sessions.lastSeenAt,
        userId: users.id,
        role: users.role,
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

  async resolve(token: string): Promise<ResolvedSession | undefined> {
    const now = this.clock.now();
    // Placeholders skip Drizzle's value mapping: the instant goes as the text it would send.
    const [row] = await this.resolveStatement.execute({
      tokenHash: sha256(token),
      now: now.toISOString(),
    });
    if (!row) return undefined;
    if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
    }
    return {
      actor: { kind: 'user', userId: row.userId, role: row.role, sessionId: row.sessionId },
      csrfTokenHash: row.csrfTokenHash,
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: this.clock.now() })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
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
  }
}
