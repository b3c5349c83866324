import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { ProblemSchema } from './problem.js';

export const DOCS_PREFIX = '/docs';

/** The OpenAPI document is generated from the route schemas; register before any route. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    // Shared schemas keep their own names (`Problem`) instead of def-0, def-1, …
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    transform: documentingUploads,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ClinicDesk API',
        version,
        description:
          'Clinic management: patients, professionals, scheduling, the waiting queue and ' +
          'notifications. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'Token from POST /auth/login',
          },
          cookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: 'clinicdesk_session',
            description: 'Set by login; unsafe requests also need the X-CSRF-Token header.',
          },
        },
      },
    },
  });
}

/** The interactive docs UI at /docs; register after the routes. */
export async function registerDocsUi(app: FastifyInstance, https: boolean): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    // As for the API's own headers: no forced upgrade to HTTPS on a plain-HTTP install.
    transformStaticCSP: (header) =>
      https ? header : header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
}

/**
 * Upload routes take multipart/form-data, which the multipart plugin reads in the handler, so
 * their schema has no `body` to validate; the document still shows the one file field they
 * read (`photo`), so that clients and the API reference know what to send.
 */
function documentingUploads({ schema, url }: { schema: FastifySchema; url: string }) {
  const consumes = (schema as { consumes?: string[] } | undefined)?.consumes;
  if (!consumes?.includes('multipart/form-data') || schema.body) return { schema, url };
  const body = {
    type: 'object',
    required: ['photo'],
    properties: {
      photo: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP image' },
    },
  };
  return { schema: { ...schema, body }, url };
}
