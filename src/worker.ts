/* eslint-disable no-console -- start-up failures go to the terminal */
import closeWithGrace from 'close-with-grace';
import { startBackgroundWork } from './background.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { runMigrations } from './db/migrate.js';
import { systemClock } from './lib/clock.js';
import { createLogger } from './lib/logger.js';
import { closeServices, createServices } from './services.js';

// `npm run worker`: the background work alone (notifications, reminders, no-shows), to scale
// apart from the HTTP instances. Any number may run; set NOTIFICATION_WORKER=off on the apps
// to leave the work to these.
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError([
      'DATABASE_URL must be set for a separate worker (the embedded database belongs to the app, ' +
        'which runs the worker itself unless NOTIFICATION_WORKER=off)',
    ]);
  }
  const log = createLogger(config.logLevel);
  const database = openDatabase(config.databaseUrl, {
    poolSize: 3,
    applicationName: 'clinicdesk-worker',
  });
  await runMigrations(database.sql);
  const services = createServices(config, database, systemClock, log);
  const background = startBackgroundWork(services, log);
  log.info('ClinicDesk worker started');
  closeWithGrace({ delay: 15_000, logger: log }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'stopping after an unexpected error');
    else log.info({ signal }, 'stopping');
    await background.stop();
    await closeServices(services);
    await database.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
