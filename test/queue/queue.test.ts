import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  openSmallClinic,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
} from '../helpers/scheduling.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  ({ t, admin } = await openSmallClinic());
});
afterAll(() => t.close());

const monday = (time: string) => new Date(`2026-12-07T${time}:00-03:00`);
const queueOf = async (councilNumber: string) => {
  const response = await as(t, admin).get(`/api/v1/queue/${councilNumber}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

/** A professional with `count` patients booked on Monday morning and checked in at 07:50. */
async function morning(count: number, professional: Record<string, unknown> = {}) {
  t.clock.set(SUNDAY_MORNING);
  const pro = await registerProfessional(t, admin, professional);
  await setAvailability(t, admin, pro.councilNumber, WEEKDAY_MORNINGS);
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const patient = await signUpPatient(t, { name: `Paciente ${index + 1}` });
    ids.push(
      await bookAppointment(t, admin, {
        professional: pro.councilNumber,
        patient: patient.registerNumber,
        startsAt: monday(
          `${String(8 + Math.floor(index / 2)).padStart(2, '0')}:${index % 2 ? '30' : '00'}`,
        ).toISOString(),
      }),
    );
  }
  t.clock.set(monday('07:50'));
  for (const id of ids) {
    expect((await as(t, admin).post(`/api/v1/appointments/${id}/check-in`)).statusCode).toBe(200);
    t.clock.advance(1000);
  }
  return { pro, ids };
}

describe('the queue', () => {
  it('estimates from the slot length without history, and counts down the one in progress', async () => {
    const { pro } = await morning(3, { name: 'Jefferson' });
    t.clock.set(monday('08:00'));
    const full = await queueOf(pro.councilNumber);
    expect(full).toMatchObject({
      professional: { councilNumber: pro.councilNumber, name: 'Jefferson' },
      date: '2026-12-07',
      inProgress: null,
      count: 3,
      averageConsultationMinutes: 30,
      estimatedWaitMinutes: 90,
      message:
        'There are 3 patients waiting for their appointments with Dr. Jefferson today. ' +
        'The average waiting time is ca 1 hour and 30 minutes',
      messagePt:
        'Há 3 pacientes aguardando atendimento com o Dr. Jefferson hoje. ' +
        'O tempo médio de espera é de cerca de 1 hora e 30 minutos',
    });
    expect(
      full.waiting.map(
        (entry: { position: number; ticket: string; estimatedWaitMinutes: number }) => [
          entry.position,
          entry.ticket,
          entry.estimatedWaitMinutes,
        ],
      ),
    ).toEqual([
      [1, 'N001', 0],
      [2, 'N002', 30],
      [3, 'N003', 60],
    ]);
    expect(full.waiting[0]).toMatchObject({
      patientName: 'Paciente 1',
      checkedInAt: '2026-12-07T07:50:00-03:00',
      priority: false,
    });

    expect((await as(t, admin).post(`/api/v1/queue/${pro.councilNumber}/next`)).statusCode).toBe(
      200,
    );
    t.clock.set(monday('08:10'));
    const running = await queueOf(pro.councilNumber);
    expect(running.inProgress).toMatchObject({
      ticket: 'N001',
      patientName: 'Paciente 1',
      calledAt: '2026-12-07T08:00:00-03:00',
    });
    // 20 minutes left of the one in progress, then 30 for each before.
    expect(
      running.waiting.map((entry: { estimatedWaitMinutes: number }) => entry.estimatedWaitMinutes),
    ).toEqual([20, 50]);
    expect(running.estimatedWaitMinutes).toBe(80);
    expect(running.message).toBe(
      'There are 2 patients waiting for their appointments with Dr. Jefferson today. ' +
        'The average waiting time is ca 1 hour and 20 minutes',
    );

    // Over time: nothing is left of the average, never less than nothing.
    t.clock.set(monday('08:45'));
    expect((await queueOf(pro.councilNumber)).estimatedWaitMinutes).toBe(60);
  });

  it('says so when nobody waits', async () => {
    const { pro, ids } = await morning(1, { name: 'Dra. Helena', gender: 'female' });
    t.clock.set(monday('08:00'));
    expect((await as(t, admin).post(`/api/v1/appointments/${ids[0]}/call`)).statusCode).toBe(200);
    const queue = await queueOf(pro.councilNumber);
    expect(queue).toMatchObject({
      count: 0,
      waiting: [],
      estimatedWaitMinutes: 30,
      message: 'There are no patients waiting for their appointments with Dr. Helena today.',
      messagePt: 'Não há pacientes aguardando atendimento com a Dra. Helena hoje.',
    });
  });

  /** Finished consultations of the professional, so many minutes long, days before Monday. */
  async function pastConsultations(
    professionalUserId: string,
    past: { daysAgo: number; minutes: number }[],
  ) {
    const patient = await signUpPatient(t);
    for (const [index, { daysAgo, minutes }] of past.entries()) {
      // Each an hour apart on its day, so that none overlaps another of the same day.
      const startsAt = new Date(monday('08:00').getTime() - daysAgo * 86_400_000 + index * 3.6e6);
      const finishedAt = new Date(startsAt.getTime() + minutes * 60_000);
      await t.database.sql`
        insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at,
          status, called_at, finished_at)
        values (${patient.userId}, ${professionalUserId}, ${startsAt.toISOString()},
          ${new Date(startsAt.getTime() + 30 * 60_000).toISOString()}, 'finished',
          ${startsAt.toISOString()}, ${finishedAt.toISOString()})`;
    }
  }

  it('estimates from the professional’s real consultations of the last 30 days', async () => {
    const { pro } = await morning(1, { name: 'Jefferson' });
    // Five consultations in the last 30 days (median 45 minutes); a 200-minute one before.
    await pastConsultations(pro.userId, [
      { daysAgo: 3, minutes: 40 },
      { daysAgo: 5, minutes: 45 },
      { daysAgo: 9, minutes: 42 },
      { daysAgo: 14, minutes: 120 },
      { daysAgo: 20, minutes: 50 },
      { daysAgo: 45, minutes: 200 },
    ]);
    t.clock.set(monday('08:00'));
    const queue = await queueOf(pro.councilNumber);
    expect(queue).toMatchObject({
      count: 1,
      averageConsultationMinutes: 45,
      estimatedWaitMinutes: 45,
      message:
        'There is 1 patient waiting for their appointment with Dr. Jefferson today. ' +
        'The average waiting time is ca 45 minutes',
      messagePt:
        'Há 1 paciente aguardando atendimento com o Dr. Jefferson hoje. ' +
        'O tempo médio de espera é de cerca de 45 minutos',
    });
  });

  it('keeps a sound estimate when consultations are finished seconds after the call', async () => {
    const { pro, ids } = await morning(3, { name: 'Rosa' });
    // Called and finished 2 s later, twice (by mistake, or a patient sent back at once).
    t.clock.set(monday('08:00'));
    for (const id of ids.slice(0, 2)) {
      expect((await as(t, admin).post(`/api/v1/appointments/${id}/call`)).statusCode).toBe(200);
      t.clock.advance(2000);
      expect((await as(t, admin).post(`/api/v1/appointments/${id}/finish`)).statusCode).toBe(200);
    }
    const queue = await queueOf(pro.councilNumber);
    expect(queue).toMatchObject({
      count: 1,
      averageConsultationMinutes: 30,
      estimatedWaitMinutes: 30,
      message:
        'There is 1 patient waiting for their appointment with Dr. Rosa today. ' +
        'The average waiting time is ca 30 minutes',
    });
  });

  it('uses the slot length until there are five real consultations, then their median', async () => {
    const { pro } = await morning(1);
    await pastConsultations(pro.userId, [
      { daysAgo: 2, minutes: 10 },
      { daysAgo: 3, minutes: 12 },
      { daysAgo: 4, minutes: 14 },
      { daysAgo: 5, minutes: 0.05 }, // 3 seconds: not history
    ]);
    t.clock.set(monday('08:00'));
    expect(await queueOf(pro.councilNumber)).toMatchObject({ averageConsultationMinutes: 30 });
    await pastConsultations(pro.userId, [
      { daysAgo: 6, minutes: 16 },
      { daysAgo: 7, minutes: 300 }, // left open all afternoon: the median does not care
    ]);
    expect(await queueOf(pro.councilNumber)).toMatchObject({
      averageConsultationMinutes: 14,
      estimatedWaitMinutes: 14,
    });
  });

  it('is the professional’s own and the desk’s, and its reading is audited', async () => {
    const { pro } = await morning(1);
    const other = await registerProfessional(t, admin);
    const asOther = await t.app.inject({
      url: `/api/v1/queue/${pro.councilNumber}`,
      headers: bearer(other.session),
    });
    expect(asOther.statusCode).toBe(403);
    const own = await t.app.inject({
      url: `/api/v1/queue/${pro.councilNumber.toLowerCase()}`,
      headers: bearer(pro.session),
    });
    expect(own.statusCode).toBe(200);
    const audited = await t.database.sql<{ count: number }[]>`
      select count(*)::int from audit_log where action = 'queue.read' and actor_user_id = ${pro.userId}`;
    expect(audited[0]!.count).toBe(1);
  });
});
