// The queue module's front door: what src/services.ts and src/app.ts may use (no module uses
// the queue). Its tables (display tokens, consultation notes) are written and read only here.
export { boardRoutes } from './board-routes.js';
export { BoardService } from './board-service.js';
export { displayRoutes } from './display-routes.js';
export { DisplayService } from './display-service.js';
export { queueRoutes } from './queue-routes.js';
export { QueueService } from './queue-service.js';
export { QueueTransitionsService } from './transitions-service.js';
