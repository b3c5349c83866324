import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { patientBody, professionalBody } from '../helpers/people.js';

/**
 * A default install: `npm start` with NODE_ENV=development, the embedded PostgreSQL and no
 * provider for any channel. Whoever reads its console must not find a message in it: no
 * one-time code, no text, no address.
 */
let dataDir: string;
let server: ServerProcess | undefined;
let base: string;

const ADMIN = { email: 'admin@clinic.example', password: 'the-admin-password-x' };

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-console-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: String(port),
    NODE_ENV: 'development',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  };
  server = startServerProcess(env);
  for (const name of ['SMTP_URL', 'WHATSAPP_PROVIDER', 'TWILIO_SMS_FROM']) {
    expect(server.child.spawnargs.join(' ')).not.toContain(name);
  }
  await server.waitFor(/Server listening at/, 120_000);
}, 150_000);

afterAll(async () => {
  if (server) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))) {
    const leftover = await startEmbeddedPostgres({ dataDir, log: pino({ level: 'silent' }) });
    await leftover.stop();
  }
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function call(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: () => unknown }> {
  const response = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: () => JSON.parse(text) as unknown };
}

async function login(email: string, password: string): Promise<string> {
  const response = await call('POST', '/auth/login', { email, password });
  expect(response.status).toBe(200);
  return (response.json() as { token: string }).token;
}

interface LogEntry {
  event: string;
  channel: string;
  status: string;
  lastError: string | null;
}

/** Strips what a log line holds that is known not to be secret: process ids, times, ids. */
function withoutKnownNumbers(line: string): string {
  let text = line;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    for (const key of ['pid', 'serverPid', 'time', 'hostname']) delete parsed[key];
    text = JSON.stringify(parsed);
  } catch {
    // not a log line: kept whole
  }
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
}

describe('a default npm start with no provider', () => {
  it('prints no message, code or address, only that each was not sent and where to look', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const patient = patientBody({ name: 'Ana Beatriz Souza', phone: '(21) 98765-4321' });
    expect((await call('POST', '/patients', patient)).status).toBe(201);
    const patientToken = await login(patient.email, patient.password);
    const professional = professionalBody({ name: 'Dr. Caio Lima Teixeira' });
    const registered = await call('POST', '/professionals', professional, admin);
    expect(registered.status).toBe(201);
    const { councilNumber } = registered.json() as { councilNumber: string };
    const weekly = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
      weekday,
      start: '00:00',
      end: '23:30',
    }));
    expect(
      (
        await call(
          'PUT',
          `/professionals/${councilNumber}/availability`,
          { slotMinutes: 30, weekly },
          admin,
        )
      ).status,
    ).toBe(200);
    const slots = (
      await call('GET', `/professionals/${councilNumber}/slots`, undefined, patientToken)
    ).json() as {
      startsAt: string;
    }[];
    const booked = await call(
      'POST',
      '/appointments',
      { professional: councilNumber, startsAt: slots[0]!.startsAt },
      patientToken,
    );
    expect(booked.status).toBe(201);

    // Codes: a forgotten password and a verification (with no provider they may be refused).
    const forgot = await call('POST', '/auth/password/forgot', { email: patient.email });
    expect([202, 503]).toContain(forgot.status);
    const verify = await call('POST', '/auth/verify/email', undefined, patientToken);
    expect([202, 503]).toContain(verify.status);

    // The in-app worker keeps each message in the delivery log, as not sent.
    let entries: LogEntry[] = [];
    for (let tries = 0; tries < 100; tries++) {
      entries = (
        (await call('GET', '/notifications?pageSize=100', undefined, admin)).json() as {
          items: LogEntry[];
        }
      ).items;
      if (
        entries.filter((entry) => entry.event === 'appointment.booked').length >= 3 &&
        entries.every((entry) => entry.status !== 'queued')
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const bookedNotices = entries.filter((entry) => entry.event === 'appointment.booked');
    // The patient by e-mail and SMS, the professional by e-mail at least.
    expect(bookedNotices.length).toBeGreaterThanOrEqual(3);
    for (const entry of entries) {
      expect(entry.status, entry.event).toBe('not_sent');
      expect(entry.lastError).toMatch(/^no provider configured \(/);
    }
    const codes = entries.filter((entry) => entry.event.startsWith('code.'));
    if (verify.status === 202) {
      expect(codes.map((entry) => entry.event)).toContain('code.email_verification');
    }
    if (forgot.status === 202) {
      expect(codes.map((entry) => entry.event)).toContain('code.password_reset');
    }

    const output = server!.output();
    // Each message is a line saying it was not sent and where to read about it.
    const notSent = output.split('\n').filter((line) => line.includes('message not sent'));
    expect(notSent.length).toBe(entries.length);
    expect(notSent.join('\n')).toContain('GET /api/v1/notifications');
    // Nothing of a message: its sentences, the names and addresses in it.
    for (const text of [
      'Sua consulta está marcada',
      'Uma nova consulta foi marcada',
      'Use este código',
      'código',
      'Subject:',
      'Ana Beatriz',
      'Caio Lima',
      patient.email,
      professional.email,
      '98765-4321',
      '21987654321',
    ]) {
      expect(output, text).not.toContain(text);
    }
    // And no run of six digits (a code) outside process ids, times and ids.
    const sixDigits = output
      .split('\n')
      .map(withoutKnownNumbers)
      .filter((line) => /(?<![\w.:-])\d{6}(?![\w])/.test(line));
    expect(sixDigits).toEqual([]);
  }, 120_000);
});
