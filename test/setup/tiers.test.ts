import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { freePort } from '../helpers/server-process.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs one file through vitest as `npm test` runs a tier, with TEST_DATABASE_URL pointing at a
 * port nobody listens on: a run that loads the global setup fails before its first test, so
 * passing proves that the tier never reaches for PostgreSQL.
 */
async function runTier(project: string, file: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEST_DATABASE_URL: `postgres://nobody@127.0.0.1:${await freePort()}/nothing`,
    NO_COLOR: '1',
  };
  // This file runs inside vitest: the child must not mistake itself for one of its workers.
  for (const name of Object.keys(env)) {
    if (name.startsWith('VITEST') || name === 'FORCE_COLOR') delete env[name];
  }
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--project', project, file],
      { cwd: repoRoot, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

describe('the test tiers', () => {
  it('run the unit tier without loading the global setup that starts PostgreSQL', async () => {
    const unit = await runTier('unit', 'test/scheduling/appointment-status.test.ts');
    expect(unit.code, unit.output).toBe(0);
    expect(unit.output).toMatch(/Tests\s+\d+ passed/);
  });

  it('tell a unit file that asks for a database which tier it belongs to', async () => {
    await expect(createTestDatabase()).rejects.toThrow(/belongs to the integration tier/);
  });

  it('load the global setup for the integration tier, so the check above would see it', async () => {
    const integration = await runTier('integration', 'test/system/system.test.ts');
    expect(integration.code).not.toBe(0);
    expect(integration.output).toMatch(/ECONNREFUSED/);
  });
});
