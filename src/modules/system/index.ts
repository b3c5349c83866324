// The system module's front door: health, version, metrics and the OpenAPI document.
export { systemRoutes } from './system-routes.js';
