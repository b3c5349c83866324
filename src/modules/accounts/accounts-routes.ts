import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../http/authenticate.js';
import { problems } from '../../http/schemas.js';
import { KNOWN_CLIENT_DAYS } from './known-clients.js';
import type { AccountsService, ClientMeta } from './accounts-service.js';
import { LoginBody, LoginResponse, Me, UpdateMeBody, type MeView } from './accounts-schemas.js';
import { requireUser } from '../../http/actor.js';

/** The cookie that makes a client known to the accounts it signed in to (`KnownClients`). */
export const DEVICE_COOKIE = 'clinicdesk_device';

/** The role profile's identifier (patients and professionals live in the people module). */
export type ProfileLookup = (
  userId: string,
) => Promise<{ registerNumber?: string; councilNumber?: string }>;

export interface AccountsRoutesOptions {
  accounts: AccountsService;
  cookieSecure: boolean;
  profileOf: ProfileLookup;
}

export function accountsRoutes(
  app: FastifyTypeBox,
  { accounts, cookieSecure, profileOf }: AccountsRoutesOptions,
) {
  const withProfile = async (me: MeView) => ({ ...me, ...(await profileOf(me.id)) });
  const tags = ['Auth and accounts'];
  const loginPath = `${app.prefix}/auth/login`;

  app.post(
    '/auth/login',
    {
      config: { action: 'auth.login' },
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        description:
          'Returns a bearer token and also sets an HttpOnly session cookie, and a device cookie ' +
          'that marks this client as known to the account. After a few failed attempts for an ' +
          'account from one client, each next one waits longer (429 with Retry-After); other ' +
          'clients are not held back by them.',
        body: LoginBody,
        response: { 200: LoginResponse, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { session, user, deviceToken } = await accounts.login(
        request.body,
        clientMeta(request),
      );
      const cookie = {
        path: '/',
        secure: cookieSecure,
        sameSite: 'lax' as const,
        expires: session.expiresAt,
      };
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookie, httpOnly: true });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false });
      // Sent back only to sign-in, and it outlives the session: it is what makes a known client.
      reply.setCookie(DEVICE_COOKIE, deviceToken, {
        path: loginPath,
        secure: cookieSecure,
        sameSite: 'strict',
        httpOnly: true,
        maxAge: KNOWN_CLIENT_DAYS * 86_400,
      });
      return {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        csrfToken: session.csrfToken,
        user: { id: user.id, role: user.role, name: user.name, email: user.email },
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { action: 'auth.logout' },
      schema: {
        tags,
        summary: 'Sign out: revokes this session',
        response: { 204: { type: 'null' }, ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      await accounts.logout(requireUser(request).sessionId);
      clearSessionCookies(reply, cookieSecure);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { action: 'auth.me.read' },
      schema: { tags, summary: 'The signed-in user', response: { 200: Me, ...problems(401) } },
    },
    async (request) => withProfile(await accounts.me(requireUser(request).userId)),
  );

  app.patch(
    '/auth/me',
    {
      config: { action: 'auth.me.update' },
      schema: {
        tags,
        summary: 'Change your name, phone, password, language or notification settings',
        description:
          'Changing the password needs `currentPassword` and signs out every other session.',
        body: UpdateMeBody,
        response: { 200: Me, ...problems(400, 401, 403, 429) },
      },
    },
    async (request) => withProfile(await accounts.updateMe(requireUser(request), request.body)),
  );
}

function clientMeta(request: FastifyRequest): ClientMeta {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    deviceToken: request.cookies[DEVICE_COOKIE],
  };
}

function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE]) {
    reply.clearCookie(name, { path: '/', secure, sameSite: 'lax' });
  }
}
