import type { FastifyReply } from 'fastify';

/**
 * Sends JSON a route wrote itself, byte for byte what its response schema would have written:
 * Fastify serializes objects only, and sends a string or a Buffer (JSON kept already encoded)
 * with a JSON content type as it is. The route keeps its schema, which still documents the
 * answer (and its errors' answers).
 */
export function sendWrittenJson(reply: FastifyReply, json: string | Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
