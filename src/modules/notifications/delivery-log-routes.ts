import { Type } from 'typebox';
import { requestContext } from '../../http/actor.js';
import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import { DeliveryLogEntry, DeliveryLogQuery } from './delivery-log-schemas.js';
import type { DeliveryLogService } from './delivery-log-service.js';
import type { DeliveryRetryService } from './delivery-retry-service.js';

export function deliveryLogRoutes(
  app: FastifyTypeBox,
  log: DeliveryLogService,
  retries: DeliveryRetryService,
) {
  app.get(
    '/notifications',
    {
      config: { action: 'notifications.list' },
      schema: {
        tags: ['Notifications and audit'],
        summary: 'The delivery log: every message, its channel, recipient, state and last error',
        description: 'Newest first. One-time codes and message bodies are never shown.',
        querystring: DeliveryLogQuery,
        response: { 200: PageOf(DeliveryLogEntry), ...problems(400, 401, 403) },
      },
    },
    async (request) => log.list(request.query),
  );

  app.post(
    '/notifications/:id/retry',
    {
      config: { action: 'notifications.retry' },
      schema: {
        tags: ['Notifications and audit'],
        summary: 'Send a message again that failed for good or was not sent',
        description:
          'It is queued again, due now, and the worker sends it once. 409 for a message that is ' +
          'queued, sent or a skipped reminder, and for one-time codes (ask for a new one). Audited.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: DeliveryLogEntry, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => retries.retry(request.params.id, requestContext(request)),
  );
}
