import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { isAction, openedBySetting } from './access.js';
import { tooManyRequests } from './problem.js';

/**
 * Signed-out reads that a clinic's setting opens (the public directory) are counted per client
 * IP, in this process's memory: what they show is public, so the count only keeps one client
 * from taking the free-slot computations for itself, and it costs no database write (unlike the
 * shared limits that stop guessing). Signed-in callers are never counted, and other routes do
 * not even run the check: it is added to the opened routes alone, after the access hook.
 */
export function registerPublicReadLimit(
  app: FastifyInstance,
  options: { perMinute: number },
): void {
  const limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60 });
  const limit: onRequestHookHandler = (request, _reply, done) => {
    if (request.actor.kind !== 'anonymous') return done();
    limiter.consume(request.ip).then(
      () => done(),
      (rejection: unknown) => {
        if (rejection instanceof Error) return done(rejection);
        const wait = Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000);
        done(
          tooManyRequests(Math.max(1, wait), 'Too many requests from here. Try again in a moment.'),
        );
      },
    );
  };
  app.addHook('onRoute', (route) => {
    const action = route.config?.action;
    if (!isAction(action) || !openedBySetting(action)) return;
    route.onRequest = [...[route.onRequest ?? []].flat(), limit];
  });
}
