import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compressArchivedWal,
  readStatus,
  takeBaseBackup,
} from '../../src/modules/backups/index.js';
import { startS3rver, type LocalS3 } from '../helpers/s3rver.js';
import { archiveNow, readStoppedCluster, scratchCluster } from './helpers.js';

const run = promisify(execFile);
const dirs: string[] = [];
let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3rver('clinicdesk-cli');
});
afterAll(async () => {
  await s3?.stop();
  await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Runs `npm run <script>`'s program from the sources, as the operator would: its exit code and words. */
async function cli(script: 'restore' | 'verify', args: string[], env: Record<string, string>) {
  const file = `src/modules/backups/${script}-cli.ts`;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run restore and npm run backup:verify', { timeout: 180_000 }, () => {
  it('refuse wrong use with a one-line reason and status 2', async () => {
    const noInto = await cli('restore', [], {});
    expect(noInto).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Usage: npm run/) });
    const noOffset = await cli('restore', ['--into', '/tmp/x', '--to', '2026-12-01T10:14'], {});
    expect(noOffset.code).toBe(2);
    expect(noOffset.stderr).toMatch(/--to needs a time with its offset/);
    const noBucket = await cli('restore', ['--into', '/tmp/x', '--from', 'bucket'], {});
    expect(noBucket.code).toBe(2);
    expect(noBucket.stderr).toMatch(/--from bucket needs the bucket: set S3_BUCKET/);
    const managed = await cli('verify', [], { DATABASE_URL: 'postgres://127.0.0.1/test' });
    expect(managed).toMatchObject({ code: 2, stderr: expect.stringMatching(/its provider/) });
  });

  it("verify the bucket's copy, then restore from the bucket alone", async () => {
    const { base, dataDir, backupDir, server, sql } = await scratchCluster(dirs);
    const env = {
      DATA_DIR: dataDir,
      BACKUP_DIR: backupDir,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    };
    try {
      await sql`create table visits (n int)`;
      await takeBaseBackup({ sql, dataDir, backupDir });
      await sql`insert into visits select generate_series(1, 42)`;
      await archiveNow(sql);
      await compressArchivedWal(backupDir);

      // Beside the running app, as the weekly job does it: the copy is sent, then checked.
      const verified = await cli('verify', ['--from', 'bucket'], env);
      // (stderr may hold the AWS SDK's warning about Node 20's end of support, nothing else)
      expect(verified.stderr).not.toMatch(/FAILED|Error/);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/^The bucket's copy verified: base backup \d{8}T\d{9}Z/);
      expect((await readStatus(backupDir)).bucketVerify).toMatchObject({ ok: true });
    } finally {
      await sql.end();
      await server.stop();
    }
    await fs.rm(backupDir, { recursive: true, force: true });
    await fs.rm(dataDir, { recursive: true, force: true });

    const into = path.join(base, 'restored');
    const restored = await cli('restore', ['--from', 'bucket', '--into', into], env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored into .*restored, from the bucket's base backup/);
    expect(restored.stdout).toContain(`DATA_DIR=${into} npm start`);
    const [row] = await readStoppedCluster(
      into,
      (sql) => sql<{ count: string }[]>`select count(*) from visits`,
    );
    expect(Number(row!.count)).toBe(42);
  });
});
