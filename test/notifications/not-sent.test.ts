import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { setAvailability, SUNDAY_MORNING, WEEKDAY_MORNINGS } from '../helpers/scheduling.js';

// E-mail has a provider (the local SMTP server); SMS and WhatsApp have none.
let t: TestApp;
let mail: MailServer;
let admin: Session;

beforeAll(async () => {
  mail = await startMailServer();
  t = await createTestApp({
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    BOOKING_HORIZON_DAYS: '30',
    SESSION_TTL_MINUTES: String(60 * 24 * 30),
    SMTP_URL: mail.url,
    MAIL_FROM: 'Clínica <no-reply@clinic.example>',
    NOTIFICATION_RETRY_SECONDS: '30',
  });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
});

interface LogEntry {
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  provider: string | null;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

const deliveryLog = async (query: string) => {
  const response = await t.app.inject({
    url: `/api/v1/notifications?${query}`,
    headers: bearer(admin),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: LogEntry[]; total: number }>();
};

/** `clinicdesk_notifications{channel, status}` as /metrics shows it. */
async function metric(channel: string, status: string): Promise<number | undefined> {
  const text = (await t.app.inject({ url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`clinicdesk_notifications{channel="${channel}",status="${status}"}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('a channel without a provider', () => {
  it('leaves its messages not_sent, with the reason, never retried and never counted as sent', async () => {
    const patient = await signUpPatient(t, { phone: '(21) 98765-4321' });
    const pro = await registerProfessional(t, admin);
    await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
    const prefs = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: bearer(patient.session),
      payload: { notify: { email: true, sms: true, whatsapp: false } },
    });
    expect(prefs.statusCode, prefs.body).toBe(200);
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: bearer(patient.session),
      payload: { professional: pro.councilNumber, startsAt: '2026-12-07T09:00:00-03:00' },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    await t.services.notificationWorker.drain();
    await mail.waitFor(1);

    const entries = async () =>
      Object.fromEntries(
        (await deliveryLog(`recipient=${patient.userId}`)).items.map((entry) => [
          entry.channel,
          entry,
        ]),
      );
    expect((await entries()).email).toMatchObject({ status: 'sent', provider: 'smtp' });
    expect((await entries()).sms).toEqual(
      expect.objectContaining({
        status: 'not_sent',
        attempts: 1,
        lastError: 'no provider configured (TWILIO_SMS_FROM is not set)',
        provider: 'log',
        sentAt: null,
        nextAttemptAt: null,
      }),
    );

    // Hours later, nothing was tried again.
    t.clock.advance(6 * 3600 * 1000);
    await t.services.notificationWorker.drain();
    expect((await entries()).sms).toMatchObject({ status: 'not_sent', attempts: 1 });

    // The delivery log's filter takes the status; a status it does not know is a 400.
    const notSent = await deliveryLog('status=not_sent');
    expect(notSent.total).toBeGreaterThanOrEqual(1);
    expect(notSent.items.every((entry) => entry.status === 'not_sent')).toBe(true);
    expect((await deliveryLog('status=sent&channel=sms')).total).toBe(0);
    const wrong = await t.app.inject({
      url: '/api/v1/notifications?status=unsent',
      headers: bearer(admin),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('is counted apart in /metrics, from the database', async () => {
    const [counts] = await t.database.sql<{ sms_not_sent: number; email_sent: number }[]>`
      select count(*) filter (where channel = 'sms' and status = 'not_sent')::int as sms_not_sent,
        count(*) filter (where channel = 'email' and status = 'sent')::int as email_sent
      from notifications`;
    expect(counts!.sms_not_sent).toBeGreaterThan(0);
    expect(await metric('sms', 'not_sent')).toBe(counts!.sms_not_sent);
    expect(await metric('sms', 'sent')).toBe(0);
    expect(await metric('email', 'sent')).toBe(counts!.email_sent);
    expect(await metric('whatsapp', 'not_sent')).toBe(0);
  });

  it('is a status of the delivery log in the OpenAPI document', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json<{
      paths: Record<
        string,
        { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }
      >;
    }>();
    const route = document.paths['/api/v1/notifications']!.get;
    const status = route.parameters.find((parameter) => parameter.name === 'status');
    expect(status!.schema.enum).toEqual(['queued', 'sent', 'failed', 'skipped', 'not_sent']);
    expect(JSON.stringify(route)).toContain('no provider is configured for the channel');
  });
});
