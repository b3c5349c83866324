import type { FastifyRequest } from 'fastify';
import type { UserActor } from './access.js';
import { unauthenticated } from './problem.js';

/** The signed-in caller of a route whose rule admits only users (the access hook ran first). */
export function requireUser(request: FastifyRequest): UserActor {
  if (request.actor.kind !== 'user') throw unauthenticated();
  return request.actor;
}
