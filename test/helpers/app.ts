import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { PgConnectionOptions } from '../../src/db/connection-options.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import type { Role } from '../../src/http/access.js';
import { createLogger } from '../../src/lib/logger.js';
import { createServices, type Services } from '../../src/services.js';
import { TestClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { WEB_ROOT } from './web-root.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

export interface Session {
  token: string;
  csrfToken: string;
  cookie: string;
}

export interface TestApp {
  app: FastifyInstance;
  /** Where its database is: a second instance can share it (see `createTestApp`). */
  connection: PgConnectionOptions;
  config: Config;
  database: Database;
  services: Services;
  clock: TestClock;
  /** Every log line the app wrote, as text. */
  logs: string[];
  createUser(role: Role, overrides?: Partial<Omit<TestUser, 'id' | 'role'>>): Promise<TestUser>;
  login(user: Pick<TestUser, 'email' | 'password'>, ip?: string): Promise<Session>;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * The real app on its own fresh database, spoken to over HTTP with `app.inject`. With
 * `sharing`, a second instance on another's database (with its own pool), as when several app
 * processes run behind a load balancer; closing it leaves the database to its owner.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  sharing?: TestApp,
): Promise<TestApp> {
  const testDatabase: TestDatabase = sharing
    ? { connection: sharing.connection, drop: async () => {} }
    : await createTestDatabase();
  // The run's test server archives no WAL: backups are off unless a test starts its own.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    BACKUP_SCHEDULE: 'off',
    ...env,
  });
  const database = openDatabase(testDatabase.connection, { poolSize: 5 });
  const clock = new TestClock();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const services = createServices(config, database, clock, logger);
  const app = await buildApp({ config, database, clock, services, logger, webRoot: WEB_ROOT });
  await app.ready();

  return {
    app,
    connection: testDatabase.connection,
    config,
    database,
    services,
    clock,
    logs,
    async createUser(role, overrides = {}) {
      userCounter += 1;
      const email = overrides.email ?? `${role}${userCounter}.${Date.now()}@example.com`;
      const password = overrides.password ?? `secret-${role}-${userCounter}-pass`;
      const user = await services.accounts.createUser({
        role,
        email,
        password,
        name: `Test ${role} ${userCounter}`,
      });
      return { id: user.id, email: user.email, password, role };
    },
    async login(user, ip = '127.0.0.1') {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: user.password },
        remoteAddress: ip,
      });
      if (response.statusCode !== 200) {
        throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      }
      const body = response.json<{ token: string; csrfToken: string }>();
      return { token: body.token, csrfToken: body.csrfToken, cookie: cookieHeader(response) };
    },
    async close() {
      // A client that left an answer unread holds its connection, and the server's close waits
      // for it forever: after a grace period the test's server drops what is still open.
      const stuck = setTimeout(() => app.server.closeAllConnections(), 10_000);
      await app.close().finally(() => clearTimeout(stuck));
      await database.close();
      await testDatabase.drop();
    },
  };
}

export interface Clinic {
  t: TestApp;
  admin: Session;
  adminUser: TestUser;
}

/** The app on its own fresh database with an admin signed in: where most test files start. */
export async function openClinic(env: Record<string, string> = {}): Promise<Clinic> {
  const t = await createTestApp(env);
  const adminUser = await t.createUser('admin');
  return { t, admin: await t.login(adminUser), adminUser };
}

/** The Cookie header a browser would send back after this response. */
export function cookieHeader(response: LightMyRequestResponse): string {
  return response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
}

export const bearer = (session: Pick<Session, 'token'>) => ({
  authorization: `Bearer ${session.token}`,
});
