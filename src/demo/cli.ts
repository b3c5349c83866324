/* eslint-disable no-console -- the demo's sign-ins and refusals go to the terminal */
import { ConfigError, loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { DataDirInUseError } from '../db/embedded-postgres.js';
import { runMigrations } from '../db/migrate.js';
import { createLogger } from '../lib/logger.js';
import { DEMO_CLINIC } from './clinic.js';
import { DemoRefused, seedDemoClinic, type DemoClinic } from './seed.js';

// `npm run demo`: fills the app's database (DATA_DIR's embedded one, or DATABASE_URL) with a
// small clinic, prints how to sign in, and exits; `npm start` then serves it.
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const { database, shutdown } = await connectDatabase(config, log);
  try {
    await runMigrations(database.sql);
    console.log(signIns(await seedDemoClinic({ config, database, log })));
  } finally {
    await shutdown();
  }
}

function signIns(demo: DemoClinic): string {
  return [
    '',
    `  ClinicDesk demo: ${DEMO_CLINIC} is open, with ${demo.professionals} professionals, ` +
      `${demo.patients} patients and ${demo.appointments} appointments.`,
    `  Every demo account's password: ${demo.admin.password}    (shown only this once)`,
    `    front desk (admin): ${demo.admin.email}`,
    `    professional:       ${demo.professional.email}  (${demo.professional.name}, ` +
      `${demo.professional.specialty}, ${demo.professional.councilNumber})`,
    `    patient:            ${demo.patient.email}  (${demo.patient.name}, ` +
      `${demo.patient.registerNumber})`,
    '  Start the app with `npm start` (same DATA_DIR); docs/getting-started.md shows what to try.',
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  if (
    error instanceof DemoRefused ||
    error instanceof ConfigError ||
    error instanceof DataDirInUseError
  ) {
    console.error(error.message);
  } else {
    console.error('The demo could not be set up:', error);
  }
  process.exit(1);
});
