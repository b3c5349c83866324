import { and, asc, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import { conflict, notFound } from '../../http/problem.js';
import { toZonedIso } from '../../lib/time.js';
import { ADMIN_LOCK, requirePhone, type AccountsService } from '../accounts/index.js';
import type {
  AdminListQueryInput,
  AdminView,
  NewAdminInput,
  UpdateAdminInput,
} from './admins-schemas.js';
import { users } from './users.js';

/** What an admin's view shows of their account. */
interface AdminAccount {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  active: boolean;
  createdAt: Date;
}

const adminColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  phone: users.phone,
  active: users.active,
  createdAt: users.createdAt,
};

/** Clinic staff accounts. Only admins manage them, and the last active admin cannot go. */
export class AdminsService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly clinic: Pick<Config['clinic'], 'country' | 'timeZone'>,
  ) {}

  async create(input: NewAdminInput): Promise<AdminView> {
    const phone =
      input.phone === undefined ? undefined : requirePhone(input.phone, this.clinic.country);
    return toAdmin(
      await this.accounts.createUser({ role: 'admin', ...input, phone }),
      this.clinic.timeZone,
    );
  }

  async list(query: AdminListQueryInput): Promise<Page<AdminView>> {
    const where = and(
      eq(users.role, 'admin'),
      query.active === undefined ? undefined : eq(users.active, query.active),
    );
    const rows = await this.db
      .select({ user: adminColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(query.pageSize)
      .offset(offsetOf(query.page, query.pageSize));
    return {
      items: rows.map((row) => toAdmin(row.user, this.clinic.timeZone)),
      total: rows[0]?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(id: string): Promise<AdminView> {
    return toAdmin(await this.find(id), this.clinic.timeZone);
  }

  async update(id: string, input: UpdateAdminInput): Promise<AdminView> {
    await this.find(id);
    const phone =
      input.phone === undefined ? undefined : requirePhone(input.phone, this.clinic.country);
    const updated = await this.db.transaction(async (tx) => {
      const user = await this.accounts.updateIdentity(
        id,
        { name: input.name, email: input.email, phone },
        tx,
      );
      if (input.password !== undefined) await this.accounts.setPassword(id, input.password, tx);
      return user;
    });
    return toAdmin(updated, this.clinic.timeZone);
  }

  async deactivate(id: string): Promise<void> {
    await this.find(id);
    await this.db.transaction(async (tx) => {
      // Serialised with other deactivations and the first-admin check, so two admins cannot
      // deactivate each other at the same moment and leave the clinic with none.
      await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_LOCK[0]}, ${ADMIN_LOCK[1]})`);
      const [others] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.active, true), sql`${users.id} <> ${id}`));
      if (!others?.count) {
        throw conflict('This is the last active admin; register another admin first.');
      }
      await this.accounts.deactivate(id, tx);
    });
  }

  private async find(id: string): Promise<AdminAccount> {
    const [user] = await this.db
      .select(adminColumns)
      .from(users)
      .where(and(eq(users.id, id), eq(users.role, 'admin')));
    if (!user) throw notFound('There is no admin with this id.');
    return user;
  }
}

function toAdmin(user: AdminAccount, timeZone: string): AdminView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    active: user.active,
    createdAt: toZonedIso(user.createdAt, timeZone),
  };
}
