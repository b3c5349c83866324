import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let first: TestApp;
let mail: MailServer;
let userId: string;

beforeAll(async () => {
  mail = await startMailServer();
  first = await createTestApp({ SMTP_URL: mail.url, MAIL_FROM: 'no-reply@clinic.example' });
  userId = (await first.createUser('patient')).id;
});
afterAll(async () => {
  await first?.close();
  await mail?.close();
});

/** `count` queued e-mails (security notices), each to its own address. */
async function queueMessages(count: number, tag: string): Promise<void> {
  await first.database.sql`
    insert into notifications (kind, recipient_user_id, channel, destination, language, payload,
                               next_attempt_at)
    select 'password.changed', ${userId}, 'email', ${tag} || '-' || n || '@example.com', 'en',
           '{"audience":"user","recipientName":"Ana"}'::jsonb, now() - interval '1 day'
    from generate_series(1, ${count}) as n`;
}

function uniqueMessageIds(tag: string) {
  const ids = mail.received
    .filter((message) => JSON.stringify(message.to).includes(`${tag}-`))
    .map((message) => message.messageId);
  return { count: ids.length, unique: new Set(ids).size };
}

async function statusesOf(tag: string) {
  return first.database.sql<{ status: string; count: number }[]>`
    select status, count(*)::int from notifications where destination like ${`${tag}-%`}
    group by status`;
}

describe('several workers', () => {
  it('deliver 1,000 queued messages between them, each exactly once', async () => {
    const second = await createTestApp(
      { SMTP_URL: mail.url, MAIL_FROM: 'no-reply@clinic.example' },
      first,
    );
    try {
      await queueMessages(1000, 'two');
      const work = async (app: TestApp) => {
        let done = 0;
        for (let sent; (sent = await app.services.notificationWorker.deliverDue()) > 0;) {
          done += sent;
        }
        return done;
      };
      const [byFirst, bySecond] = await Promise.all([work(first), work(second)]);
      expect(byFirst + bySecond).toBe(1000);
      expect(byFirst).toBeGreaterThan(0);
      expect(bySecond).toBeGreaterThan(0);
      await mail.waitFor(1000);
      expect(uniqueMessageIds('two')).toEqual({ count: 1000, unique: 1000 });
      expect(await statusesOf('two')).toEqual([{ status: 'sent', count: 1000 }]);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('lose nothing and send nothing twice when one is killed in the middle of a batch', async () => {
    // After 15 messages the mail server stops answering "250 OK"; once the worker has recorded
    // those 15, it is killed with the next ones on the wire, and those count as not delivered.
    const slow = await startMailServer();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `postgres:///${first.connection.database}`,
      PGHOST: first.connection.host,
      PGPORT: String(first.connection.port),
      PGUSER: first.connection.user,
      PGPASSWORD: first.connection.password ?? '',
      SMTP_URL: slow.url,
      MAIL_FROM: 'no-reply@clinic.example',
      // The killed worker's messages are free again after this.
      NOTIFICATION_LEASE_SECONDS: '2',
    };
    const startWorker = () =>
      spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
        cwd: repoRoot,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    try {
      await queueMessages(100, 'kill');
      const doomed = startWorker();
      let doomedErrors = '';
      doomed.stderr?.on('data', (chunk: Buffer) => (doomedErrors += chunk.toString()));
      await slow.waitFor(15, 60_000);
      slow.hold();
      // Time for the worker to record what was acknowledged, and to put more on the wire.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      doomed.kill('SIGKILL');
      await new Promise((resolve) => doomed.once('exit', resolve));
      // Let the mail server notice the dead connections before it answers what they sent.
      await new Promise((resolve) => setTimeout(resolve, 500));
      slow.release();
      expect(slow.received.length).toBeLessThan(100);
      const recorded = await first.database.sql<{ sent: number }[]>`
        select count(*)::int as sent from notifications
        where destination like 'kill-%' and status = 'sent'`;
      // Whatever the mail server took is recorded as sent: nothing will go out twice.
      expect(recorded[0]!.sent, `${JSON.stringify(await statusesOf('kill'))} ${doomedErrors}`).toBe(
        slow.received.length,
      );

      const survivor = startWorker();
      let errors = '';
      survivor.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      try {
        await slow.waitFor(100, 90_000);
      } finally {
        survivor.kill('SIGTERM');
        await new Promise((resolve) => survivor.once('exit', resolve));
      }
      expect(errors).toBe('');
      const ids = slow.received.map((message) => message.messageId);
      expect(ids).toHaveLength(100);
      expect(new Set(ids).size).toBe(100);
      expect(await statusesOf('kill')).toEqual([{ status: 'sent', count: 100 }]);
    } finally {
      await slow.close();
    }
  }, 180_000);
});
