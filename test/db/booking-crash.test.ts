import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { recordProof, stopwatch } from '../helpers/proof-counts.js';
import { freePort, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * The proof that a crash loses nothing (issue 16): the app as a real process on the run's
 * database, 20 patients booking at once over HTTP, and `kill -9` in the middle of it, three
 * rounds over. Every 201 must be in the database, no slot booked twice, and every booking's
 * e-mails (to the patient and to the professional) delivered exactly once by the app's own
 * worker to a real SMTP server, across the crashes.
 */

const CLIENTS = 20;
const ROUNDS = 3;
/** How long the clients book in each round, at least, before the app is killed. */
const ROUND_MS = 1_500;
const SLOT_MINUTES = 15;
/** 07:00 to 19:00: 48 slots a day. */
const SLOTS_PER_DAY = (12 * 60) / SLOT_MINUTES;
const MAIL_FROM = 'no-reply@clinic.example';

let t: TestApp;
let mail: MailServer;
let dataDir: string;
let councilNumber: string;
let patients: SignedUpPatient[];
let port: number;
const started: ServerProcess[] = [];

beforeAll(async () => {
  mail = await startMailServer();
  t = await createTestApp({ SMTP_URL: mail.url, MAIL_FROM });
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'clinicdesk-crash-'));
  const admin = await t.login(await t.createUser('admin'));
  const professional = await registerProfessional(t, admin);
  councilNumber = professional.councilNumber;
  const hours = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/professionals/${councilNumber}/availability`,
    headers: bearer(admin),
    payload: {
      slotMinutes: SLOT_MINUTES,
      weekly: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '07:00', end: '19:00' })),
    },
  });
  expect(hours.statusCode, hours.body).toBe(200);
  patients = [];
  for (let batch = 0; batch < CLIENTS / 10; batch++) {
    patients.push(...(await Promise.all(Array.from({ length: 10 }, () => signUpPatient(t)))));
  }
  port = await freePort();
}, 120_000);

afterAll(async () => {
  for (const server of started) server.child.kill('SIGKILL');
  await Promise.all(started.map((server) => server.exited));
  await t?.close();
  await mail?.close();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

/** The app, as `npm start` runs it, on the test's database and mail server. */
async function startApp(): Promise<ServerProcess> {
  const { host, port: pgPort, user, password, database } = t.connection;
  const server = startServerProcess({
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: `postgres:///${database}`,
    PGHOST: host,
    PGPORT: String(pgPort),
    PGUSER: user,
    PGPASSWORD: password ?? '',
    SMTP_URL: mail.url,
    MAIL_FROM,
    // A killed worker's claimed messages are free to take again after this.
    NOTIFICATION_LEASE_SECONDS: '2',
  });
  started.push(server);
  await server.waitFor(/Server listening at/, 90_000);
  return server;
}

/** The start of slot `index`: from the day after tomorrow, 07:00–19:00 in São Paulo. */
function slotStart(index: number): string {
  const day = new Date(Date.now() + (2 + Math.floor(index / SLOTS_PER_DAY)) * 86_400_000);
  const minutes = 7 * 60 + SLOT_MINUTES * (index % SLOTS_PER_DAY);
  const date = day.toISOString().slice(0, 10);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return new Date(`${date}T${time}:00-03:00`).toISOString();
}

interface Outcomes {
  sent: number;
  /** Appointment ids answered 201. */
  booked: string[];
  refused: number;
  serverErrors: string[];
  /** Other answers: neither 201, 409 nor 5xx. */
  unexpected: string[];
  /** No answer: the app died with the request in flight. */
  inDoubt: number;
}

/**
 * The clients: each takes the next request number and asks for slot number / 2, so that every
 * slot is wanted by two patients at once (one 201, one 409), until its connection fails.
 */
async function bookUntilKilled(outcomes: Outcomes, nextRequest: { n: number }) {
  await Promise.all(
    patients.map(async (patient) => {
      for (;;) {
        const startsAt = slotStart(Math.floor(nextRequest.n++ / 2));
        outcomes.sent += 1;
        let response: Response;
        try {
          response = await fetch(`http://127.0.0.1:${port}/api/v1/appointments`, {
            method: 'POST',
            headers: { ...bearer(patient.session), 'content-type': 'application/json' },
            body: JSON.stringify({ professional: councilNumber, startsAt }),
          });
        } catch {
          outcomes.inDoubt += 1;
          return;
        }
        let body: { id?: string };
        try {
          body = (await response.json()) as { id?: string };
        } catch {
          // The answer was cut off by the kill.
          outcomes.inDoubt += 1;
          return;
        }
        if (response.status === 201 && body.id) outcomes.booked.push(body.id);
        else if (response.status === 409) outcomes.refused += 1;
        else if (response.status >= 500) outcomes.serverErrors.push(JSON.stringify(body));
        else outcomes.unexpected.push(`${response.status} ${JSON.stringify(body)}`);
      }
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The messages the mail server has acknowledged, each counted once. */
const acknowledged = () => new Set(mail.received.map((message) => message.messageId)).size;

async function recordedAsSent(): Promise<number> {
  const [row] = await t.database.sql<{ count: number }[]>`
    select count(*)::int as count from notifications where channel = 'email' and status = 'sent'`;
  return row!.count;
}

describe('kill -9 of the app during 20 concurrent booking clients', () => {
  it('loses no booking, doubles none, and delivers every booking’s e-mails exactly once, over three crashes', async () => {
    const elapsed = stopwatch();
    const outcomes: Outcomes = {
      sent: 0,
      booked: [],
      refused: 0,
      serverErrors: [],
      unexpected: [],
      inDoubt: 0,
    };
    const nextRequest = { n: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const app = await startApp();
      const bookedBefore = outcomes.booked.length;
      const clients = bookUntilKilled(outcomes, nextRequest);
      // At least ROUND_MS, and at least one booking per client, on a machine however busy.
      const roundStart = Date.now();
      while (
        (Date.now() - roundStart < ROUND_MS || outcomes.booked.length - bookedBefore < CLIENTS) &&
        Date.now() - roundStart < 60_000
      ) {
        await sleep(100);
      }
      // The mail server stops acknowledging, so that what is on the wire when the app dies
      // counts as not delivered (SMTP's rule); once the app has recorded as sent all that the
      // server did acknowledge, it dies, in the middle of the clients' bookings.
      mail.hold();
      await sleep(300);
      const settled = Date.now() + 15_000;
      while ((await recordedAsSent()) < acknowledged() && Date.now() < settled) await sleep(50);
      app.child.kill('SIGKILL');
      await app.exited;
      await clients;
      await sleep(500);
      mail.release();
    }

    // The fourth start delivers what the crashes left: the killed workers' leases run out.
    const last = await startApp();
    const ids = outcomes.booked;
    const pending = async () =>
      (
        await t.database.sql<{ count: number }[]>`
          select (select count(*) from outbox where processed_at is null)::int
               + (select count(*) from notifications where status = 'queued')::int as count`
      )[0]!.count;
    const deadline = Date.now() + 90_000;
    while ((await pending()) > 0 && Date.now() < deadline) await sleep(250);
    // A last look for a message sent twice, once the app has nothing left to send.
    await sleep(1_000);
    last.child.kill('SIGTERM');
    const exitCode = await last.exited;

    const inDatabase = await t.database.sql<{ id: string }[]>`
      select a.id from appointments a where a.id = any(${ids}::uuid[])`;
    const found = new Set(inDatabase.map((row) => row.id));
    const missing = ids.filter((id) => !found.has(id));
    const doubledSlots = await t.database.sql<{ starts_at: Date; count: number }[]>`
      select starts_at, count(*)::int from appointments
      group by professional_user_id, starts_at having count(*) > 1`;
    const repeatedIds = ids.length - new Set(ids).size;
    // Every booking in the database, answered or in doubt: its event's e-mails.
    const [{ appointments, events } = { appointments: 0, events: 0 }] = await t.database.sql<
      { appointments: number; events: number }[]
    >`
      select (select count(*) from appointments)::int as appointments,
             (select count(*) from outbox where type = 'appointment.booked')::int as events`;
    const messages = await t.database.sql<{ id: string; status: string }[]>`
      select n.id, n.status from notifications n join outbox o on o.id = n.event_id
      where o.type = 'appointment.booked' and n.channel = 'email'`;
    const received = new Map<string, number>();
    for (const message of mail.received) {
      const id = /^<([^@>]+)@/.exec(message.messageId ?? '')?.[1] ?? '';
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    const undelivered = messages.filter((message) => received.get(message.id) !== 1);
    const notDelivered = messages.filter((message) => !received.has(message.id)).length;
    const deliveredTwice = [...received.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);

    recordProof({
      proof: 'crash: kill -9 during 20 booking clients',
      requests: outcomes.sent,
      serverErrors: outcomes.serverErrors.length,
      lost: missing.length + notDelivered,
      doubled: doubledSlots.length + repeatedIds + deliveredTwice,
      notes:
        `${ROUNDS} rounds, ${ids.length} booked (201), ${outcomes.refused} refused (409), ` +
        `${outcomes.inDoubt} cut off, ${appointments} in the database, ${messages.length} e-mails`,
      seconds: elapsed(),
    });

    expect(exitCode).toBe(0);
    expect(outcomes.serverErrors).toEqual([]);
    expect(outcomes.unexpected).toEqual([]);
    // Enough happened in every round to mean something.
    expect(ids.length).toBeGreaterThanOrEqual(ROUNDS * CLIENTS);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(repeatedIds).toBe(0);
    expect(doubledSlots).toEqual([]);
    // A request cut off by the kill may have been booked or not; either way at most one each.
    expect(appointments).toBeGreaterThanOrEqual(ids.length);
    expect(appointments).toBeLessThanOrEqual(ids.length + outcomes.inDoubt);
    expect(events).toBe(appointments);
    // The patient and the professional, each by e-mail.
    expect(messages).toHaveLength(2 * appointments);
    expect(messages.filter((message) => message.status !== 'sent')).toEqual([]);
    expect(undelivered).toEqual([]);
    expect(deliveredTwice).toBe(0);
  }, 300_000);
});
