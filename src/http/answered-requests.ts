import type { FastifyInstance } from 'fastify';

/**
 * How many requests the app has answered so far: the in-app notification worker reads it to
 * tell whether people are waiting on the app (src/background.ts). One callback hook, no
 * promise: every request pays it.
 */
export function countAnsweredRequests(app: FastifyInstance): () => number {
  let answered = 0;
  app.addHook('onResponse', (_request, _reply, done) => {
    answered++;
    done();
  });
  return () => answered;
}
