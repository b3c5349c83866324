// The accounts module's front door: what other modules and src/services.ts may use. Its tables
// (users, sessions, one-time codes, rate limits) are read elsewhere only through
// `usersRelation` and `recipientsById`, and written only here.
export { codeChannels } from './code-channels.js';
export { codesRoutes } from './codes-routes.js';
export { ADMIN_LOCK, ensureFirstAdmin } from './first-admin.js';
export { AccountsHousekeeping } from './housekeeping.js';
export { LoginThrottle } from './login-throttle.js';
export { OneTimeCodes } from './codes-service.js';
export { PasswordSchema } from './passwords.js';
export { requirePhone } from './phone.js';
export { sharedRateLimit, type RateLimit } from './rate-limits.js';
export { recipientsById, usersRelation } from './read-queries.js';
export { accountsRoutes } from './accounts-routes.js';
export { LanguageSchema, RoleSchema } from './accounts-schemas.js';
export {
  AccountsService,
  normalizeEmail,
  type IdentityChanges,
  type NewUser,
  type ProfileChangeWrapper,
} from './accounts-service.js';
export { SessionStore, type RegisterNumberOf } from './sessions.js';
