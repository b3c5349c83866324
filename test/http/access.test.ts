import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policy, type Action, type Role } from '../../src/http/access.js';
import { registerAccessControl } from '../../src/http/authenticate.js';
import { startCodeProviders, type CodeProviders } from '../accounts/code-providers.js';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { recordProof, stopwatch } from '../helpers/proof-counts.js';

type Caller = 'anonymous' | Role;
const callers: Caller[] = ['anonymous', 'patient', 'professional', 'admin'];

let t: TestApp;
/** Providers for every channel: a route that sends a code must not answer 503 for want of one. */
let providers: CodeProviders;
const users = new Map<Role, TestUser>();
/** Every operation of the app's OpenAPI document, as `METHOD /path/:param` like Fastify's. */
let documented: string[];

beforeAll(async () => {
  providers = await startCodeProviders();
  t = await createTestApp(providers.env());
  for (const role of ['patient', 'professional', 'admin'] as const) {
    users.set(role, await t.createUser(role));
  }
  const document = (await t.app.inject({ url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, unknown>>;
  }>();
  documented = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
});
afterAll(async () => {
  await t?.close();
  await providers?.close();
});

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

  it('has an entry for every operation of the OpenAPI document, and documents every API route', () => {
    const declared = new Set(t.app.routeAccess.map((route) => `${route.method} ${route.url}`));
    expect(documented.length).toBeGreaterThan(60);
    // A documented operation must say who may call it, or the matrix below has no row for it.
    expect(documented.filter((operation) => !declared.has(operation))).toEqual([]);
    // An API route hidden from the document would escape the fuzzer, which works from it.
    const hidden = t.app.routeAccess
      .filter((route) => route.url.startsWith('/api/') && route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url}`)
      .filter((operation) => !documented.includes(operation));
    expect(hidden).toEqual([]);
  });

  it('answers every route × role with allow, 401 or 403 exactly as the policy says', async () => {
    const elapsed = stopwatch();
    // The rows: every operation of the OpenAPI document, then the routes it does not describe
    // (the web app's files, the docs): each with the action it declared, as every caller.
    const routes = t.app.routeAccess.filter((r) => r.method !== 'HEAD');
    const key = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
    const rows = [
      ...documented.flatMap((operation) => routes.find((route) => key(route) === operation) ?? []),
      ...routes.filter((route) => !documented.includes(key(route))),
    ];
    const outcomes: string[] = [];
    let serverErrors = 0;
    for (const route of rows) {
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
        if (got >= 500) serverErrors += 1;
        const passed = got !== 401 && got !== 403 && got < 500;
        const ok = want === 'allowed' ? passed : got === want;
        outcomes.push(
          `${ok ? 'ok ' : 'BAD'} ${route.method} ${route.url} as ${caller}: want ${want}, got ${got}`,
        );
      }
    }
    const bad = outcomes.filter((line) => line.startsWith('BAD'));
    recordProof({
      proof: 'matrix: route × role, from the OpenAPI document',
      requests: outcomes.length,
      serverErrors,
      lost: 0,
      doubled: 0,
      notes:
        `${documented.length} documented operations + ${rows.length - documented.length} ` +
        `other routes × ${callers.length} callers, ${bad.length} answered against the policy`,
      seconds: elapsed(),
    });
    expect(bad).toEqual([]);
    expect(serverErrors).toBe(0);
    expect(outcomes.length).toBeGreaterThanOrEqual(routes.length * callers.length);
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
