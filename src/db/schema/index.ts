export * from './accounts.js';
export * from './audit.js';
export * from './people.js';
export * from './scheduling.js';
export * from './queue.js';
export * from './notifications.js';
export * from './records.js';
