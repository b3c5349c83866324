/* eslint-disable no-console -- a command-line tool reports to its terminal */
import { loadConfig } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { connectDatabase } from './connect.js';
import { runMigrations } from './migrate.js';

// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded server.
const config = loadConfig();
const log = createLogger(config.logLevel);
const { database, shutdown } = await connectDatabase(config, log);
try {
  await runMigrations(database.sql);
  console.log('Migrations are up to date.');
} finally {
  await shutdown();
}
