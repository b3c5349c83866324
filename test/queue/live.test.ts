import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { setAvailability, SUNDAY_MORNING, WEEKDAY_MORNINGS } from '../helpers/scheduling.js';
import { openEventStream } from '../helpers/sse.js';

// Two app instances on one database, as behind a load balancer: the stream is opened on one,
// the changes are made through the other.
let first: TestApp;
let second: TestApp;
let firstUrl: string;
let admin: Session;

const env = { CLINIC_TIMEZONE: 'America/Sao_Paulo', SESSION_TTL_MINUTES: String(60 * 24 * 7) };
const monday = (time: string) => new Date(`2026-12-07T${time}:00-03:00`);

interface Snapshot {
  count: number;
  inProgress: { ticket: string } | null;
  waiting: { ticket: string; patientName: string }[];
  message: string;
}

beforeAll(async () => {
  first = await createTestApp(env);
  second = await createTestApp(env, first);
  await first.app.listen({ host: '127.0.0.1', port: 0 });
  firstUrl = `http://127.0.0.1:${(first.app.server.address() as AddressInfo).port}`;
  for (const instance of [first, second]) instance.clock.set(SUNDAY_MORNING);
  admin = await first.login(await first.createUser('admin'));
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

async function bookedMonday(times: string[]) {
  for (const instance of [first, second]) instance.clock.set(SUNDAY_MORNING);
  const pro = await registerProfessional(first, admin, { name: 'Jefferson' });
  await setAvailability(first, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const ids: string[] = [];
  for (const time of times) {
    const patient = await signUpPatient(first, { name: `Paciente das ${time}` });
    const response = await first.app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: bearer(admin),
      payload: {
        professional: pro.councilNumber,
        patient: patient.registerNumber,
        startsAt: monday(time).toISOString(),
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    ids.push(response.json().id);
  }
  for (const instance of [first, second]) instance.clock.set(monday('07:45'));
  return { pro, ids };
}

/** A transition made through the second instance. */
const viaSecond = (url: string) =>
  second.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(admin) });

describe('the live queue', () => {
  it('sends the new snapshot within a second of a change made through another instance', async () => {
    const { pro, ids } = await bookedMonday(['08:00', '08:30']);
    const stream = await openEventStream(
      `${firstUrl}/api/v1/queue/${pro.councilNumber}/events`,
      bearer(pro.session),
    );
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const initial = await stream.next(2000);
    expect(initial.event).toBe('queue');
    expect((JSON.parse(initial.data) as Snapshot).count).toBe(0);

    const steps: [string, (snapshot: Snapshot) => void][] = [
      [
        `/appointments/${ids[0]}/check-in`,
        (s) => expect(s.waiting.map((w) => w.ticket)).toEqual(['N001']),
      ],
      [
        `/appointments/${ids[1]}/check-in`,
        (s) =>
          expect(s.waiting.map((w) => w.patientName)).toEqual([
            'Paciente das 08:00',
            'Paciente das 08:30',
          ]),
      ],
      [
        `/queue/${pro.councilNumber}/next`,
        (s) => expect([s.inProgress?.ticket, s.count]).toEqual(['N001', 1]),
      ],
      [`/appointments/${ids[0]}/finish`, (s) => expect([s.inProgress, s.count]).toEqual([null, 1])],
    ];
    for (const [url, check] of steps) {
      const changed = performance.now();
      const response = await viaSecond(url);
      expect(response.statusCode, response.body).toBe(200);
      const event = await stream.next(1000);
      expect(performance.now() - changed).toBeLessThan(1000);
      expect(event.event).toBe('queue');
      check(JSON.parse(event.data) as Snapshot);
    }
    stream.close();
  });

  it('resumes with Last-Event-ID without repeating what the client has', async () => {
    const { pro, ids } = await bookedMonday(['09:00']);
    const url = `${firstUrl}/api/v1/queue/${pro.councilNumber}/events`;
    const stream = await openEventStream(url, bearer(admin));
    const seen = await stream.next(2000);
    stream.close();

    // Reconnecting with what it has: nothing new until the queue changes.
    const again = await openEventStream(url, { ...bearer(admin), 'last-event-id': seen.id! });
    await expect(again.next(500)).rejects.toThrow();
    expect((await viaSecond(`/appointments/${ids[0]}/check-in`)).statusCode).toBe(200);
    const changed = await again.next(1000);
    expect(changed.id).not.toBe(seen.id);
    expect((JSON.parse(changed.data) as Snapshot).count).toBe(1);
    again.close();

    // Reconnecting with an old id: the current snapshot at once.
    const late = await openEventStream(url, { ...bearer(admin), 'last-event-id': seen.id! });
    expect((await late.nextData<Snapshot>(1000)).count).toBe(1);
    late.close();
  });

  it('is refused before any stream opens to those who may not see the queue', async () => {
    const { pro } = await bookedMonday([]);
    const other = await registerProfessional(first, admin);
    const patient = await signUpPatient(first);
    const url = `${firstUrl}/api/v1/queue/${pro.councilNumber}/events`;
    for (const [headers, status] of [
      [{}, 401],
      [bearer(patient.session), 403],
      [bearer(other.session), 403],
    ] as const) {
      const refused = await openEventStream(url, headers);
      expect(refused.status).toBe(status);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    }
    const unknown = await openEventStream(`${firstUrl}/api/v1/queue/0000-ZZ/events`, bearer(admin));
    expect(unknown.status).toBe(404);
  });

  it('shows the waiting room the called ticket and room, never the patient', async () => {
    const { pro, ids } = await bookedMonday(['10:00']);
    await first.app.inject({
      method: 'PATCH',
      url: `/api/v1/professionals/${pro.councilNumber}`,
      headers: bearer(admin),
      payload: { officeNumber: 'Sala 12' },
    });
    const created = await first.app.inject({
      method: 'POST',
      url: '/api/v1/display/tokens',
      headers: bearer(admin),
      payload: { name: 'Recepção' },
    });
    expect(created.statusCode).toBe(201);
    const screen = await openEventStream(`${firstUrl}${created.json<{ url: string }>().url}`);
    expect(screen.status).toBe(200);

    expect((await viaSecond(`/appointments/${ids[0]}/check-in`)).statusCode).toBe(200);
    const called = await viaSecond(`/appointments/${ids[0]}/call`);
    expect(called.statusCode).toBe(200);
    const event = await screen.next(1000);
    expect(event.event).toBe('called');
    expect(JSON.parse(event.data)).toMatchObject({
      ticket: 'N001',
      room: 'Sala 12',
      professional: { name: 'Jefferson' },
    });
    const patientName = called.json<{ patient: { name: string; registerNumber: string } }>()
      .patient;
    expect(screen.text()).not.toContain(patientName.name);
    expect(screen.text()).not.toContain(patientName.registerNumber);
    screen.close();
  });
});
