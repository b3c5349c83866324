// The audit module's front door: what other modules and src/services.ts may use. The audit log
// is written only through `AuditService.record` (people gets it as its `AccessLog`) and the
// statement `AuditService.insertStatement` gives a writer that runs it inside its own.
export { auditRoutes } from './audit-routes.js';
export { AuditService, type AuditContext, type AuditLogSize } from './audit-service.js';
export { registerAuditMetrics } from './metrics.js';
