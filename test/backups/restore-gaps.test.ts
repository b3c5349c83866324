import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import {
  backupLayout,
  compressArchivedWal,
  restoreBackup,
  RestoreError,
  takeBaseBackup,
} from '../../src/modules/backups/index.js';
import { archiveNow, connect, log, readStoppedCluster, scratchCluster } from './helpers.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

/**
 * An archive of its own for a case: a base backup, then a note per segment, each committed and
 * archived in turn, then a clean stop; gzipped as the scheduler leaves it. `point` writes a
 * named restore point before that note.
 */
async function archiveOfNotes(notes: string[], point?: { name: string; before: string }) {
  const { base, dataDir, backupDir, server, sql } = await scratchCluster(dirs);
  /** The archived segments holding each note's commit, in order (names without `.gz`). */
  const segments: string[] = [];
  try {
    await sql`create table notes (id serial primary key, note text not null)`;
    await takeBaseBackup({ sql, dataDir, backupDir });
    for (const note of notes) {
      if (point?.before === note) await sql`select pg_create_restore_point(${point.name})`;
      await sql`insert into notes (note) values (${note})`;
      segments.push(await archiveNow(sql));
    }
  } finally {
    await sql.end();
    await server.stop();
  }
  await compressArchivedWal(backupDir);
  return { base, backupDir, walDir: backupLayout(backupDir).wal, segments };
}

function notesIn(dataDir: string): Promise<string[]> {
  return readStoppedCluster(dataDir, async (sql) => {
    const rows = await sql<{ note: string }[]>`select note from notes order by id`;
    return rows.map((row) => row.note);
  });
}

const restoreLatest = (backupDir: string, into: string) =>
  restoreBackup({ backupDir, dataDir: into, target: { latest: true }, log, durable: false });

describe('restoring to the latest state', { timeout: 120_000 }, () => {
  let archive: Awaited<ReturnType<typeof archiveOfNotes>>;
  beforeAll(async () => {
    archive = await archiveOfNotes(['one', 'two', 'three', 'four']);
  }, 120_000);

  it('replays the whole archive when nothing is missing', async () => {
    const into = path.join(archive.base, 'complete');
    await restoreLatest(archive.backupDir, into);
    expect(await notesIn(into)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('fails, naming it, when a segment in the middle of the archive is missing', async () => {
    const missing = archive.segments[1]!; // holds "two": the replay would end after "one"
    const file = path.join(archive.walDir, `${missing}.gz`);
    await fs.rename(file, `${file}.away`);
    try {
      const into = path.join(archive.base, 'gap');
      const failure = await restoreLatest(archive.backupDir, into).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RestoreError);
      const message = (failure as Error).message;
      expect(message).toMatch(/Recovery ended early/);
      expect(message).toContain(`The first missing segment is ${missing}`);
      // The stop switched to a new segment, so the archive reaches past the last note's.
      expect(message).toContain(`stopped at WAL position ${missing.slice(8)}`);
      expect(message).toMatch(/reaches 00000001[0-9A-F]{16}/);
      expect(await fs.readdir(into)).toEqual([]);
    } finally {
      await fs.rename(`${file}.away`, file);
    }
  });

  it('fails when a segment in the middle of the archive is damaged', async () => {
    const file = path.join(archive.walDir, `${archive.segments[2]}.gz`);
    const original = await fs.readFile(file);
    await fs.writeFile(file, original.subarray(0, 40)); // a truncated gzip: restore_command fails
    try {
      const into = path.join(archive.base, 'damaged');
      const failure = await restoreLatest(archive.backupDir, into).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RestoreError);
      expect((failure as Error).message).toMatch(/No segment is missing there: .* is damaged/);
      expect(await fs.readdir(into)).toEqual([]);
    } finally {
      await fs.writeFile(file, original);
    }
  });

  it('follows a newer timeline without tripping over the segments it abandoned', async () => {
    const { base, backupDir, walDir } = await archiveOfNotes(
      ['one', 'two', 'three', 'four', 'five', 'six'],
      { name: 'before three', before: 'three' },
    );
    // An earlier restore to the point, started on the same archive: timeline 2 begins there.
    const earlier = path.join(base, 'earlier');
    await restoreBackup({
      backupDir,
      dataDir: earlier,
      target: { name: 'before three' },
      log,
      durable: false,
    });
    const server = await startEmbeddedPostgres({
      dataDir: earlier,
      log,
      durable: false,
      archiveDir: walDir,
    });
    const sql = connect(server);
    try {
      await sql`insert into notes (note) values ('on timeline 2')`;
      await archiveNow(sql);
    } finally {
      await sql.end();
      await server.stop();
    }
    const names = await fs.readdir(walDir);
    expect(names).toContain('00000002.history');
    const lastPosition = (timeline: string) =>
      Math.max(
        ...names
          .filter((name) => new RegExp(`^${timeline}[0-9A-F]{16}(\\.gz)?$`).test(name))
          .map((name) => Number.parseInt(name.slice(8, 24), 16)),
      );
    // Timeline 1's abandoned segments ("three" to "six") go on well past where the replay of
    // timeline 2 ends (the segment after its last): they must not look like a missing tail.
    expect(lastPosition('00000001')).toBeGreaterThan(lastPosition('00000002') + 1);

    const into = path.join(base, 'latest');
    await restoreLatest(backupDir, into);
    expect(await notesIn(into)).toEqual(['one', 'two', 'on timeline 2']);
  });
});
