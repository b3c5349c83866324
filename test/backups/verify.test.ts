import fs from 'node:fs/promises';
import path from 'node:path';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import {
  backupLayout,
  takeBaseBackup,
  verifyLatestBackup,
  VerifyError,
} from '../../src/modules/backups/index.js';
import { archiveNow, archivingCluster, connect, log, tempDir } from './helpers.js';

let base: string;
let server: EmbeddedPostgres;
let sql: postgres.Sql;
let backupDir: string;
/** An archived segment after the base backup, holding rows the restore point includes. */
let segment: string;

beforeAll(async () => {
  base = await tempDir();
  const dataDir = path.join(base, 'data');
  backupDir = path.join(base, 'backups');
  server = await archivingCluster(dataDir, backupDir);
  sql = connect(server);
  await sql`create table visits (id serial primary key, note text)`;
  await takeBaseBackup({ sql, dataDir, backupDir });
  await sql`insert into visits (note) select 'after the base backup ' || n from generate_series(1, 500) n`;
  segment = path.join(backupLayout(backupDir).wal, await archiveNow(sql));
  await sql`insert into visits (note) values ('just before the check')`;
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await server?.stop();
  await fs.rm(base, { recursive: true, force: true });
});

const verify = () => verifyLatestBackup({ sql, backupDir, log, scratchParent: base });

// Each check restores a copy: seconds alone, longer on a machine busy with the whole suite.
describe('backup verification', { timeout: 120_000 }, () => {
  it('passes on a good backup: every table has the live row count at the restore point', async () => {
    const result = await verify();
    expect(result.tables).toBeGreaterThan(5);
    expect(result.rows).toBeGreaterThanOrEqual(501);
    // The scratch copy is gone.
    expect((await fs.readdir(base)).sort()).toEqual(['backups', 'data']);
  });

  it('fails loudly when a WAL segment is missing', async () => {
    await fs.rename(segment, `${segment}.away`);
    try {
      const failure = await verify().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(VerifyError);
      expect((failure as Error).message).toMatch(/Backup verification failed: Recovery failed/);
      expect((failure as Error).message).toMatch(
        /FATAL: +recovery ended before configured recovery target was reached/,
      );
    } finally {
      await fs.rename(`${segment}.away`, segment);
    }
  });

  it('fails loudly when a WAL segment is corrupt', async () => {
    const original = await fs.readFile(segment);
    const damaged = Buffer.from(original);
    damaged.fill(0x5a, 200, 8000); // inside the first page's records: their checksums fail
    await fs.writeFile(segment, damaged);
    try {
      const failure = await verify().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(VerifyError);
      expect((failure as Error).message).toMatch(/Backup verification failed: Recovery failed/);
      // The replay stopped at the damage, short of the restore point.
      expect((failure as Error).message).toMatch(/invalid|incorrect|checksum/);
      expect((failure as Error).message).toMatch(
        /FATAL: +recovery ended before configured recovery target was reached/,
      );
    } finally {
      await fs.writeFile(segment, original);
    }
  });
});
