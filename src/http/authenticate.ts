import type { FastifyInstance, FastifyRequest } from 'fastify';
import { digestsEqual, sha256 } from '../lib/crypto.js';
import {
  admitsAnonymous,
  anonymous,
  closedSettings,
  describeAccess,
  isAction,
  mayCall,
  ruleOf,
  type AccessSettings,
  type Action,
  type Actor,
  type UserActor,
} from './access.js';
import { forbidden, unauthenticated } from './problem.js';

export const SESSION_COOKIE = 'clinicdesk_session';
/** Readable by the web app's script, which echoes it in the CSRF header. */
export const CSRF_COOKIE = 'clinicdesk_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface ResolvedSession {
  actor: Omit<UserActor, 'via'>;
  csrfTokenHash: Buffer;
}

export interface SessionResolver {
  /** The live session for a token, or undefined when unknown, expired, revoked or deactivated. */
  resolve(token: string): Promise<ResolvedSession | undefined>;
}

export interface RouteAccess {
  method: string;
  url: string;
  action: Action;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    action?: Action;
  }
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyInstance {
    /** Every route with the action it declared: the app's access table, for audits and tests. */
    routeAccess: RouteAccess[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller once per request and applies the route's access rule before the body is
 * even parsed: 401 for no valid session, 403 for a role the rule does not name. `settings` are
 * the clinic's switches that open some rules to signed-out callers (closed when not given).
 */
export function registerAccessControl(
  app: FastifyInstance,
  sessions: SessionResolver,
  options: { docsPrefix: string; settings?: AccessSettings },
): void {
  const settings = options.settings ?? closedSettings;
  // Fastify forbids object defaults for decorators (they would be shared); every request gets
  // its own value in the first onRequest hook below.
  app.decorateRequest<Actor | null>('actor', null);
  const routeAccess: RouteAccess[] = [];
  app.decorate('routeAccess', routeAccess);

  app.addHook('onRoute', (route) => {
    // The docs plugin's static routes are public like the document they show.
    if (route.config?.action === undefined && route.url.startsWith(options.docsPrefix)) {
      route.config = { ...route.config, action: 'system.docs' };
    }
    const action = route.config?.action;
    if (!isAction(action)) {
      throw new Error(`${String(route.method)} ${route.url} does not declare who may call it`);
    }
    for (const method of [route.method].flat())
      routeAccess.push({ method, url: route.url, action });
    if (route.schema && !route.schema.hide) {
      const rule = ruleOf(action);
      route.schema = {
        ...route.schema,
        description: [route.schema.description, `Who: ${describeAccess(action)}.`]
          .filter(Boolean)
          .join('\n\n'),
        security:
          rule.who === 'anyone'
            ? []
            : [...(rule.anonymous ? [{}] : []), { bearerAuth: [] }, { cookieAuth: [] }],
      };
    }
  });

  app.addHook('onRequest', async (request) => {
    request.actor = anonymous;
    const action = request.routeOptions.config.action;
    if (!action) return; // the not-found handler
    const rule = ruleOf(action);
    if (rule.who === 'anyone' && !rule.identify) return;

    const credentials = readCredentials(request);
    if (credentials) {
      const session = credentials.token ? await sessions.resolve(credentials.token) : undefined;
      if (session) {
        if (credentials.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
          assertCsrfToken(request, session.csrfTokenHash);
        }
        request.actor = { ...session.actor, via: credentials.via };
      } else if (!admitsAnonymous(action, settings)) {
        throw unauthenticated('Your session has expired or was signed out. Sign in again.');
      }
    }
    if (!mayCall(request.actor, action, settings)) {
      throw request.actor.kind === 'anonymous' ? unauthenticated() : forbidden();
    }
  });
}

function readCredentials(
  request: FastifyRequest,
): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) return { token: bearerToken(header), via: 'bearer' };
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/** The token of an `Authorization: Bearer <token>` header; empty when it is not one. */
export function bearerToken(header: string): string {
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
}

function assertCsrfToken(request: FastifyRequest, expectedHash: Buffer): void {
  const token = request.headers[CSRF_HEADER];
  if (typeof token !== 'string' || !digestsEqual(sha256(token), expectedHash)) {
    throw forbidden(
      `A request signed in by cookie must carry the ${CSRF_HEADER} header with the value of ` +
        `the ${CSRF_COOKIE} cookie.`,
    );
  }
}
