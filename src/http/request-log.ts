import type { FastifyInstance } from 'fastify';
import type { Actor, UserActor } from './access.js';
import { urlPath } from './problem.js';

const LOGS_INFO: ReadonlySet<string> = new Set(['info', 'debug', 'trace']);

/**
 * One log line per request, after the response: method, path (never the query, which may carry
 * personal data), status and time. Fastify's own two lines per request are switched off.
 */
export function registerRequestLog(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise for every request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    // Built only when it is written: below `info` (production's `warn`) it costs nothing.
    if (!LOGS_INFO.has(request.log.level)) return done();
    request.log.info(
      {
        method: request.method,
        path: urlPath(request),
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        // Unset when the request failed before the access hook (a malformed URL, say).
        actor:
          (request.actor as Actor | null)?.kind === 'user'
            ? (request.actor as UserActor).userId
            : undefined,
      },
      'request',
    );
    done();
  });
}
