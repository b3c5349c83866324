// The clinical records module's front door: what src/services.ts and the queue may use. Its
// tables (consultation versions, prescriptions, lab reports and their files) are written and
// read only here; clinical content leaves the module only through its routes, for the patient
// and the professionals caring for them.
export { CareTeam } from './care-team.js';
export { consultationsRoutes } from './consultations-routes.js';
export { ConsultationFields } from './consultations-schemas.js';
export { ConsultationsService, type ConsultationText } from './consultations-service.js';
export { LabReportsListService } from './lab-reports-list-service.js';
export { labReportsRoutes } from './lab-reports-routes.js';
export { LabReportsService } from './lab-reports-service.js';
export { prescriptionsRoutes } from './prescriptions-routes.js';
export { PrescriptionsService } from './prescriptions-service.js';
export { recordExportRoutes } from './record-export-routes.js';
export { RecordExportService } from './record-export-service.js';
