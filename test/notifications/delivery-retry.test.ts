import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';
import { startSmsProvider, type SmsProvider } from '../helpers/sms-provider.js';

let t: TestApp;
let mail: MailServer;
let sms: SmsProvider;
let admin: Session;
let pro: RegisteredProfessional;

beforeAll(async () => {
  mail = await startMailServer();
  sms = await startSmsProvider();
  t = await createTestApp({
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    BOOKING_HORIZON_DAYS: '30',
    SESSION_TTL_MINUTES: String(60 * 24 * 30),
    SMTP_URL: mail.url,
    MAIL_FROM: 'Clínica <no-reply@clinic.example>',
    TWILIO_API_URL: sms.url,
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'twilio-secret',
    TWILIO_SMS_FROM: '+5521900000000',
    // One try: a provider's error gives the message up at once.
    NOTIFICATION_MAX_ATTEMPTS: '1',
  });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
  pro = await registerProfessional(t, admin, { name: 'Dr. Caio Lima' });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const prefs = await as(t, pro.session).patch('/api/v1/auth/me', {
    notify: { email: true, sms: false, whatsapp: false },
  });
  expect(prefs.statusCode, prefs.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
  await sms?.close();
});
beforeEach(async () => {
  await t.services.notificationWorker.drain();
  sms.requests.length = 0;
  sms.accepted.length = 0;
  sms.script.length = 0;
});

interface Entry {
  id: string;
  event: string;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

let slot = 0;
/** A patient who gets SMS, booked with Dr. Caio, whose SMS the provider refuses (500). */
async function failedSms(): Promise<{ patient: SignedUpPatient; message: Entry }> {
  const patient = await signUpPatient(t);
  const prefs = await as(t, patient.session).patch('/api/v1/auth/me', {
    notify: { email: false, sms: true, whatsapp: false },
  });
  expect(prefs.statusCode, prefs.body).toBe(200);
  await t.services.notificationWorker.drain();
  // Monday's half-hour slots, one after the other.
  const hour = String(8 + Math.floor(slot / 2)).padStart(2, '0');
  const minute = slot % 2 ? '30' : '00';
  slot += 1;
  await bookAppointment(t, patient.session, {
    professional: pro.councilNumber,
    startsAt: `2026-12-07T${hour}:${minute}:00-03:00`,
  });
  sms.script.push(500);
  await t.services.notificationWorker.drain();
  const log = await as(t, admin).get(
    `/api/v1/notifications?recipient=${patient.userId}&channel=sms`,
  );
  const [message] = log.json<{ items: Entry[] }>().items;
  expect(message).toMatchObject({ status: 'failed', attempts: 1, event: 'appointment.booked' });
  return { patient, message: message! };
}

const retry = (id: string, headers: Record<string, string> = {}) =>
  as(t, admin).post(`/api/v1/notifications/${id}/retry`, undefined, { headers });

describe('retrying a message from the delivery log', () => {
  it('queues a failed message again, which the worker then sends once', async () => {
    const { message } = await failedSms();
    const response = await retry(message.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: message.id, status: 'queued', attempts: 0 });

    await t.services.notificationWorker.drain();
    await t.services.notificationWorker.drain();
    expect(sms.accepted).toHaveLength(1);
    const log = await as(t, admin).get(`/api/v1/notifications?status=sent&channel=sms`);
    expect(log.json<{ items: Entry[] }>().items).toContainEqual(
      expect.objectContaining({ id: message.id, status: 'sent', attempts: 1, lastError: null }),
    );
  });

  it('refuses a message that is queued or sent, in the caller’s language', async () => {
    const { message } = await failedSms();
    expect((await retry(message.id)).statusCode).toBe(200);
    const queued = await retry(message.id, { 'accept-language': 'pt-BR' });
    expect(queued.statusCode).toBe(409);
    expect(queued.json().detail).toBe('Esta mensagem já está na fila de envio.');

    await t.services.notificationWorker.drain();
    const sent = await retry(message.id);
    expect(sent.statusCode).toBe(409);
    expect(sent.json().detail).toBe('This message was already sent.');
    expect(sms.accepted).toHaveLength(1);
  });

  it('queues a message once when two retries come at the same moment', async () => {
    const { message } = await failedSms();
    const before = sms.requests.length;
    const answers = await Promise.all([retry(message.id), retry(message.id), retry(message.id)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409]);
    await Promise.all([
      t.services.notificationWorker.deliverDue(),
      t.services.notificationWorker.deliverDue(),
    ]);
    await t.services.notificationWorker.drain();
    expect(sms.requests).toHaveLength(before + 1);
  });

  it('records the retry in the audit log of the message’s patient', async () => {
    const { patient, message } = await failedSms();
    expect((await retry(message.id)).statusCode).toBe(200);
    const audit = await as(t, admin).get(`/api/v1/audit?patient=${patient.registerNumber}`);
    expect(audit.json().items).toContainEqual(
      expect.objectContaining({
        action: 'notification.retry',
        actor: expect.objectContaining({ role: 'admin' }),
        details: {
          notificationId: message.id,
          event: 'appointment.booked',
          channel: 'sms',
          previousStatus: 'failed',
          previousAttempts: 1,
        },
      }),
    );
  });

  it('does not send a one-time code again: it is gone from the message', async () => {
    const { patient } = await failedSms();
    const [code] = await t.database.sql<{ id: string }[]>`
      insert into notifications (kind, channel, recipient_user_id, destination, language, status,
        attempts, payload, next_attempt_at)
      values ('code.phone_verification', 'sms', ${patient.userId}, '+5521987654321', 'pt-BR',
        'failed', 1, '{}'::jsonb, now())
      returning id`;
    const response = await retry(code!.id);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toMatch(/one-time code/);
  });

  it('answers 404 for an unknown message and 403 to anyone but an admin', async () => {
    const unknown = await retry('00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    const { patient, message } = await failedSms();
    for (const session of [patient.session, pro.session]) {
      const refused = await as(t, session).post(`/api/v1/notifications/${message.id}/retry`);
      expect(refused.statusCode).toBe(403);
    }
    const [row] = await t.database.sql<{ status: string }[]>`
      select status from notifications where id = ${message.id}`;
    expect(row!.status).toBe('failed');
  });
});
