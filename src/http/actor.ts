import type { FastifyRequest } from 'fastify';
import type { Actor, UserActor } from './access.js';
import { unauthenticated } from './problem.js';

/** The signed-in caller of a route whose rule admits only users (the access hook ran first). */
export function requireUser(request: FastifyRequest): UserActor {
  if (request.actor.kind !== 'user') throw unauthenticated();
  return request.actor;
}

/** Who is acting and from where: what services record in the audit log. */
export interface RequestContext {
  actor: Actor;
  ip: string;
  requestId: string;
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { actor: request.actor, ip: request.ip, requestId: request.id };
}

/** The signed-in user behind a service call made for a route that admits only users. */
export function actingUser(context: RequestContext): UserActor {
  if (context.actor.kind !== 'user') throw unauthenticated();
  return context.actor;
}
