import { and, asc, eq, sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import type { Db } from '../../db/database.js';
import { users, type UserRow } from '../../db/schema/index.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { offsetOf, PageOf, PageQuery, type Page } from '../../http/pagination.js';
import { conflict, notFound } from '../../http/problem.js';
import { problems, StrictObject } from '../../http/schemas.js';
import { ADMIN_LOCK } from '../accounts/first-admin.js';
import { PasswordSchema } from '../accounts/passwords.js';
import type { AccountsService } from '../accounts/service.js';
import { EmailInput, NameInput, Nullable, PhoneInput } from './shared-schemas.js';
import { requirePhone } from './validation.js';

const Admin = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
const NewAdminBody = StrictObject({
  name: NameInput,
  email: EmailInput,
  password: PasswordSchema,
  phone: Type.Optional(PhoneInput),
});
const UpdateAdminBody = StrictObject(
  {
    name: Type.Optional(NameInput),
    email: Type.Optional(EmailInput),
    phone: Type.Optional(PhoneInput),
    password: Type.Optional(PasswordSchema),
  },
  { minProperties: 1 },
);
const IdParams = StrictObject({ id: Type.String({ format: 'uuid' }) });
const ListQuery = StrictObject({
  active: Type.Optional(
    Type.Boolean({ description: 'Only active (true) or deactivated (false) admins.' }),
  ),
  ...PageQuery,
});

type AdminView = Static<typeof Admin>;

/** Clinic staff accounts. Only admins manage them, and the last active admin cannot go. */
export class AdminsService {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountsService,
    private readonly country: string,
  ) {}

  async create(input: Static<typeof NewAdminBody>): Promise<AdminView> {
    const phone = input.phone === undefined ? undefined : requirePhone(input.phone, this.country);
    return toAdmin(await this.accounts.createUser({ role: 'admin', ...input, phone }));
  }

  async list(query: Static<typeof ListQuery>): Promise<Page<AdminView>> {
    const where = and(
      eq(users.role, 'admin'),
      query.active === undefined ? undefined : eq(users.active, query.active),
    );
    const rows = await this.db
      .select({ user: users, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(users)
      .where(where)
      .orderBy(asc(users.name), asc(users.id))
      .limit(query.pageSize)
      .offset(offsetOf(query.page, query.pageSize));
    return {
      items: rows.map((row) => toAdmin(row.user)),
      total: rows[0]?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(id: string): Promise<AdminView> {
    return toAdmin(await this.find(id));
  }

  async update(id: string, input: Static<typeof UpdateAdminBody>): Promise<AdminView> {
    await this.find(id);
    const phone = input.phone === undefined ? undefined : requirePhone(input.phone, this.country);
    const updated = await this.db.transaction(async (tx) => {
      const user = await this.accounts.updateIdentity(
        id,
        { name: input.name, email: input.email, phone },
        tx,
      );
      if (input.password !== undefined) await this.accounts.setPassword(id, input.password, tx);
      return user;
    });
    return toAdmin(updated);
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

  private async find(id: string): Promise<UserRow> {
    const [user] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.id, id), eq(users.role, 'admin')));
    if (!user) throw notFound('There is no admin with this id.');
    return user;
  }
}

function toAdmin(user: UserRow): AdminView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}

export function adminsRoutes(app: FastifyTypeBox, admins: AdminsService) {
  const tags = ['People'];

  app.post(
    '/admins',
    {
      config: { action: 'admins.create' },
      schema: {
        tags,
        summary: 'Register an admin (clinic staff)',
        body: NewAdminBody,
        response: { 201: Admin, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await admins.create(request.body)),
  );
  app.get(
    '/admins',
    {
      config: { action: 'admins.list' },
      schema: {
        tags,
        summary: 'List admins',
        querystring: ListQuery,
        response: { 200: PageOf(Admin), ...problems(400, 401, 403) },
      },
    },
    async (request) => admins.list(request.query),
  );
  app.get(
    '/admins/:id',
    {
      config: { action: 'admins.read' },
      schema: {
        tags,
        summary: 'An admin',
        params: IdParams,
        response: { 200: Admin, ...problems(401, 403, 404) },
      },
    },
    async (request) => admins.get(request.params.id),
  );
  app.patch(
    '/admins/:id',
    {
      config: { action: 'admins.update' },
      schema: {
        tags,
        summary: 'Change an admin',
        description: 'A new password signs that admin out everywhere.',
        params: IdParams,
        body: UpdateAdminBody,
        response: { 200: Admin, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => admins.update(request.params.id, request.body),
  );
  app.delete(
    '/admins/:id',
    {
      config: { action: 'admins.deactivate' },
      schema: {
        tags,
        summary: 'Deactivate an admin (never the last active one)',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await admins.deactivate(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
