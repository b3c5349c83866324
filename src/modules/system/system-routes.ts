import type { Registry } from 'prom-client';
import { Type, type Static } from 'typebox';
import type { Database } from '../../db/database.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { sendProblem } from '../../http/problem.js';
import { problems } from '../../http/schemas.js';
import { digestsEqual, sha256 } from '../../lib/crypto.js';
import { DatabaseProbe } from './database-probe.js';

export interface SystemRoutesOptions {
  database: Database;
  metrics: Registry;
  metricsToken: string | undefined;
  /** The backups' state, a detail of the answer: a failing backup never fails /health. */
  backups?: () => Promise<Static<typeof BackupsHealth>>;
  openApiDocument: () => unknown;
}

const BackupsHealth = Type.Object({
  status: Type.Enum(['ok', 'failing', 'off']),
  problems: Type.Array(Type.String(), { description: 'What fails, or why backups are off' }),
  lastBaseBackupAt: Type.Optional(Type.String({ format: 'date-time' })),
  lastArchivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  lastVerifiedAt: Type.Optional(Type.String({ format: 'date-time' })),
  lastCopiedToBucketAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'With a bucket: its copy was last sent' }),
  ),
  lastBucketVerifiedAt: Type.Optional(Type.String({ format: 'date-time' })),
});

const Health = Type.Object({
  status: Type.Enum(['ok', 'unavailable']),
  database: Type.Enum(['up', 'down']),
  backups: Type.Optional(BackupsHealth),
});

export function systemRoutes(app: FastifyTypeBox, options: SystemRoutesOptions) {
  const tags = ['System'];
  const probe = new DatabaseProbe(() => options.database.sql`select 1`);

  app.get(
    '/health',
    {
      config: { action: 'system.health' },
      schema: {
        tags,
        summary: 'Liveness and database reachability',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      try {
        await probe.up();
      } catch (error) {
        request.log.error({ err: error }, 'health check: database unreachable');
        return reply.code(503).send({ status: 'unavailable', database: 'down' });
      }
      const backups = await options.backups?.().catch((error: unknown) => {
        request.log.error({ err: error }, 'health check: backup state unreadable');
        return { status: 'failing' as const, problems: ['the backup state could not be read'] };
      });
      return { status: 'ok' as const, database: 'up' as const, ...(backups ? { backups } : {}) };
    },
  );

  app.get(
    '/metrics',
    {
      config: { action: 'system.metrics' },
      schema: {
        tags,
        summary: 'Prometheus metrics',
        description: 'When METRICS_TOKEN is set, needs `Authorization: Bearer <METRICS_TOKEN>`.',
        produces: ['text/plain'],
        response: { 200: Type.String(), ...problems(401) },
      },
    },
    async (request, reply) => {
      if (options.metricsToken) {
        const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
        if (!digestsEqual(sha256(given), sha256(options.metricsToken))) {
          return sendProblem(
            request,
            reply,
            401,
            'The metrics need the METRICS_TOKEN bearer token.',
          );
        }
      }
      reply.type(options.metrics.contentType);
      return options.metrics.metrics();
    },
  );

  app.get(
    '/openapi.json',
    {
      config: { action: 'system.docs' },
      schema: { tags, summary: 'The OpenAPI 3.1 document of this API', hide: true },
    },
    async () => options.openApiDocument(),
  );
}
