// The clinic's settings (admins): a chunk of its own, fetched only when a settings page opens.
import '../i18n/staff';
export { AuditPage } from '../settings/audit-page';
export { AdminsPage } from '../settings/admins-page';
export { DisplaysPage } from '../settings/displays-page';
export { NotificationsPage } from '../settings/notifications-page';
export { ProfessionalFormPage } from '../settings/professional-form-page';
export { ProfessionalSchedulePage } from '../settings/professional-schedule-page';
export { ProfessionalsSettingsPage } from '../settings/professionals-page';
