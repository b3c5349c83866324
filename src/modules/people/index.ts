// The people module's front door: what other modules and src/services.ts may use. Its tables
// (patients, professionals, council numbers, specialties) are read elsewhere only through the
// queries of read-queries.ts, and written only here.
export type { AccessLog } from './access-log.js';
export type { AddressInput } from './address.js';
export { addressesRoutes } from './addresses-routes.js';
export { adminsRoutes } from './admins-routes.js';
export { AdminsService } from './admins-service.js';
export { HttpCepLookup, noCepLookup, type CepLookup } from './cep-lookup.js';
export { patientsRoutes } from './patients-routes.js';
export { REGISTER_NUMBER_PATTERN, RegisterNumberParams } from './patients-schemas.js';
export { PatientsService, type CareRelation, type PatientIdentity } from './patients-service.js';
export { photosRoutes } from './photos-routes.js';
export { DIRECTORY_CHANNEL } from './professional-directory.js';
export { PhotosService } from './photos-service.js';
export { professionalsRoutes } from './professionals-routes.js';
export { CouncilNumberParams } from './professionals-schemas.js';
export {
  ProfessionalsService,
  type DeactivationGuard,
  type ProfessionalRecord,
} from './professionals-service.js';
export {
  patientsRelation,
  professionalByCouncilNumber,
  professionalsRelation,
  registerNumberOf,
  specialtiesRelation,
} from './read-queries.js';
export { NameInput } from './shared-schemas.js';
