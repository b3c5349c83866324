import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

let dataDir: string;
let server: ServerProcess | undefined;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-web-'));
});

afterAll(async () => {
  if (server) {
    for (const pid of webPids(server)) killQuietly(pid);
    server.child.kill('SIGKILL');
    await server.exited;
  }
  if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))) {
    const leftover = await startEmbeddedPostgres({ dataDir, log: pino({ level: 'silent' }) });
    await leftover.stop();
  }
  await fs.rm(dataDir, { recursive: true, force: true });
});

function killQuietly(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The processes that have served a request, from their request log lines. */
function webPids(process: ServerProcess): Set<number> {
  const pids = new Set<number>();
  for (const line of process.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; pid?: number };
    if (entry.msg === 'request' && entry.pid !== undefined) pids.add(entry.pid);
  }
  return pids;
}

/** A GET on a connection of its own, which any of the web processes may accept. */
function getStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

describe('WEB_PROCESSES', () => {
  it('serves one port from several processes, replaces one that dies, and stops them all', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startServerProcess({ DATA_DIR: dataDir, PORT: String(port), WEB_PROCESSES: '2' });
    await server.waitFor(/web processes listening/, 120_000);
    const password = (await server.waitFor(/password: (\S+)/))[1]!;

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@clinicdesk.local', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const me = () => getStatus(`${base}/api/v1/auth/me`, { authorization: `Bearer ${token}` });

    // Every process honours the session. The kernel hands each new connection to one of them:
    // requests go on until both have served.
    await vi.waitFor(
      async () => {
        expect(await me()).toBe(200);
        expect(webPids(server!).size).toBe(2);
      },
      { timeout: 30_000, interval: 10 },
    );
    const [first, second] = [...webPids(server)];
    expect(first).not.toBe(server.child.pid);
    expect(second).not.toBe(server.child.pid);

    // Signed out through one process, the session ends on all of them.
    const logout = await fetch(`${base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(logout.status).toBe(204);
    await vi.waitFor(
      async () => {
        for (let i = 0; i < 20; i += 1) expect(await me()).toBe(401);
      },
      { timeout: 5_000, interval: 50 },
    );

    // One killed is replaced, and the port keeps answering meanwhile.
    process.kill(first!, 'SIGKILL');
    await server.waitFor(
      new RegExp(
        `"webProcess":${first},"exitCode":null,"signal":"SIGKILL","msg":"a web process stopped`,
      ),
    );
    await vi
      .waitFor(
        async () => {
          expect(await getStatus(`${base}/health`)).toBe(200);
          expect(
            [...webPids(server!)].filter((pid) => pid !== first && pid !== second),
          ).not.toEqual([]);
        },
        { timeout: 60_000, interval: 10 },
      )
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${server!.output().slice(-4000)}`);
      });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('PostgreSQL server stopped');
    for (const pid of webPids(server)) expect(isAlive(pid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 180_000);
});
