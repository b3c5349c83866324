import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { formatDateTime } from '../../src/modules/notifications/templates/index.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import { setAvailability, SUNDAY_MORNING, WEEKDAY_MORNINGS } from '../helpers/scheduling.js';
import { startSmsProvider, type SmsProvider } from '../helpers/sms-provider.js';

let t: TestApp;
let mail: MailServer;
let sms: SmsProvider;
let admin: Session;

const RETRY_SECONDS = 30;

beforeAll(async () => {
  mail = await startMailServer();
  sms = await startSmsProvider();
  t = await createTestApp({
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    CLINIC_NAME: 'Clínica Boa Saúde',
    // Served under a path: the links in the messages keep it.
    PUBLIC_URL: 'https://boasaude.example/portal',
    BOOKING_HORIZON_DAYS: '30',
    SESSION_TTL_MINUTES: String(60 * 24 * 30),
    SMTP_URL: mail.url,
    MAIL_FROM: 'Clínica Boa Saúde <no-reply@boasaude.example>',
    TWILIO_API_URL: sms.url,
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'twilio-secret',
    TWILIO_SMS_FROM: '+5521900000000',
    WHATSAPP_PROVIDER: 'twilio',
    TWILIO_WHATSAPP_FROM: '+5521900000001',
    NOTIFICATION_MAX_ATTEMPTS: '4',
    NOTIFICATION_RETRY_SECONDS: String(RETRY_SECONDS),
  });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
  await sms?.close();
});
beforeEach(async () => {
  t.clock.set(SUNDAY_MORNING);
  // Each test looks at its own messages only.
  await t.services.notificationWorker.drain();
  mail.received.length = 0;
  sms.requests.length = 0;
  sms.accepted.length = 0;
  sms.script.length = 0;
});

let hour = 8;
/** A patient (Portuguese) and a professional (English) and an appointment between them. */
async function booking(
  options: { professionalSms?: boolean; patientEmail?: boolean; patientWhatsapp?: boolean } = {},
) {
  const patient = await signUpPatient(t, { name: 'Ana Souza', phone: '(21) 98765-4321' });
  const pro = await registerProfessional(t, admin, { name: 'Dr. Caio Lima', officeNumber: '12' });
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const prefs = async (session: Session, payload: object) => {
    const response = await as(t, session).patch('/api/v1/auth/me', payload);
    expect(response.statusCode, response.body).toBe(200);
  };
  await prefs(pro.session, {
    language: 'en',
    notify: { email: true, sms: options.professionalSms ?? false, whatsapp: false },
  });
  await prefs(patient.session, {
    language: 'pt-BR',
    notify: {
      email: options.patientEmail ?? true,
      sms: true,
      whatsapp: options.patientWhatsapp ?? false,
    },
  });
  hour = hour >= 11 ? 8 : hour + 1;
  const response = await as(t, patient.session).post('/api/v1/appointments', {
    professional: pro.councilNumber,
    startsAt: `2026-12-07T${String(hour).padStart(2, '0')}:00:00-03:00`,
  });
  expect(response.statusCode, response.body).toBe(201);
  return { patient, pro, appointment: response.json<{ id: string; startsAt: string }>() };
}

const logOf = async (recipient: string) =>
  (
    await t.app.inject({
      url: `/api/v1/notifications?recipient=${recipient}`,
      headers: bearer(admin),
    })
  ).json<{
    items: { channel: string; status: string; attempts: number; lastError: string | null }[];
  }>().items;

describe('delivering a booking', () => {
  it('e-mails the patient and the professional separately, each in their language, with an invitation', async () => {
    const { patient, pro, appointment } = await booking({ professionalSms: true });
    await t.services.notificationWorker.drain();
    await mail.waitFor(2);
    expect(mail.received).toHaveLength(2);
    const byAddress = new Map(
      mail.received.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m]),
    );
    const toPatient = [...byAddress.entries()].find(([to]) => to.includes(patient.email))?.[1];
    const toPro = [...byAddress.entries()].find(([to]) => to.includes(pro.email))?.[1];
    expect(toPatient && toPro).toBeTruthy();
    // Nobody sees the other's address.
    expect(JSON.stringify(toPatient!.to)).not.toContain(pro.email);
    expect(JSON.stringify(toPro!.to)).not.toContain(patient.email);
    expect(toPatient!.cc ?? toPatient!.bcc).toBeUndefined();
    expect(toPatient!.from?.text).toContain('no-reply@boasaude.example');
    // Each in their own language, about the other party.
    expect(toPatient!.text).toContain('Caio Lima');
    expect(toPatient!.text).toMatch(/consulta/i);
    expect(toPro!.text).toContain('Ana Souza');
    expect(toPro!.text).toMatch(/appointment/i);
    expect(toPatient!.subject).not.toBe(toPro!.subject);
    // Each with the link to where they act on it: the patient's appointments, the app's start.
    expect(toPatient!.text).toContain(
      'Cancelar ou remarcar: https://boasaude.example/portal/appointments\n',
    );
    expect(toPatient!.html).toContain('<a href="https://boasaude.example/portal/appointments"');
    expect(toPro!.text).toContain("Open the clinic's system: https://boasaude.example/portal/\n");

    for (const message of [toPatient!, toPro!]) {
      const invite = message.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      expect(invite, 'the .ics attachment').toBeDefined();
      const calendar = new ICAL.Component(ICAL.parse(invite!.content.toString()));
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
      expect(event.uid).toBe(`${appointment.id}@clinicdesk`);
      expect(event.startDate.toJSDate().toISOString()).toBe(
        new Date(appointment.startsAt).toISOString(),
      );
    }

    // SMS to both through the provider, each to their own phone.
    expect(sms.accepted.map((r) => r.form.To).sort()).toEqual(['+552133334444', '+5521987654321']);
    expect(sms.accepted.every((r) => r.form.Body && r.form.Body.length <= 160)).toBe(true);
    expect(sms.accepted.find((r) => r.form.To === '+5521987654321')?.form.Body).toMatch(
      / https:\/\/boasaude\.example\/portal\/appointments$/,
    );
    const log = await logOf(patient.userId);
    expect(log.map((entry) => [entry.channel, entry.status]).sort()).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);
    // Again changes nothing: each message exists once.
    await t.services.notificationWorker.drain();
    expect(mail.received).toHaveLength(2);
  });
});

describe('moving an appointment to another professional', () => {
  it('tells the patient and the new professional of the change, and the former one that it left their schedule', async () => {
    const { patient, pro: former, appointment } = await booking();
    const next = await registerProfessional(t, admin, { name: 'Dra. Duda Reis' });
    await setAvailability(t, admin, next.councilNumber, WEEKDAY_MORNINGS);
    await t.services.notificationWorker.drain();
    mail.received.length = 0;

    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${appointment.id}`,
      headers: bearer(admin),
      payload: { professional: next.councilNumber, startsAt: '2026-12-08T10:00:00-03:00' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await t.services.notificationWorker.drain();

    const rows = await t.database.sql<
      { kind: string; recipient_user_id: string; channel: string; status: string }[]
    >`
      select n.kind, n.recipient_user_id, n.channel, n.status
      from notifications n join outbox o on o.id = n.event_id
      where o.type = 'appointment.rescheduled' and o.payload->>'appointmentId' = ${appointment.id}`;
    const of = (userId: string) =>
      rows
        .filter((row) => row.recipient_user_id === userId)
        .map((row) => [row.kind, row.channel])
        .sort();
    expect(of(patient.userId)).toEqual([
      ['appointment.rescheduled', 'email'],
      ['appointment.rescheduled', 'sms'],
    ]);
    // For the new professional it is a new appointment: the booking notice, not a change.
    expect(of(next.userId)).toEqual([
      ['appointment.booked', 'email'],
      ['appointment.booked', 'sms'],
    ]);
    // The former professional takes e-mail only (booking() turned their SMS off).
    expect(of(former.userId)).toEqual([['appointment.transferred', 'email']]);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);

    // In their language (English), with the appointment as it was for them.
    await mail.waitFor(3);
    const toFormer = mail.received.find((m) =>
      (m.to && 'text' in m.to ? m.to.text : '').includes(former.email),
    );
    expect(toFormer, 'the e-mail to the former professional').toBeDefined();
    const oldTime = formatDateTime(appointment.startsAt, 'America/Sao_Paulo', 'en');
    expect(toFormer!.subject).toBe(`Appointment moved: Ana Souza, ${oldTime}`);
    expect(toFormer!.text).toContain(` on ${oldTime} was moved to Dra. Duda Reis.`);
    expect(toFormer!.text).toContain('It is no longer on your schedule.');
    expect(toFormer!.text).not.toContain('December 8');
    // No invitation: the appointment is no longer theirs.
    expect(toFormer!.attachments).toHaveLength(0);

    const toNext = mail.received.find((m) =>
      (m.to && 'text' in m.to ? m.to.text : '').includes(next.email),
    );
    const newTime = formatDateTime('2026-12-08T10:00:00-03:00', 'America/Sao_Paulo', 'pt-BR');
    expect(toNext!.subject).toBe(`Nova consulta: Ana Souza, ${newTime}`);
    expect(toNext!.text).toContain('Uma nova consulta foi marcada com você.');
    expect(toNext!.text).not.toMatch(/alterada|O que mudou/);
    const invite = toNext!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const calendar = new ICAL.Component(ICAL.parse(invite!.content.toString()));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const smsToNext = sms.accepted.find(
      (r) => r.form.To === '+552133334444' && r.form.Body?.includes('nova consulta'),
    );
    expect(smsToNext, 'the booking SMS to the new professional').toBeDefined();
  });
});

describe('deleting an appointment made in error', () => {
  it('tells the patient and the professional it was removed, and takes it out of their calendars', async () => {
    const { patient, pro, appointment } = await booking({ professionalSms: true });
    await t.services.notificationWorker.drain();
    await mail.waitFor(2);
    const bookedSequence = sequenceOf(mail.received[0]!);
    mail.received.length = 0;
    sms.accepted.length = 0;

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/appointments/${appointment.id}`,
      headers: bearer(admin),
    });
    expect(deleted.statusCode, deleted.body).toBe(204);
    await t.services.notificationWorker.drain();

    const rows = await t.database.sql<
      { kind: string; recipient_user_id: string; channel: string; status: string }[]
    >`
      select n.kind, n.recipient_user_id, n.channel, n.status
      from notifications n join outbox o on o.id = n.event_id
      where o.type = 'appointment.deleted' and o.payload->>'appointmentId' = ${appointment.id}`;
    const of = (userId: string) =>
      rows
        .filter((row) => row.recipient_user_id === userId)
        .map((row) => [row.kind, row.channel, row.status])
        .sort();
    expect(of(patient.userId)).toEqual([
      ['appointment.removed', 'email', 'sent'],
      ['appointment.removed', 'sms', 'sent'],
    ]);
    expect(of(pro.userId)).toEqual([
      ['appointment.removed', 'email', 'sent'],
      ['appointment.removed', 'sms', 'sent'],
    ]);

    await mail.waitFor(2);
    const toPatient = mail.received.find((m) =>
      (m.to && 'text' in m.to ? m.to.text : '').includes(patient.email),
    )!;
    const toPro = mail.received.find((m) =>
      (m.to && 'text' in m.to ? m.to.text : '').includes(pro.email),
    )!;
    expect(toPatient.subject).toMatch(/^Consulta removida: /);
    expect(toPatient.text).toContain('Sua consulta foi removida da agenda');
    expect(toPro.subject).toMatch(/^Appointment removed: Ana Souza, /);
    for (const message of [toPatient, toPro]) {
      const invite = message.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      const calendar = new ICAL.Component(ICAL.parse(invite!.content.toString()));
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      const vevent = calendar.getFirstSubcomponent('vevent')!;
      const event = new ICAL.Event(vevent);
      expect(event.uid).toBe(`${appointment.id}@clinicdesk`);
      expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      // After the booking's: calendar apps apply the cancel over the event they have.
      expect(event.sequence).toBeGreaterThan(bookedSequence);
    }
    expect(sms.accepted.map((r) => r.form.To).sort()).toEqual(['+552133334444', '+5521987654321']);
    const patientSms = sms.accepted.find((r) => r.form.To === '+5521987654321')!;
    // With the link to book again, under PUBLIC_URL.
    expect(patientSms.form.Body).toContain(
      `foi removida (registrada por engano). Nova consulta: ${t.config.publicUrl}/book`,
    );
  });
});

describe('cancelling an appointment', () => {
  it('takes it out of the calendars the booking put it in (METHOD:CANCEL)', async () => {
    const { patient, appointment } = await booking();
    await t.services.notificationWorker.drain();
    await mail.waitFor(2);
    const toPatientBooked = mail.received.find((m) =>
      (m.to && 'text' in m.to ? m.to.text : '').includes(patient.email),
    )!;
    const bookedSequence = sequenceOf(toPatientBooked);
    mail.received.length = 0;
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${appointment.id}/cancel`,
      headers: bearer(admin),
      payload: { reason: 'Agenda fechada' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await t.services.notificationWorker.drain();
    await mail.waitFor(2);
    for (const message of mail.received) {
      const invite = message.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      const calendar = new ICAL.Component(ICAL.parse(invite!.content.toString()));
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      const vevent = calendar.getFirstSubcomponent('vevent')!;
      expect(new ICAL.Event(vevent).uid).toBe(`${appointment.id}@clinicdesk`);
      expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(new ICAL.Event(vevent).sequence).toBeGreaterThan(bookedSequence);
    }
  });
});

function sequenceOf(message: (typeof mail.received)[number]): number {
  const invite = message.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  const calendar = new ICAL.Component(ICAL.parse(invite!.content.toString()));
  return new ICAL.Event(calendar.getFirstSubcomponent('vevent')!).sequence;
}

describe('WhatsApp', () => {
  it('reaches only those who opted in, through the provider, as the approved template', async () => {
    const { patient } = await booking({ patientEmail: false, patientWhatsapp: true });
    await t.services.notificationWorker.drain();
    const whatsapp = sms.accepted.filter((request) => request.form.To?.startsWith('whatsapp:'));
    expect(whatsapp).toHaveLength(1);
    expect(whatsapp[0]).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/AC${'1'.repeat(32)}/Messages.json`,
      form: { From: 'whatsapp:+5521900000001', To: 'whatsapp:+5521987654321' },
    });
    expect(whatsapp[0]!.authorization).toBe(
      `Basic ${Buffer.from(`AC${'1'.repeat(32)}:twilio-secret`).toString('base64')}`,
    );
    expect(whatsapp[0]!.form.Body).toContain('Caio Lima');
    const log = await logOf(patient.userId);
    expect(log.map((entry) => entry.channel).sort()).toEqual(['sms', 'whatsapp']);
    // The professional did not opt in: no WhatsApp for them.
    expect(sms.accepted.filter((r) => r.form.To?.startsWith('whatsapp:+552133'))).toHaveLength(0);
  });
});

describe('a provider that fails', () => {
  it('is retried with growing delays, and the message is delivered once', async () => {
    sms.script.push(500, 503);
    const { patient } = await booking({ patientEmail: false });
    await t.services.notificationWorker.drain();
    expect(sms.accepted).toHaveLength(0);
    expect(await logOf(patient.userId)).toMatchObject([{ status: 'queued', attempts: 1 }]);

    // Not before its time.
    t.clock.advance((RETRY_SECONDS - 1) * 1000);
    await t.services.notificationWorker.drain();
    expect(sms.requests).toHaveLength(1);
    t.clock.advance(1000);
    await t.services.notificationWorker.drain();
    expect(sms.requests).toHaveLength(2);
    expect(await logOf(patient.userId)).toMatchObject([{ status: 'queued', attempts: 2 }]);
    t.clock.advance(2 * RETRY_SECONDS * 1000);
    await t.services.notificationWorker.drain();
    expect(sms.accepted).toHaveLength(1);
    expect(await logOf(patient.userId)).toMatchObject([
      { channel: 'sms', status: 'sent', attempts: 3, lastError: null },
    ]);
  });

  it('always: ends as failed in the log, and the appointment stays booked', async () => {
    sms.script.push(500, 500, 500, 500, 500);
    const { patient, appointment } = await booking({ patientEmail: false });
    for (let attempt = 0; attempt < 4; attempt++) {
      await t.services.notificationWorker.drain();
      t.clock.advance(8 * RETRY_SECONDS * 1000);
    }
    expect(sms.requests).toHaveLength(4);
    const [entry] = await logOf(patient.userId);
    expect(entry).toMatchObject({ status: 'failed', attempts: 4 });
    expect(entry!.lastError).toMatch(/500/);
    const failed = await t.app.inject({
      url: '/api/v1/notifications?status=failed&channel=sms',
      headers: bearer(admin),
    });
    expect(failed.json<{ total: number }>().total).toBeGreaterThanOrEqual(1);
    const [row] = await t.database.sql<{ status: string }[]>`
      select status from appointments where id = ${appointment.id}`;
    expect(row!.status).toBe('scheduled');
  });
});

describe('reminders', () => {
  it('go out once, 24 hours ahead, and never for an appointment cancelled meanwhile', async () => {
    const kept = await booking({ patientEmail: true });
    const dropped = await booking({ patientEmail: true });
    await t.services.notificationWorker.drain();
    mail.received.length = 0;
    sms.accepted.length = 0;

    // Once within a day of Monday's appointments, each gets its reminder, once.
    const remindersOf = async (id: string) =>
      (
        await t.database.sql<{ count: number }[]>`
          select count(*)::int from outbox
          where type = 'appointment.reminder' and payload->>'appointmentId' = ${id}`
      )[0]!.count;
    t.clock.set(new Date('2026-12-06T15:00:00Z'));
    await t.services.reminders.run();
    await t.services.reminders.run();
    expect(await remindersOf(kept.appointment.id)).toBe(1);
    expect(await remindersOf(dropped.appointment.id)).toBe(1);
    // Planned into messages, then one appointment is cancelled before they go out.
    await t.services.notificationWorker.dispatchEvents();
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${dropped.appointment.id}/cancel`,
      headers: bearer(admin),
      payload: { reason: 'Patient travelling' },
    });
    expect(cancelled.statusCode).toBe(200);
    await t.services.notificationWorker.drain();

    const reminderLog = async (userId: string) =>
      t.database.sql<{ status: string }[]>`
        select status from notifications
        where recipient_user_id = ${userId} and kind = 'appointment.reminder'`;
    expect((await reminderLog(kept.patient.userId)).map((r) => r.status).sort()).toEqual([
      'sent',
      'sent',
    ]);
    expect((await reminderLog(dropped.patient.userId)).map((r) => r.status).sort()).toEqual([
      'skipped',
      'skipped',
    ]);
  });
});

describe('a reminder', () => {
  it('says "today" for an appointment booked the same morning, as seen when it goes out', async () => {
    const patient = await signUpPatient(t, { name: 'Ana Souza', phone: '(21) 98765-4321' });
    const pro = await registerProfessional(t, admin, { name: 'Dra. Helena Prado' });
    await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
    // Tuesday 05:15 in São Paulo, for 08:00 the same day: the 24-hour reminder is due at once.
    t.clock.set(new Date('2026-12-08T08:15:00Z'));
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: bearer(admin),
      payload: {
        patient: patient.registerNumber,
        professional: pro.councilNumber,
        startsAt: '2026-12-08T08:00:00-03:00',
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    await t.services.notificationWorker.drain();
    mail.received.length = 0;
    sms.accepted.length = 0;

    // (Tuesday's other appointments of this file get theirs too.)
    expect(await t.services.reminders.run()).toBeGreaterThanOrEqual(1);
    await t.services.notificationWorker.drain();
    const [sent] = await t.database.sql<{ count: number }[]>`
      select count(*)::int from notifications where kind = 'appointment.reminder'
        and channel = 'email' and status = 'sent' and sent_at >= ${t.clock.now().toISOString()}`;
    await mail.waitFor(sent!.count);
    const toPatient = mail.received.find((m) =>
      (m.to && 'text' in m.to ? m.to.text : '').includes(patient.email),
    );
    expect(toPatient!.subject).toBe('Lembrete: sua consulta é hoje às 08:00');
    expect(toPatient!.text).toContain('terça-feira, 8 de dezembro de 2026, 08:00');
    expect(toPatient!.text).not.toMatch(/amanhã/);
    const reminderSms = sms.accepted.find((r) => r.form.Body?.includes('Helena Prado'));
    expect(reminderSms?.form.Body).toContain('hoje às 08:00');
    expect(reminderSms?.form.Body).not.toMatch(/amanha/i);
  });
});

describe('forgotten passwords', () => {
  it('go forgot → code by e-mail → reset → sign-in, through the real mail server', async () => {
    const patient = await signUpPatient(t, { name: 'Rita Alves' });
    const forgot = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/forgot',
      payload: { email: patient.email },
    });
    expect(forgot.statusCode).toBe(202);
    await t.services.notificationWorker.drain();
    const [message] = await mail.waitFor(1);
    expect(message!.to && 'text' in message!.to ? message!.to.text : '').toContain(patient.email);
    const code = /\b(\d{6})\b/.exec(message!.text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    // Delivered, the code is gone from the database.
    const stored = await t.database.sql`
      select 1 from notifications where payload::text like ${`%${code}%`}
      union all select 1 from outbox where payload::text like ${`%${code}%`}`;
    expect(stored).toHaveLength(0);

    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { email: patient.email, code, newPassword: 'a-brand-new-password-7' },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    const before = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(patient.session) });
    expect(before.statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: patient.email, password: 'a-brand-new-password-7' },
    });
    expect(login.statusCode).toBe(200);
    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password/reset',
      payload: { email: patient.email, code, newPassword: 'yet-another-password-8' },
    });
    expect(reused.statusCode).toBe(400);

    // The "password changed" notice follows, by e-mail (and SMS, as there is a phone).
    await t.services.notificationWorker.drain();
    await mail.waitFor(2);
    expect(mail.received[1]!.subject).not.toBe(message!.subject);
    expect(t.logs.join('\n')).not.toContain(code);
  });
});

describe('the delivery log', () => {
  it('is for the clinic staff only', async () => {
    const patient = await signUpPatient(t);
    const response = await t.app.inject({
      url: '/api/v1/notifications',
      headers: bearer(patient.session),
    });
    expect(response.statusCode).toBe(403);
  });
});
