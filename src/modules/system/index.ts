// The system module's front door: health, version, metrics and the OpenAPI document.
export { clinicRoutes } from './clinic-routes.js';
export { systemRoutes } from './system-routes.js';
