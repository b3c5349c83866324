import { Gauge, type Registry } from 'prom-client';
import { notificationStatus } from '../../db/schema/notifications.js';
import type { DeliveryLogService } from './delivery-log-service.js';
import { channelNames } from './message.js';

/**
 * `clinicdesk_notifications{channel, status}`: the delivery log's messages by channel and
 * status, counted in the database when scraped, so it is right whichever process (the app, a
 * web process, an `npm run worker`) sent them. `not_sent` (no provider configured) is its own
 * series: those messages never count as sent.
 */
export function registerNotificationMetrics(registry: Registry, log: DeliveryLogService): void {
  new Gauge({
    name: 'clinicdesk_notifications',
    help:
      'Messages in the delivery log by channel and status (queued, sent, failed, skipped, ' +
      'not_sent: no provider configured, never sent).',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
    async collect() {
      const counts = await log.countByChannelAndStatus();
      // Every series exists, at 0 when empty, so a rate or an alert never sees a gap.
      for (const channel of channelNames)
        for (const status of notificationStatus.enumValues)
          this.set({ channel, status }, counts.get(`${channel}|${status}`) ?? 0);
    },
  });
}
