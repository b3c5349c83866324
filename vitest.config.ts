import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The unit tier: files that need neither the app nor a database, so they run in seconds and
 * without PostgreSQL. Every other file is in the integration tier; a file is never in both.
 */
const unitFiles = [
  'test/config.test.ts',
  'test/db/driver-queue.test.ts',
  'test/lib/**/*.test.ts',
  'test/lint/**/*.test.ts',
  'test/http/authorize.test.ts',
  'test/http/sse.test.ts',
  'test/notifications/background-rest.test.ts',
  'test/notifications/channels/**/*.test.ts',
  'test/notifications/templates/**/*.test.ts',
  'test/queue/messages.test.ts',
  'test/records/prescription-pdf.test.ts',
  'test/scheduling/appointment-status.test.ts',
  'test/scheduling/slots.test.ts',
  'test/setup/**/*.test.ts',
  'test/system/database-probe.test.ts',
  'test/web/messages.test.ts',
];

/** The browser tests (Playwright driving Chromium), a tier of their own. */
const browserFiles = ['test/web/**/*.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // Integration files are I/O-bound on PostgreSQL, each in its own database: run several at once.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The global setup belongs to the integration project alone: vitest starts the global setup
    // of every project that has files in a run, before running any of them.
    projects: [
      { extends: true, test: { name: 'unit', include: unitFiles } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...unitFiles, ...browserFiles],
          globalSetup: ['test/setup/global-setup.ts'],
        },
      },
      // The browser tests: each drives Chromium against its own server, several pages at once.
      // Run apart from the API's (`npm run test:web`, two files at a time), so that neither
      // starves the other of the machine's two cores.
      {
        extends: true,
        test: {
          name: 'web',
          include: browserFiles,
          exclude: [...configDefaults.exclude, ...unitFiles],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
