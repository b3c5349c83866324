import { eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import { toZonedIso } from '../../lib/time.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { users, type UserRow } from '../../db/schema/accounts.js';
import type { Role, UserActor } from '../../http/access.js';
import {
  conflict,
  fieldError,
  notFound,
  tooManyRequests,
  unauthenticated,
} from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { recordPasswordChanged } from '../notifications/index.js';
import { requirePhone } from './phone.js';
import type { LoginClient } from './known-clients.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { MeView, UpdateMeInput } from './accounts-schemas.js';
import type { NewSession, SessionStore } from './sessions.js';

export interface NewUser {
  role: Role;
  email: string;
  name: string;
  password: string;
  phone?: string;
  language?: UserRow['language'];
}

/** Account fields other modules may change for a user (an admin editing a patient, say). */
export interface IdentityChanges {
  name?: string;
  email?: string;
  phone?: string;
  language?: UserRow['language'];
}

export interface ClientMeta extends LoginClient {
  userAgent?: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type ProfileChangeWrapper = <R>(role: Role, change: () => Promise<R>) => Promise<R>;

export class AccountsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly config: Pick<Config, 'clinic'>,
    /**
     * Runs a user's change of their own profile. Modules that keep users in memory (the
     * professionals' directory) wrap it, to read the change at once on this instance.
     */
    private readonly ownProfileChange: ProfileChangeWrapper,
  ) {}

  /** Creates an account; the caller has checked the phone format. 409 when the e-mail is taken. */
  async createUser(input: NewUser, executor: Executor = this.db): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    try {
      const [row] = await executor
        .insert(users)
        .values({
          role: input.role,
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          phone: input.phone,
          passwordHash,
          language: input.language ?? this.config.clinic.defaultLanguage,
        })
        .returning();
      return row!;
    } catch (error) {
      throw emailTakenOr(error);
    }
  }

  /**
   * Applies identity changes, resetting the verification of a changed e-mail or phone. The
   * phone must already be in E.164 (see `requirePhone`). 409 when the new e-mail is taken.
   */
  async updateIdentity(
    userId: string,
    changes: IdentityChanges,
    executor: Executor = this.db,
  ): Promise<UserRow> {
    const [current] = await executor.select().from(users).where(eq(users.id, userId));
    if (!current) throw notFound();
    const set: Partial<typeof users.$inferInsert> = { updatedAt: this.clock.now() };
    if (changes.name !== undefined) set.name = changes.name.trim();
    if (changes.language !== undefined) set.language = changes.language;
    if (changes.email !== undefined && normalizeEmail(changes.email) !== current.email) {
      set.email = normalizeEmail(changes.email);
      set.emailVerifiedAt = null;
    }
    if (changes.phone !== undefined && changes.phone !== current.phone) {
      set.phone = changes.phone;
      set.phoneVerifiedAt = null; // a new number must be verified again
    }
    try {
      const [row] = await executor.update(users).set(set).where(eq(users.id, userId)).returning();
      return row!;
    } catch (error) {
      throw emailTakenOr(error);
    }
  }

  /** Deactivated users cannot sign in and are signed out everywhere; their records stay. */
  async deactivate(userId: string, executor: Executor = this.db): Promise<void> {
    await executor
      .update(users)
      .set({ active: false, updatedAt: this.clock.now() })
      .where(eq(users.id, userId));
    await this.sessions.revokeAllForUser(userId, undefined, executor);
  }

  /** A deactivated user may sign in again (with the password they had); their records are there. */
  async reactivate(userId: string, executor: Executor = this.db): Promise<void> {
    await executor
      .update(users)
      .set({ active: true, updatedAt: this.clock.now() })
      .where(eq(users.id, userId));
  }

  /**
   * Sets a new password (an admin's reset, or a reset with a one-time code), signs the user out
   * everywhere and tells them (`password.changed`), all in one transaction.
   */
  async setPassword(userId: string, password: string, executor: Executor = this.db): Promise<void> {
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    await executor.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
        .where(eq(users.id, userId));
      await this.sessions.revokeAllForUser(userId, undefined, tx);
      await recordPasswordChanged(tx, userId, now);
    });
  }

  /**
   * Signs in; the device token is for the client's device cookie (see `KnownClients`). 429 for
   * a client that must wait (`LoginThrottle`), the same for unknown e-mail addresses.
   */
  async login(
    credentials: { email: string; password: string },
    client: ClientMeta,
  ): Promise<{ session: NewSession; user: UserRow; deviceToken: string }> {
    const email = normalizeEmail(credentials.email);
    const admission = await this.throttle.admit(email, client);
    if (!admission.admitted) {
      throw tooManyRequests(
        admission.retryAfterSeconds,
        'Too many failed sign-in attempts. Try again later.',
      );
    }
    const [user] = await this.db.select().from(users).where(eq(users.email, email)).limit(1);
    const active = user?.active ? user : undefined;
    const valid = await verifyPassword(active?.passwordHash, credentials.password);
    // One answer for an unknown e-mail, a deactivated account and a wrong password; the try
    // was counted when admitted.
    if (!active || !valid) throw unauthenticated('The e-mail or password is not correct.');
    const deviceToken = await admission.succeeded();
    const session = await this.sessions.create(active.id, client);
    return { session, user: active, deviceToken };
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.revoke(sessionId);
  }

  async me(userId: string): Promise<MeView> {
    const [user] = await this.db.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw notFound();
    return toMeView(user, this.config.clinic.timeZone);
  }

  async updateMe(actor: UserActor, input: UpdateMeInput): Promise<MeView> {
    const [current] = await this.db.select().from(users).where(eq(users.id, actor.userId));
    if (!current) throw notFound();
    const now = this.clock.now();
    const identity: IdentityChanges = { name: input.name, language: input.language };
    if (input.phone !== undefined) {
      identity.phone = requirePhone(input.phone, this.config.clinic.country);
    }
    const changes: Partial<typeof users.$inferInsert> = {};
    if (input.notify) {
      if (input.notify.email !== undefined) changes.notifyEmail = input.notify.email;
      if (input.notify.sms !== undefined) changes.notifySms = input.notify.sms;
      if (input.notify.whatsapp !== undefined && input.notify.whatsapp !== current.notifyWhatsapp) {
        changes.notifyWhatsapp = input.notify.whatsapp;
        // WhatsApp Business requires a recorded opt-in before any message.
        changes.whatsappOptInAt = input.notify.whatsapp ? now : null;
      }
    }
    const changesPassword = input.password !== undefined;
    if (changesPassword) {
      changes.passwordHash = await this.checkedNewPasswordHash(current, input, actor.sessionId);
      changes.passwordChangedAt = now;
    } else if (input.currentPassword !== undefined) {
      throw fieldError('currentPassword', 'is only needed to change the password');
    }

    const updated = await this.ownProfileChange(actor.role, () =>
      this.db.transaction(async (tx) => {
        await this.updateIdentity(actor.userId, identity, tx);
        if (!Object.keys(changes).length) return this.findUser(actor.userId, tx);
        const [row] = await tx
          .update(users)
          .set(changes)
          .where(eq(users.id, actor.userId))
          .returning();
        // A new password signs out every other device, in case the old one was stolen.
        if (changesPassword) {
          await this.sessions.revokeAllForUser(actor.userId, actor.sessionId, tx);
          await recordPasswordChanged(tx, actor.userId, now);
        }
        return row!;
      }),
    );
    return toMeView(updated, this.config.clinic.timeZone);
  }

  private async findUser(userId: string, executor: Executor): Promise<UserRow> {
    const [user] = await executor.select().from(users).where(eq(users.id, userId));
    if (!user) throw notFound();
    return user;
  }

  /**
   * The current password guards the change. Wrong guesses slow this session down (a stolen
   * session must not get unlimited guesses), never the owner's sign-in.
   */
  private async checkedNewPasswordHash(
    user: UserRow,
    input: UpdateMeInput,
    sessionId: string,
  ): Promise<string> {
    if (input.currentPassword === undefined) {
      throw fieldError('currentPassword', 'is required to change the password');
    }
    const wait = await this.throttle.admitPasswordCheck(sessionId);
    if (wait > 0) throw tooManyRequests(wait, 'Too many wrong passwords. Try again later.');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw fieldError('currentPassword', 'is not your current password');
    }
    await this.throttle.passwordCheckSucceeded(sessionId);
    return hashPassword(input.password!);
  }
}

function emailTakenOr(error: unknown): unknown {
  if (!isUniqueViolation(error, 'users_email_key')) return error;
  return conflict('An account with this e-mail already exists.', [
    { field: 'email', message: 'is already registered' },
  ]);
}

function toMeView(user: UserRow, timeZone: string): MeView {
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    phone: user.phone,
    language: user.language,
    emailVerified: user.emailVerifiedAt !== null,
    phoneVerified: user.phoneVerifiedAt !== null,
    notify: { email: user.notifyEmail, sms: user.notifySms, whatsapp: user.notifyWhatsapp },
    whatsappOptInAt: user.whatsappOptInAt ? toZonedIso(user.whatsappOptInAt, timeZone) : null,
    createdAt: toZonedIso(user.createdAt, timeZone),
  };
}
