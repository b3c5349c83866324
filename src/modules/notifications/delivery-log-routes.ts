import type { FastifyTypeBox } from '../../http/fastify-types.js';
import { PageOf } from '../../http/pagination.js';
import { problems } from '../../http/schemas.js';
import { DeliveryLogEntry, DeliveryLogQuery } from './delivery-log-schemas.js';
import type { DeliveryLogService } from './delivery-log-service.js';

export function deliveryLogRoutes(app: FastifyTypeBox, log: DeliveryLogService) {
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
}
