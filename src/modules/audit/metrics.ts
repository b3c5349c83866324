import { Gauge, type Registry } from 'prom-client';
import type { AuditService } from './audit-service.js';

/**
 * `clinicdesk_audit_log_entries` and `clinicdesk_audit_log_bytes`: the audit log is kept for
 * good, so an operator watches its growth here. Each is read from PostgreSQL's catalogue when
 * scraped (prom-client collects the gauges of a scrape concurrently, so neither waits on the
 * other's value).
 */
export function registerAuditMetrics(registry: Registry, audit: AuditService): void {
  new Gauge({
    name: 'clinicdesk_audit_log_entries',
    help: 'Entries in the audit log (kept for good), as estimated at its last ANALYZE.',
    registers: [registry],
    async collect() {
      this.set((await audit.size()).entries);
    },
  });
  new Gauge({
    name: 'clinicdesk_audit_log_bytes',
    help: 'Size of the audit log (kept for good) on disk, indexes included.',
    registers: [registry],
    async collect() {
      this.set((await audit.size()).bytes);
    },
  });
}
