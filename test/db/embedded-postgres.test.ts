import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

const log = pino({ level: 'silent' });
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

async function tempDir(...nested: string[]) {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-pg-'));
  // Run as root, the server runs as the postgres OS user, which must pass through the folders.
  await fs.chmod(base, 0o711);
  dirs.push(base);
  return path.join(base, ...nested);
}

describe('the embedded PostgreSQL', () => {
  it('listens on a Unix socket in the data folder, never on a TCP port', async () => {
    const dataDir = await tempDir();
    const server = await startEmbeddedPostgres({ dataDir, log, durable: false });
    try {
      expect(server.connection.host).toBe(path.join(dataDir, 'postgres'));
      const sql = postgres({ ...server.connection, pass: server.connection.password, max: 1 });
      const [row] =
        await sql`select current_setting('listen_addresses') as listen, current_database() as db`;
      expect(row).toEqual({ listen: '', db: 'clinicdesk' });
      await sql.end();
      await expect(startEmbeddedPostgres({ dataDir, log })).rejects.toThrow(DataDirInUseError);
    } finally {
      await server.stop();
    }
  });

  it('starts in a private folder, letting the server’s OS user pass through, not read', async () => {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-private-'));
    dirs.push(base);
    await fs.chmod(base, 0o700); // as `mktemp -d` and /root are
    const dataDir = path.join(base, 'clinic', 'data');
    const server = await startEmbeddedPostgres({ dataDir, log, durable: false });
    try {
      const sql = postgres({ ...server.connection, pass: server.connection.password, max: 1 });
      expect((await sql`select 1 as one`)[0]).toEqual({ one: 1 });
      await sql.end();
    } finally {
      await server.stop();
    }
    const mode = (await fs.stat(base)).mode & 0o777;
    const asRoot = process.getuid?.() === 0;
    // As root the server runs as "postgres": the folder may now be passed through by name only.
    expect(mode).toBe(asRoot ? 0o701 : 0o700);
  });

  it('falls back to a free loopback port when the socket path would be too long', async () => {
    const dataDir = await tempDir(
      'a-rather-long-folder-name-for-clinic-data',
      'and-one-more-level-of-nesting-here',
    );
    const server = await startEmbeddedPostgres({ dataDir, log, durable: false });
    try {
      expect(server.connection.host).toBe('127.0.0.1');
      expect(server.connection.port).not.toBe(5432);
      const sql = postgres({ ...server.connection, pass: server.connection.password, max: 1 });
      expect((await sql`select 1 as one`)[0]).toEqual({ one: 1 });
      await sql.end();
      // The port is password-protected: anyone on the machine can reach it.
      const intruder = postgres({ ...server.connection, pass: 'wrong', max: 1 });
      await expect(intruder`select 1`).rejects.toThrow(/password authentication failed/);
      await intruder.end();
    } finally {
      await server.stop();
    }
  });
});
