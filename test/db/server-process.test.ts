import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

let dataDir: string;
const started: ServerProcess[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-proc-'));
});

afterAll(async () => {
  for (const server of started) server.child.kill('SIGKILL');
  await Promise.all(started.map((server) => server.exited));
  // A server left behind by a failed assertion: adopt it and stop it.
  if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))) {
    const leftover = await startEmbeddedPostgres({ dataDir, log: pino({ level: 'silent' }) });
    await leftover.stop();
  }
  await fs.rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const server = startServerProcess({ DATA_DIR: dataDir, ...env });
  started.push(server);
  return server;
}

async function login(port: number, email: string, password: string) {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: (await response.json()) as { token: string } };
}

describe('the app process on its embedded PostgreSQL', () => {
  it('survives kill -9 with its data, refuses a second app on the folder, and stops cleanly', async () => {
    const port = await freePort();
    const first = start({ PORT: String(port) });
    await first.waitFor(/Server listening at/);
    const password = (await first.waitFor(/password: (\S+)/))[1]!;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    const { body } = await login(port, 'admin@clinicdesk.local', password);
    const renamed = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Committed before the crash' }),
    });
    expect(renamed.status).toBe(200);

    first.child.kill('SIGKILL');
    await first.exited;

    const second = start({ PORT: String(port) });
    await second.waitFor(/Server listening at/);
    expect(second.output()).toContain('adopted a PostgreSQL server left running by a previous run');
    expect(second.output()).not.toContain('first admin account was created');
    const again = await login(port, 'admin@clinicdesk.local', password);
    expect(again.status).toBe(200);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${again.body.token}` },
    });
    expect(((await me.json()) as { name: string }).name).toBe('Committed before the crash');
    // The session made before the crash is still valid: sessions live in the database.
    const oldSession = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(oldSession.status).toBe(200);

    const intruder = start({ PORT: String(await freePort()) });
    expect(await intruder.exited).toBe(1);
    expect(intruder.output()).toContain(
      `Another ClinicDesk is already running on the data folder ${dataDir}`,
    );
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('PostgreSQL server stopped');
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const third = start({ PORT: String(port) });
    await third.waitFor(/Server listening at/);
    expect(third.output()).toContain('PostgreSQL server started');
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
    // Four app processes, each compiling the sources with tsx: on a busy 2-core machine that
    // alone can take most of a minute.
  }, 180_000);

  it('stops at once on a wrong setting, naming it', async () => {
    const server = start({ PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT must be integer (got "eighty")');
  });
});
