// The notifications module's front door: what other modules and src/services.ts may use.
// Every module writes its events to the outbox here, so this module uses none of them: what it
// must read of theirs (recipients, appointments) comes in through the interfaces below.
export { appointmentUid } from './appointment-ics.js';
export { closeChannels, createChannels } from './channels/index.js';
export { DeliveryLogService } from './delivery-log-service.js';
export { DeliveryRetryService, type AuditRetry } from './delivery-retry-service.js';
export type { Channel, ChannelName, Language } from './message.js';
export { registerNotificationMetrics } from './metrics.js';
export type { AppointmentPayload, OutboxEvent, OutboxEventType } from './outbox-schemas.js';
export {
  outboxInsert,
  recordOutboxEvent,
  recordOutboxEvents,
  recordPasswordChanged,
} from './outbox-writers.js';
export type { ProfessionalOfRecord, Recipient, RecipientDirectory } from './recipients.js';
export { ReminderScheduler, type RemindableAppointments } from './reminders.js';
export { deliveryLogRoutes } from './delivery-log-routes.js';
export { NotificationRetention, type RetentionResult } from './retention.js';
export { renderNotice } from './templates/index.js';
export { NotificationWorker, type AppointmentStillAt } from './worker.js';
