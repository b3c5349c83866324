import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFirstAdmin, DEFAULT_ADMIN_EMAIL } from '../../src/modules/accounts/first-admin.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const silent = pino({ level: 'silent' });
let t: TestApp;

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const loginStatus = async (email: string, password: string) =>
  (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } }))
    .statusCode;

describe('the first admin', () => {
  it('is created with a generated password that is printed once and works', async () => {
    const printed: string[] = [];
    const settings = { email: undefined, password: undefined, name: 'Secretária' };
    await ensureFirstAdmin(t.database.db, t.services.accounts, settings, silent, (text) =>
      printed.push(text),
    );
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0]!)?.[1];
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(printed[0]).toContain(DEFAULT_ADMIN_EMAIL);
    expect(await loginStatus(DEFAULT_ADMIN_EMAIL, password!)).toBe(200);

    await ensureFirstAdmin(t.database.db, t.services.accounts, settings, silent, (text) =>
      printed.push(text),
    );
    expect(printed).toHaveLength(1);
    const admins = await t.database.sql`select count(*)::int as n from users where role = 'admin'`;
    expect(admins[0]!.n).toBe(1);
  });

  it('takes ADMIN_EMAIL and ADMIN_PASSWORD, and never prints the given password', async () => {
    const printed: string[] = [];
    const settings = {
      email: 'Chefe@Clinica.com.br',
      password: 'given-password-123',
      name: 'Chefe',
    };
    await ensureFirstAdmin(t.database.db, t.services.accounts, settings, silent, (text) =>
      printed.push(text),
    );
    expect(printed.join('')).not.toContain('given-password-123');
    expect(await loginStatus('chefe@clinica.com.br', 'given-password-123')).toBe(200);
  });

  it('is created once when several instances start together', async () => {
    const printed: string[] = [];
    const settings = { email: undefined, password: undefined, name: 'Admin' };
    await Promise.all(
      Array.from({ length: 4 }, () =>
        ensureFirstAdmin(t.database.db, t.services.accounts, settings, silent, (text) =>
          printed.push(text),
        ),
      ),
    );
    expect(printed).toHaveLength(1);
    const admins = await t.database.sql`select count(*)::int as n from users where role = 'admin'`;
    expect(admins[0]!.n).toBe(1);
  });

  it('is not created again while an active admin exists', async () => {
    await t.createUser('admin');
    const printed: string[] = [];
    await ensureFirstAdmin(
      t.database.db,
      t.services.accounts,
      { email: undefined, password: undefined, name: 'A' },
      silent,
      (text) => printed.push(text),
    );
    expect(printed).toHaveLength(0);
  });
});
