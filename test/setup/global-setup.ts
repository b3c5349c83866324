import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import type { PgConnectionOptions } from '../../src/db/connection-options.js';
import { openDatabase } from '../../src/db/database.js';
import { DataDirInUseError, startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { runMigrations } from '../../src/db/migrate.js';
import { randomToken } from '../../src/lib/crypto.js';
import { proofTable } from '../helpers/proof-counts.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServer: PgConnectionOptions;
    pgTemplate: string;
    pgPrefix: string;
    /** Where the proof tests write their counts (test/helpers/proof-counts.ts). */
    proofDir: string;
  }
}

/**
 * One PostgreSQL for the whole run: the server in TEST_DATABASE_URL, or else a throwaway
 * embedded server started the same way the app starts its own. A migrated template database
 * is made once; each test file clones it (test/helpers/database.ts) and so runs in isolation.
 */
export default async function setup(project: TestProject) {
  const log = pino({ level: 'silent' });
  let server: PgConnectionOptions;
  let stopServer = async () => {};
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    server = parseDatabaseUrl(external);
  } else {
    await reclaimAbandonedClusters(log);
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), TEST_DIR_PREFIX));
    const embedded = await startEmbeddedPostgres({ dataDir, log, durable: false });
    server = embedded.connection;
    stopServer = async () => {
      await embedded.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  }

  const prefix = `cdt_${randomToken(4)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const template = `${prefix}_template`;
  const admin = postgres({ ...server, pass: server.password, max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  const templateDb = openDatabase({ ...server, database: template }, { poolSize: 2 });
  await runMigrations(templateDb.sql);
  await templateDb.close();

  project.provide('pgServer', server);
  project.provide('pgTemplate', template);
  project.provide('pgPrefix', prefix);
  // The proof tests' counts: one JSON line per proof, from whichever worker ran it; the table
  // is printed once the run is over (below), after vitest's own report of the files.
  const proofDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-proof-'));
  project.provide('proofDir', proofDir);

  return async () => {
    const table = proofTable(proofDir);
    if (table) process.stdout.write(`\n${table}\n\n`);
    await fs.rm(proofDir, { recursive: true, force: true });
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`${prefix}%`}`;
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await admin.end();
    await stopServer();
  };
}

const TEST_DIR_PREFIX = 'clinicdesk-test-';
const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * A run stopped before its teardown (Ctrl-C, a killed CI job) leaves its server running in the
 * temporary folder. Reclaim those: a server whose owner lock is free belongs to no live run, so
 * it is adopted and stopped like any app would; a held lock means a run in progress, left alone.
 */
async function reclaimAbandonedClusters(log: pino.Logger): Promise<void> {
  const entries = await fs.readdir(os.tmpdir()).catch(() => [] as string[]);
  for (const entry of entries.filter((name) => name.startsWith(TEST_DIR_PREFIX))) {
    const dataDir = path.join(os.tmpdir(), entry);
    const stat = await fs.stat(dataDir).catch(() => undefined);
    if (!stat?.isDirectory() || Date.now() - stat.mtimeMs < ABANDONED_AFTER_MS) continue;
    try {
      if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))) {
        await (await startEmbeddedPostgres({ dataDir, log, durable: false })).stop();
      }
      await fs.rm(dataDir, { recursive: true, force: true });
    } catch (error) {
      if (!(error instanceof DataDirInUseError)) throw error;
    }
  }
}

function parseDatabaseUrl(url: string): PgConnectionOptions {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname) || '127.0.0.1',
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
  };
}
