import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  openSmallClinic,
  setAvailability,
  type SmallClinic,
} from '../helpers/scheduling.js';
import { openEventStream } from '../helpers/sse.js';

interface Board {
  date: string;
  now: string;
  professionals: {
    councilNumber: string;
    name: string;
    officeNumber: string | null;
    appointments: { id: string; status: string; startsAt: string; ticket: string | null }[];
    waiting: { appointmentId: string; position: number; estimatedWaitMinutes: number }[];
  }[];
}

const monday = (time: string) => new Date(`2026-12-07T${time}:00-03:00`);

let clinic: SmallClinic;
let url: string;
let elder: SignedUpPatient;
/** Dr. Caio's 08:00 (Ana), 08:30 (Bia), 09:00 (the elder); Dra. Duda's 10:00 (Ana). */
const ids: Record<string, string> = {};

beforeAll(async () => {
  clinic = await openSmallClinic();
  const { t, admin, ana, bia, pro, other } = clinic;
  elder = await signUpPatient(t, { name: 'Dona Zélia', birthDate: '1940-03-02' });
  // Working on Saturdays only, with nothing booked: not on Monday's board.
  const away = await registerProfessional(t, admin, { name: 'Dr. Ausente' });
  await setAvailability(t, admin, away.councilNumber, {
    slotMinutes: 30,
    weekly: [{ weekday: 6, start: '08:00', end: '12:00' }],
  });
  // Booked in an order other than their times: the board orders by start time.
  const book = (professional: string, patient: string, time: string, day = monday(time)) =>
    bookAppointment(t, admin, { professional, patient, startsAt: day.toISOString() });
  ids.elder = await book(pro.councilNumber, elder.registerNumber, '09:00');
  ids.ana = await book(pro.councilNumber, ana.registerNumber, '08:00');
  ids.bia = await book(pro.councilNumber, bia.registerNumber, '08:30');
  ids.duda = await book(other.councilNumber, ana.registerNumber, '10:00');
  ids.tuesday = await book(
    pro.councilNumber,
    bia.registerNumber,
    '08:00',
    new Date('2026-12-08T08:00:00-03:00'),
  );
  t.clock.set(monday('07:40'));
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/board/events`;
});
afterAll(() => clinic.t.close());

const board = async (query = '') => {
  const response = await as(clinic.t, clinic.admin).get(`/api/v1/board${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Board>();
};

describe('the front desk’s board', () => {
  it('shows today’s professionals at work, by name, their appointments by time', async () => {
    const today = await board();
    expect(today.date).toBe('2026-12-07');
    expect(today.now).toBe('2026-12-07T07:40:00-03:00');
    expect(today.professionals.map((p) => p.name)).toEqual(['Dr. Caio', 'Dra. Duda']);
    const [caio, duda] = today.professionals;
    expect(caio!.appointments.map((a) => a.id)).toEqual([ids.ana, ids.bia, ids.elder]);
    expect(caio!.appointments.map((a) => a.startsAt)).toEqual([
      '2026-12-07T08:00:00-03:00',
      '2026-12-07T08:30:00-03:00',
      '2026-12-07T09:00:00-03:00',
    ]);
    expect(duda!.appointments.map((a) => a.id)).toEqual([ids.duda]);
    expect(caio!.waiting).toEqual([]);

    const tuesday = await board('?date=2026-12-08');
    expect(tuesday.date).toBe('2026-12-08');
    expect(tuesday.professionals.find((p) => p.name === 'Dr. Caio')!.appointments).toHaveLength(1);
  });

  it('lists who waits in the queue’s order: 80+ before an earlier arrival', async () => {
    const { t, admin } = clinic;
    for (const id of [ids.ana, ids.elder]) {
      const response = await as(t, admin).post(`/api/v1/appointments/${id}/check-in`);
      expect(response.statusCode, response.body).toBe(200);
    }
    const caio = (await board()).professionals[0]!;
    expect(caio.waiting.map((w) => [w.appointmentId, w.position])).toEqual([
      [ids.elder, 1],
      [ids.ana, 2],
    ]);
    expect(caio.appointments.find((a) => a.id === ids.elder)!.ticket).toMatch(/^P\d{3}$/);
    // Another day has no queue.
    const tuesday = await board('?date=2026-12-08');
    expect(tuesday.professionals.every((p) => p.waiting.length === 0)).toBe(true);
  });

  it('never carries the consultation’s notes, and audits the patients shown', async () => {
    const { t, admin, pro } = clinic;
    expect((await as(t, admin).post(`/api/v1/appointments/${ids.elder}/call`)).statusCode).toBe(
      200,
    );
    const finished = await as(t, pro.session).post(`/api/v1/appointments/${ids.elder}/finish`, {
      notes: 'Suspeita de arritmia, pedir Holter',
    });
    expect(finished.statusCode, finished.body).toBe(200);
    const response = await as(t, admin).get('/api/v1/board');
    expect(response.body).not.toContain('arritmia');
    const [audited] = await t.database.sql<{ count: number }[]>`
      select count(*)::int from audit_log where action = 'board.read'`;
    expect(audited!.count).toBeGreaterThan(0);
  });

  it('refuses a day that is not a date', async () => {
    const response = await as(clinic.t, clinic.admin).get('/api/v1/board?date=2026-13-01');
    expect(response.statusCode).toBe(400);
  });

  it('is the admins’ only', async () => {
    const { t, ana, pro } = clinic;
    expect((await as(t).get('/api/v1/board')).statusCode).toBe(401);
    expect((await as(t, ana.session).get('/api/v1/board')).statusCode).toBe(403);
    expect((await as(t, pro.session).get('/api/v1/board')).statusCode).toBe(403);
    for (const [headers, status] of [
      [{}, 401],
      [bearer(ana.session), 403],
      [bearer(pro.session), 403],
    ] as const) {
      const stream = await openEventStream(url, headers);
      expect(stream.status).toBe(status);
      stream.close();
    }
  });
});

describe('the live board', () => {
  it('sends the new board on a change, and nothing new to a client that has it', async () => {
    const { t, admin } = clinic;
    const stream = await openEventStream(url, bearer(admin));
    expect(stream.status).toBe(200);
    const first = await stream.next(2000);
    expect(first.event).toBe('board');
    const initial = JSON.parse(first.data) as Board;
    expect(initial.professionals.map((p) => p.name)).toEqual(['Dr. Caio', 'Dra. Duda']);

    const cancelled = await as(t, admin).post(`/api/v1/appointments/${ids.duda}/cancel`, {
      reason: 'Paciente pediu por telefone',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const changed = await stream.next(2000);
    expect(changed.id).not.toBe(first.id);
    const duda = (JSON.parse(changed.data) as Board).professionals[1]!;
    expect(duda.appointments[0]!.status).toBe('cancelled');
    stream.close();

    // Reconnecting with what it has: nothing until the board changes (a check-in).
    const again = await openEventStream(url, { ...bearer(admin), 'last-event-id': changed.id! });
    await expect(again.next(500)).rejects.toThrow();
    expect((await as(t, admin).post(`/api/v1/appointments/${ids.bia}/check-in`)).statusCode).toBe(
      200,
    );
    const caio = (await again.nextData<Board>(2000)).professionals[0]!;
    expect(caio.waiting.map((w) => w.appointmentId)).toEqual([ids.ana, ids.bia]);
    again.close();
  });
});
