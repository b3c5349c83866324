import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { AppointmentStatus } from '../../src/db/schema/scheduling.js';
import {
  eventAppointmentStatuses,
  OutboxEventSchema,
  outboxEventTypes,
  readOutboxEvent,
  type AppointmentPayload,
  type OutboxEvent,
  type OutboxEventType,
} from '../../src/modules/notifications/outbox-schemas.js';
import { recordOutboxEvent } from '../../src/modules/notifications/outbox-writers.js';
import type { AppointmentAction } from '../../src/modules/scheduling/appointment-events.js';
import { appointmentStatuses } from '../../src/modules/scheduling/appointment-status.js';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import { setAvailability, SUNDAY_MORNING, WEEKDAY_MORNINGS } from '../helpers/scheduling.js';
import { startSmsProvider, type SmsProvider } from '../helpers/sms-provider.js';

let t: TestApp;
let mail: MailServer;
let sms: SmsProvider;
let admin: Session;

beforeAll(async () => {
  mail = await startMailServer();
  sms = await startSmsProvider();
  t = await createTestApp({
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    BOOKING_MIN_NOTICE: '1h',
    BOOKING_HORIZON_DAYS: '30',
    SESSION_TTL_MINUTES: String(60 * 24 * 30),
    SMTP_URL: mail.url,
    MAIL_FROM: 'no-reply@clinic.example',
    TWILIO_API_URL: sms.url,
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'twilio-secret',
    TWILIO_SMS_FROM: '+5521900000000',
  });
  t.clock.set(SUNDAY_MORNING);
  admin = await t.login(await t.createUser('admin'));
});
afterAll(async () => {
  await t?.close();
  await mail?.close();
  await sms?.close();
});

interface OutboxRow extends Record<string, unknown> {
  id: number;
  type: string;
  payload: unknown;
  processed: boolean;
}

async function outboxRows(ids?: number[]): Promise<OutboxRow[]> {
  return t.database.sql<OutboxRow[]>`
    select id::int as id, type, payload, processed_at is not null as processed from outbox
    ${ids ? t.database.sql`where id = any(${ids}::bigint[])` : t.database.sql``}
    order by id`;
}

async function insertRaw(type: string, payload: unknown): Promise<number> {
  const [row] = await t.database.sql<{ id: number }[]>`
    insert into outbox (type, payload) values (${type}, ${JSON.stringify(payload)}::jsonb)
    returning id::int as id`;
  return row!.id;
}

const appointment = (): AppointmentPayload => ({
  appointmentId: randomUUID(),
  status: 'scheduled',
  revision: 1,
  startsAt: '2026-12-07T09:00:00-03:00',
  endsAt: '2026-12-07T09:30:00-03:00',
  timeZone: 'America/Sao_Paulo',
  reason: 'Retorno',
  cancelReason: null,
  ticket: null,
  forced: false,
  patient: { userId: randomUUID(), registerNumber: 'ZxcVaS-2', name: 'Ana Souza' },
  professional: {
    userId: randomUUID(),
    councilNumber: '9876-RJ',
    name: 'Dr. Caio',
    specialty: 'Clínica Geral',
    officeNumber: null,
  },
  actor: { userId: randomUUID(), role: 'admin' },
  changes: [{ field: 'reason', from: null, to: 'Retorno' }],
});

describe('the OutboxEvent type', () => {
  it('has one appointment kind per action of scheduling, and the reminder', () => {
    expectTypeOf<Extract<OutboxEventType, `appointment.${string}`>>().toEqualTypeOf<
      `appointment.${AppointmentAction}` | 'appointment.reminder'
    >();
    expect(new Set(outboxEventTypes).size).toBe(outboxEventTypes.length);
  });

  it("carries scheduling's appointment statuses, every one and no other", () => {
    // The contract keeps its own list (notifications uses no other module): they must agree.
    expect([...eventAppointmentStatuses]).toEqual([...appointmentStatuses]);
    expectTypeOf<AppointmentPayload['status']>().toEqualTypeOf<AppointmentStatus>();
  });

  it('round-trips every kind through the outbox table', async () => {
    const code = {
      channel: 'email',
      destination: 'ana@example.com',
      code: '123456',
      minutes: 10,
    } as const;
    const samples: OutboxEvent[] = [
      { type: 'appointment.booked', payload: { ...appointment(), changes: [] } },
      { type: 'appointment.rescheduled', payload: appointment() },
      { type: 'appointment.updated', payload: appointment() },
      { type: 'appointment.cancelled', payload: { ...appointment(), status: 'cancelled' } },
      { type: 'appointment.deleted', payload: appointment() },
      { type: 'appointment.checked_in', payload: { ...appointment(), ticket: 'P002' } },
      { type: 'appointment.called', payload: { ...appointment(), status: 'in_progress' } },
      { type: 'appointment.finished', payload: { ...appointment(), status: 'finished' } },
      { type: 'appointment.no_show', payload: { ...appointment(), actor: null } },
      { type: 'appointment.reminder', payload: { ...appointment(), offsetMinutes: 1440 } },
      { type: 'code.email_verification', payload: { userId: randomUUID(), ...code } },
      {
        type: 'code.phone_verification',
        payload: { userId: randomUUID(), ...code, channel: 'sms', destination: '+5521987654321' },
      },
      { type: 'code.password_reset', payload: { userId: randomUUID(), ...code } },
      { type: 'password.changed', payload: { userId: randomUUID(), at: new Date().toISOString() } },
      {
        type: 'lab_report.ready',
        payload: {
          labReportId: randomUUID(),
          patient: { userId: randomUUID(), registerNumber: 'ZxcVaS-2', name: 'João Câmara' },
          orderedByUserId: null,
          lab: 'Lab Central',
        },
      },
    ];
    expect(new Set(samples.map((event) => event.type))).toEqual(new Set(outboxEventTypes));

    const ids = await t.database.db.transaction(async (tx) => {
      const written: number[] = [];
      for (const event of samples) written.push(await recordOutboxEvent(tx, event));
      return written;
    });
    // Nobody to deliver them to: out of the way of the worker's tests.
    await t.database.sql`update outbox set processed_at = now() where id = any(${ids}::bigint[])`;

    const read = (await outboxRows(ids)).map(readOutboxEvent);
    expect(read).toEqual(samples.map((event) => ({ ok: true, event })));
  });

  it('is what the app writes: every row of a clinic day reads back as its kind', async () => {
    const [{ last }] = await t.database.sql<[{ last: number }]>`
      select coalesce(max(id), 0)::int as last from outbox`;
    const ok = (response: { statusCode: number; body: string }) =>
      expect(response.statusCode, response.body).toBeLessThan(300);
    const pro = await registerProfessional(t, admin, { name: 'Dr. Caio Lima' });
    await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
    const patient = await signUpPatient(t, { name: 'Ana Souza' });
    const book = async (time: string) => {
      const response = await as(t, admin).post('/api/v1/appointments', {
        professional: pro.councilNumber,
        patient: patient.registerNumber,
        startsAt: `2026-12-07T${time}:00-03:00`,
      });
      ok(response);
      return response.json<{ id: string }>().id;
    };
    const [attended, cancelled, removed, missed] = [
      await book('08:00'),
      await book('09:00'),
      await book('09:30'),
      await book('10:00'),
    ];
    const appointments = as(t, admin);
    ok(
      await appointments.patch(`/api/v1/appointments/${attended}`, {
        startsAt: '2026-12-07T08:30:00-03:00',
      }),
    );
    ok(await appointments.patch(`/api/v1/appointments/${attended}`, { reason: 'Retorno' }));
    ok(await appointments.post(`/api/v1/appointments/${cancelled}/cancel`, { reason: 'Viagem' }));
    ok(await appointments.delete(`/api/v1/appointments/${removed}`));
    expect(await t.services.reminders.run()).toBeGreaterThan(0);

    t.clock.set(new Date('2026-12-07T08:20:00-03:00'));
    ok(await appointments.post(`/api/v1/appointments/${attended}/check-in`));
    ok(await as(t, pro.session).post(`/api/v1/appointments/${attended}/call`));
    ok(await as(t, pro.session).post(`/api/v1/appointments/${attended}/finish`));
    t.clock.set(new Date('2026-12-07T10:10:00-03:00'));
    ok(await appointments.post(`/api/v1/appointments/${missed}/no-show`));

    const self = as(t, patient.session);
    ok(await self.post('/api/v1/auth/verify/email'));
    ok(await self.post('/api/v1/auth/verify/phone'));
    ok(await as(t).post('/api/v1/auth/password/forgot', { email: patient.email }));
    ok(
      await self.patch('/api/v1/auth/me', {
        currentPassword: patient.password,
        password: 'a brand new password',
      }),
    );

    const rows = (await outboxRows()).filter((row) => row.id > last);
    for (const row of rows) {
      expect(readOutboxEvent(row), `${row.type}: ${JSON.stringify(row.payload)}`).toMatchObject({
        ok: true,
      });
    }
    // Every kind but the lab report, which nothing writes yet (the clinical records issue).
    expect(new Set(rows.map((row) => row.type))).toEqual(
      new Set(outboxEventTypes.filter((type) => type !== 'lab_report.ready')),
    );
  });
});

describe('the worker, reading the outbox', () => {
  it('skips with a warning an unknown kind or a payload that is not its kind, and goes on', async () => {
    await t.services.notificationWorker.drain();
    const user = await t.createUser('patient');
    const secret = '654321';
    const withoutPatient: Partial<AppointmentPayload> = appointment();
    delete withoutPatient.patient;
    const bad = [
      await insertRaw('appointment.teleported', appointment()),
      await insertRaw('appointment.booked', withoutPatient),
      await insertRaw('code.password_reset', {
        userId: 'not-a-uuid',
        channel: 'email',
        destination: 'ana@example.com',
        code: secret,
        minutes: 10,
      }),
    ];
    const good = await insertRaw('password.changed', {
      userId: user.id,
      at: new Date().toISOString(),
    });
    const logsBefore = t.logs.length;

    expect(await t.services.notificationWorker.dispatchEvents()).toBe(4);

    const rows = await outboxRows([...bad, good]);
    expect(rows.every((row) => row.processed)).toBe(true);
    // A skipped code is removed like a planned one: it does not stay in the database.
    expect(JSON.stringify(rows)).not.toContain(secret);
    const planned = await t.database.sql<{ eventId: number; channel: string }[]>`
      select event_id::int as "eventId", channel from notifications
      where event_id = any(${[...bad, good]}::bigint[])`;
    expect(planned).toEqual([{ eventId: good, channel: 'email' }]);

    const warnings = t.logs
      .slice(logsBefore)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'outbox event skipped: it is not a known event');
    expect(warnings.map((line) => line.event)).toEqual(bad);
    expect(warnings.map((line) => line.problem)).toEqual([
      'unknown type',
      expect.stringContaining('/payload'),
      expect.stringContaining('/payload/userId'),
    ]);
    const logged = t.logs.slice(logsBefore).join('\n');
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('ana@example.com');
  });
});

describe('docs/events.md', () => {
  /** The rows of the markdown tables under a heading, as cells. */
  function tableUnder(markdown: string, heading: string): string[][] {
    const section = markdown.split(`\n${heading}\n`)[1]!.split(/\n#{2,3} /)[0]!;
    return section
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      )
      .filter((cells) => !cells.every((cell) => /^-+$/.test(cell)))
      .slice(1);
  }
  const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  const fieldsOf = (type: OutboxEventType) =>
    Object.keys(
      OutboxEventSchema.anyOf.find((member) => member.properties.type.const === type)!.properties
        .payload.properties,
    );

  it('lists every kind of the OutboxEvent type with the fields of its payload', async () => {
    const markdown = await readFile(new URL('../../docs/events.md', import.meta.url), 'utf8');
    const appointmentFields = tableUnder(markdown, '### The appointment').map(
      ([field]) => backticked(field!)[0],
    );
    expect(appointmentFields).toEqual(fieldsOf('appointment.booked'));

    const kinds = tableUnder(markdown, '## Event kinds');
    expect(kinds.map(([type]) => backticked(type!)[0])).toEqual([...outboxEventTypes]);
    outboxEventTypes.forEach((type, index) => {
      const payload = kinds[index]![2]!;
      const documented = [
        ...(payload.startsWith('the appointment') ? appointmentFields : []),
        ...backticked(payload),
      ];
      expect(documented, type).toEqual(fieldsOf(type));
    });
  });
});
