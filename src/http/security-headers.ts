import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's security headers on every response. helmet's answer depends only on its options, so
 * it is asked once, here, and every request gets the same headers through Fastify's own header
 * store: setting a dozen headers on the raw response one by one, as helmet does, cost more than
 * the rest of a `/health` request's own work.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** What helmet sets, with these options, on any response. */
function securityHeaders(options: { https: boolean }): Record<string, string> {
  // HSTS and upgrade-insecure-requests only make sense when the site is served over HTTPS,
  // which is what a Secure session cookie declares; on a plain-HTTP LAN they would break it.
  const middleware = helmet({
    hsts: options.https,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: options.https ? [] : null } },
  });
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)),
    // (X-Powered-By, which Fastify never sends.)
    removeHeader: () => undefined,
  };
  let failure: unknown;
  middleware(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => (failure = error),
  );
  if (failure !== undefined) throw failure as Error;
  if (!Object.keys(headers).length) throw new Error('helmet set no header');
  return headers;
}
