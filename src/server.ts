/* eslint-disable no-console -- start-up failures and the first admin go to the terminal */
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { startBackgroundWork } from './background.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/connect.js';
import { DataDirInUseError } from './db/embedded-postgres.js';
import { runMigrations } from './db/migrate.js';
import { countAnsweredRequests } from './http/answered-requests.js';
import { systemClock } from './lib/clock.js';
import { createLogger } from './lib/logger.js';
import { ensureFirstAdmin } from './modules/accounts/index.js';
import { BackupBucket, BackupScheduler } from './modules/backups/index.js';
import { closeServices, createServices } from './services.js';
import { isWebProcess, serveAsWebProcess, startWebProcesses } from './web-processes.js';

// config → database → migrations → first admin → app (or web processes) and background jobs →
// listen; SIGINT/SIGTERM stop in reverse.
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (isWebProcess()) return serveAsWebProcess(config, log);
  const { database, target, shutdown } = await connectDatabase(config, log);
  let stopped = false;
  const stopDatabase = async () => {
    if (stopped) return;
    stopped = true;
    await shutdown();
  };
  try {
    await runMigrations(database.sql);
    const services = createServices(config, database, systemClock, log);
    await ensureFirstAdmin(database.db, services.accounts, config.firstAdmin, log, (text) =>
      console.log(text),
    );
    // The process owning the embedded server copies its cluster folder: the backup jobs run
    // here, never in `npm run worker` processes (which may be on other machines).
    const backups =
      config.databaseUrl || config.backups.schedule === 'off'
        ? undefined
        : new BackupScheduler({
            sql: database.sql,
            dataDir: config.dataDir,
            backupDir: config.backups.dir,
            schedule: config.backups.schedule,
            retentionDays: config.backups.retentionDays,
            localFiles: config.s3 === undefined,
            ...(config.backups.bucket ? { bucket: new BackupBucket(config.backups.bucket) } : {}),
            log,
          });
    backups?.start();
    const startBackground = (answeredRequests?: () => number) =>
      config.notifications.worker === 'in-app'
        ? startBackgroundWork(services, log, answeredRequests)
        : undefined;
    if (config.webProcesses > 1) {
      const web = startWebProcesses(config.webProcesses, target, log);
      // Started once the web processes listen; stopped after them.
      const started: { background?: ReturnType<typeof startBackground> } = {};
      closeWithGrace({ delay: 20_000, logger: log }, async ({ signal, err }) => {
        if (err) log.error({ err }, 'stopping after an unexpected error');
        else log.info({ signal }, 'stopping');
        await web.stop();
        await started.background?.stop();
        await backups?.stop();
        await closeServices(services);
        await stopDatabase();
      });
      await web.listening.catch(async (error: unknown) => {
        await web.stop();
        await closeServices(services);
        throw error;
      });
      started.background = startBackground();
      log.info({ processes: config.webProcesses, port: config.port }, 'web processes listening');
      return;
    }
    const app = await buildApp({ config, database, logger: log, services });
    const background = startBackground(countAnsweredRequests(app));
    closeWithGrace({ delay: 15_000, logger: log }, async ({ signal, err }) => {
      if (err) log.error({ err }, 'stopping after an unexpected error');
      else log.info({ signal }, 'stopping');
      await background?.stop();
      await backups?.stop();
      await app.close();
      await stopDatabase();
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await stopDatabase().catch((stopError: unknown) =>
      log.error({ err: stopError }, 'could not stop the database cleanly'),
    );
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirInUseError) {
    console.error(error.message);
  } else {
    console.error('ClinicDesk could not start:', error);
  }
  process.exit(1);
});
