import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policy, type Action, type Role } from '../../src/http/access.js';
import { registerAccessControl } from '../../src/http/authenticate.js';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';

type Caller = 'anonymous' | Role;
const callers: Caller[] = ['anonymous', 'patient', 'professional', 'admin'];

let t: TestApp;
const users = new Map<Role, TestUser>();

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ['patient', 'professional', 'admin'] as const) {
    users.set(role, await t.createUser(role));
  }
});
afterAll(() => t.close());

/**
 * Open to anyone, but answering only their own secret token (waiting-room screens), never a
 * session: called here without one, they refuse every caller alike.
 */
const ownTokenOnly = new Set<Action>(['display.events']);

function expected(action: Action, caller: Caller): 'allowed' | 401 | 403 {
  if (ownTokenOnly.has(action)) return 401;
  const rule = policy[action] as {
    who: string;
    grants?: Partial<Record<Role, unknown>>;
    anonymous?: boolean;
  };
  if (rule.who === 'anyone') return 'allowed';
  if (caller === 'anonymous') return rule.anonymous ? 'allowed' : 401;
  return rule.grants?.[caller] ? 'allowed' : 403;
}

/** A concrete URL for a route pattern: parameters become placeholders. */
const concrete = (url: string) =>
  url.replace(/:[A-Za-z]+/g, () => randomUUID()).replace(/\*$/, 'index.html');

describe('access rules', () => {
  it('lists every route with a declared action', () => {
    expect(t.app.routeAccess.length).toBeGreaterThan(8);
    const urls = t.app.routeAccess.map((route) => `${route.method} ${route.url}`);
    expect(urls).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/auth/me', 'GET /health']),
    );
  });

  it('answers every route × role with allow, 401 or 403 exactly as the policy says', async () => {
    const outcomes: string[] = [];
    for (const route of t.app.routeAccess.filter((r) => r.method !== 'HEAD')) {
      for (const caller of callers) {
        const headers: Record<string, string> = {};
        if (caller !== 'anonymous') {
          // A fresh session per call: some routes (logout) end the session they are called with.
          const session = await t.services.sessions.create(users.get(caller)!.id, {
            ip: '127.0.0.1',
          });
          headers.authorization = `Bearer ${session.token}`;
        }
        const response = await t.app.inject({
          // An event stream's HEAD passes the same checks and ends at once; its GET never ends.
          method: (route.url.endsWith('/events') ? 'HEAD' : route.method) as 'GET',
          url: concrete(route.url),
          headers,
          ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}),
        });
        const want = expected(route.action, caller);
        const got = response.statusCode;
        // Past the access check, a route may still answer 503 (no provider for a code here).
        const passed = got !== 401 && got !== 403 && (got < 500 || got === 503);
        const ok = want === 'allowed' ? passed : got === want;
        outcomes.push(
          `${ok ? 'ok ' : 'BAD'} ${route.method} ${route.url} as ${caller}: want ${want}, got ${got}`,
        );
      }
    }
    expect(outcomes.filter((line) => line.startsWith('BAD'))).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(
      t.app.routeAccess.filter((r) => r.method !== 'HEAD').length * 4,
    );
  });

  it('refuses to start with a route that does not say who may call it', async () => {
    const app = Fastify();
    registerAccessControl(app, { resolve: async () => undefined }, { docsPrefix: '/docs' });
    expect(() => app.get('/forgotten', async () => 'open to all?')).toThrow(
      /does not declare who may call it/,
    );
    await app.close();
  });
});
