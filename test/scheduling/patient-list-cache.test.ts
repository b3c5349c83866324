import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTORY_CHANNEL } from '../../src/modules/people/index.js';
import { PATIENT_LISTS_CHANNEL } from '../../src/modules/scheduling/patient-list-cache.js';
import { createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  type RegisteredProfessional,
  SAO_PAULO_CLINIC,
  setAvailability,
  SUNDAY_MORNING,
  WEEKDAY_MORNINGS,
} from '../helpers/scheduling.js';

// Two instances on one database: the patients' lists each keeps in memory must follow every
// change, made through it, through the other, or straight in SQL.
let first: TestApp;
let second: TestApp;
let admin: Session;
let patient: SignedUpPatient;
let pro: RegisteredProfessional;

const MONDAY = '2026-12-07';
const at = (time: string) => `${MONDAY}T${time}:00-03:00`;

interface Item {
  id: string;
  startsAt: string;
  status: string;
  professional: { name: string };
}

/** The patient's upcoming appointments as `instance` answers `session` (the patient's own). */
async function upcoming(instance: TestApp, session = patient.session, query = ''): Promise<Item[]> {
  const response = await as(instance, session).get(
    `/api/v1/patients/${patient.registerNumber}/appointments?when=upcoming${query}`,
  );
  expect(response.statusCode, response.body).toBe(200);
  const page = response.json<{ items: Item[]; total: number }>();
  expect(page.total).toBeGreaterThanOrEqual(page.items.length);
  return page.items;
}
const starts = async (instance: TestApp, session?: Session, query?: string) =>
  (await upcoming(instance, session, query)).map((item) => item.startsAt.slice(11, 16));

/** An appointment written in SQL with the notices trigger off: no instance hears of it. */
async function insertUnheard(startsAt: string, endsAt: string): Promise<void> {
  await first.database.sql.begin(async (sql) => {
    await sql`alter table appointments disable trigger appointments_patient_lists`;
    await sql`
      insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at)
      values (${patient.userId}, ${pro.userId}, ${startsAt}, ${endsAt})`;
    await sql`alter table appointments enable trigger appointments_patient_lists`;
  });
}

/** What each instance's feed has heard on the lists' channel, after its cache did. */
const heard = new Map<TestApp, string[]>();

/**
 * Waits until `instance` has heard every notice sent so far (a feed hears them in commit
 * order): a list read after this is kept unless a later change is heard.
 */
async function settled(instance: TestApp): Promise<void> {
  const marker = `settled-${Math.random()}`;
  await first.database.sql`select pg_notify(${PATIENT_LISTS_CHANNEL}, ${marker})`;
  await expect.poll(() => heard.get(instance)!.includes(marker)).toBe(true);
}

beforeAll(async () => {
  first = await createTestApp(SAO_PAULO_CLINIC);
  second = await createTestApp(SAO_PAULO_CLINIC, first);
  for (const instance of [first, second]) {
    instance.clock.set(SUNDAY_MORNING);
    // Resolves once both channels are listened to, so the cache (subscribed first) keeps lists.
    heard.set(instance, []);
    await instance.services.changeFeed.subscribe(PATIENT_LISTS_CHANNEL, (payload) => {
      heard.get(instance)!.push(payload);
    });
    await instance.services.changeFeed.subscribe(DIRECTORY_CHANNEL, () => {});
  }
  admin = await first.login(await first.createUser('admin'));
  patient = await signUpPatient(first);
  pro = await registerProfessional(first, admin);
  await setAvailability(first, admin, pro.councilNumber, WEEKDAY_MORNINGS);
}, 60_000);
afterAll(async () => {
  await second?.close();
  await first?.close();
});

describe('a patient’s upcoming list kept in memory', () => {
  it('is answered from memory to the patient alone, and forgotten on a notified change', async () => {
    await bookAppointment(first, patient.session, {
      professional: pro.councilNumber,
      startsAt: at('08:00'),
    });
    await settled(first);
    expect(await starts(first)).toEqual(['08:00']);
    await insertUnheard(at('09:00'), at('09:30'));
    expect(await starts(first)).toEqual(['08:00']);
    // The staff's reads are audited and read the database each time.
    expect(await starts(first, admin)).toEqual(['08:00', '09:00']);
    // Any notified change of the patient's appointments, here one in SQL, forgets the list.
    await first.database.sql`
      update appointments set reason = 'Retorno'
      where patient_user_id = ${patient.userId} and starts_at = ${at('08:00')}`;
    await expect.poll(() => starts(first)).toEqual(['08:00', '09:00']);
  });

  it('shows a booking, a cancellation and a check-in at once where made, soon everywhere', async () => {
    for (const instance of [first, second]) await starts(instance);
    // A booking's notices are sent after its commit, not by the trigger: with it off, the
    // other instance still hears of the booking.
    await first.database.sql`alter table appointments disable trigger appointments_patient_lists`;
    let id: string;
    try {
      id = await bookAppointment(first, patient.session, {
        professional: pro.councilNumber,
        startsAt: at('10:00'),
      });
    } finally {
      await first.database.sql`alter table appointments enable trigger appointments_patient_lists`;
    }
    expect(await starts(first)).toContain('10:00');
    await expect.poll(() => starts(second), { timeout: 2_000 }).toContain('10:00');

    const cancelled = await as(second, patient.session).post(`/api/v1/appointments/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await starts(second)).not.toContain('10:00');
    await expect.poll(() => starts(first), { timeout: 2_000 }).not.toContain('10:00');

    // A change by another module (the queue's check-in) is told by the trigger.
    first.clock.set(new Date(at('07:50')));
    second.clock.set(new Date(at('07:50')));
    try {
      const [first8] = (await upcoming(second)).filter((item) => item.startsAt.includes('T08:00'));
      const checkIn = await as(first, admin).post(`/api/v1/appointments/${first8!.id}/check-in`);
      expect(checkIn.statusCode, checkIn.body).toBe(200);
      await expect
        .poll(async () => (await upcoming(second)).find((item) => item.id === first8!.id)?.status)
        .toBe('checked_in');
    } finally {
      first.clock.set(SUNDAY_MORNING);
      second.clock.set(SUNDAY_MORNING);
    }
  });

  it('follows the names in it, and drops an appointment once the clock passes its end', async () => {
    expect((await upcoming(second))[0]!.professional.name).not.toBe('Dra. Renomeada');
    await first.database.sql`update users set name = 'Dra. Renomeada' where id = ${pro.userId}`;
    await expect
      .poll(async () => (await upcoming(second))[0]!.professional.name)
      .toBe('Dra. Renomeada');
    const patientName = () =>
      upcoming(second).then(
        (items) => (items[0] as unknown as { patient: { name: string } }).patient.name,
      );
    await first.database
      .sql`update users set name = 'Paciente Renomeada' where id = ${patient.userId}`;
    await expect.poll(patientName).toBe('Paciente Renomeada');
    const before = await starts(second);
    expect(before[0]).toBe('08:00');
    // 08:00 ends at 08:30: at 08:30 it is no longer upcoming, with no write to tell anyone.
    second.clock.set(new Date(at('08:30')));
    try {
      expect(await starts(second)).toEqual(before.slice(1));
    } finally {
      second.clock.set(SUNDAY_MORNING);
    }
  });

  it('is not kept when it is longer than the page asked for', async () => {
    await settled(first);
    const twoOrMore = await starts(first, patient.session, '&pageSize=1');
    expect(twoOrMore).toHaveLength(1);
    await insertUnheard(at('07:00'), at('07:30'));
    expect(await starts(first, patient.session, '&pageSize=1')).toEqual(['07:00']);
  });
});
