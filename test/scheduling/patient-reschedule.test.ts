import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Session, TestApp } from '../helpers/app.js';
import type { SignedUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';
import {
  bookAppointment,
  openSmallClinic,
  SUNDAY_MORNING,
  type RegisteredProfessional,
} from '../helpers/scheduling.js';

let t: TestApp;
let admin: Session;
let ana: SignedUpPatient;
let bia: SignedUpPatient;
/** Dr. Caio and Dra. Duda: weekday mornings 08:00–12:00, 30-minute slots; 1 hour's notice. */
let pro: RegisteredProfessional;
let other: RegisteredProfessional;

beforeAll(async () => {
  ({ t, admin, ana, bia, pro, other } = await openSmallClinic());
});
afterAll(() => t.close());
beforeEach(() => t.clock.set(SUNDAY_MORNING));

/** A day of the first weeks of December 2026 at a São Paulo wall-clock time. */
const at = (day: number, time: string) =>
  `2026-12-${String(day).padStart(2, '0')}T${time}:00-03:00`;
const book = (patient: SignedUpPatient, startsAt: string, professional = pro) =>
  bookAppointment(t, patient.session, { professional: professional.councilNumber, startsAt });
const move = (session: Session, id: string, body: Record<string, unknown>) =>
  as(t, session).patch(`/api/v1/appointments/${id}`, body);

/** Where the appointment is in the database: its start (UTC) and its professional. */
async function row(id: string) {
  const [found] = await t.database.sql<{ starts_at: string; professional_user_id: string }[]>`
    select starts_at, professional_user_id from appointments where id = ${id}`;
  return {
    startsAt: new Date(found!.starts_at).toISOString(),
    professional: found!.professional_user_id,
  };
}

describe('a patient moving their own appointment', () => {
  it('moves it to another free slot of the same professional, with every record', async () => {
    const id = await book(ana, at(8, '08:00'));
    const moved = await move(ana.session, id, {
      startsAt: at(8, '10:00'),
      // Naming the same professional (any case) is no change of professional.
      professional: pro.councilNumber.toLowerCase(),
      reason: 'Retorno',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      startsAt: at(8, '10:00'),
      endsAt: at(8, '10:30'),
      professional: { councilNumber: pro.councilNumber },
      status: 'scheduled',
      reason: 'Retorno',
      forced: false,
    });

    const history = await as(t, admin).get(`/api/v1/appointments/${id}/history`);
    expect(history.json().map((entry: { action: string }) => entry.action)).toEqual([
      'booked',
      'rescheduled',
    ]);
    const [event] = await t.database.sql<
      { payload: { changes: { field: string; from: unknown; to: unknown }[] } }[]
    >`
      select payload from outbox
      where type = 'appointment.rescheduled' and payload->>'appointmentId' = ${id}`;
    expect(event!.payload.changes).toEqual([
      { field: 'startsAt', from: at(8, '08:00'), to: at(8, '10:00') },
      { field: 'endsAt', from: at(8, '08:30'), to: at(8, '10:30') },
      { field: 'reason', from: null, to: 'Retorno' },
    ]);
    // The audit log is of other people's data: a patient's own change is not in it (as her
    // booking is not), while the history above keeps who moved it.
    const audited = await t.database.sql`
      select 1 from audit_log
      where action = 'appointment.update' and details->>'appointmentId' = ${id}`;
    expect(audited).toHaveLength(0);
    const [entry] = await t.database.sql<{ actor_user_id: string }[]>`
      select actor_user_id from appointment_history
      where appointment_id = ${id} and action = 'rescheduled'`;
    expect(entry!.actor_user_id).toBe(ana.userId);

    // The old time is free again, the new one taken.
    const slots = await as(t, bia.session).get(
      `/api/v1/professionals/${pro.councilNumber}/slots?from=2026-12-08&to=2026-12-08`,
    );
    const starts = slots.json().map((slot: { startsAt: string }) => slot.startsAt);
    expect(starts).toContain(at(8, '08:00'));
    expect(starts).not.toContain(at(8, '10:00'));
  });

  it('edits only the reason, without a move', async () => {
    const id = await book(ana, at(9, '08:00'));
    const edited = await move(ana.session, id, { reason: 'Dor de cabeça' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ startsAt: at(9, '08:00'), reason: 'Dor de cabeça' });
    const [event] = await t.database.sql<{ type: string }[]>`
      select type from outbox where payload->>'appointmentId' = ${id} order by id desc limit 1`;
    expect(event!.type).toBe('appointment.updated');
  });

  it('is the same 404 for another patient’s appointment as for none at all', async () => {
    const id = await book(ana, at(9, '08:30'));
    const theirs = await move(bia.session, id, { startsAt: at(9, '11:00') });
    const none = await move(bia.session, randomUUID(), { startsAt: at(9, '11:00') });
    expect(theirs.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(theirs.json().detail).toBe(none.json().detail);
    expect((await row(id)).startsAt).toBe('2026-12-09T11:30:00.000Z');
  });

  it('refuses another professional and force (403), leaving it as it was', async () => {
    const id = await book(ana, at(9, '09:00'));
    const elsewhere = await move(ana.session, id, {
      startsAt: at(9, '09:00'),
      professional: other.councilNumber,
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().detail).toMatch(/same professional/);
    const forced = await move(ana.session, id, { startsAt: at(9, '13:00'), force: true });
    expect(forced.statusCode).toBe(403);
    expect(forced.json().detail).toBe('Only the clinic staff may force a booking.');
    const unchanged = await row(id);
    expect(unchanged.startsAt).toBe('2026-12-09T12:00:00.000Z');
    expect(unchanged.professional).toBe(pro.userId);
  });

  it('keeps the booking rules: minimum notice, the slot grid, working hours, the horizon', async () => {
    const id = await book(ana, at(7, '11:00'));
    // Monday 07:30: 08:00 is half an hour away, inside the hour's notice.
    t.clock.set(new Date('2026-12-07T10:30:00Z'));
    const soon = await move(ana.session, id, { startsAt: at(7, '08:00') });
    expect(soon.statusCode).toBe(422);
    expect(soon.json().detail).toMatch(/at least 1 hour ahead/);
    const offGrid = await move(ana.session, id, { startsAt: at(7, '09:15') });
    expect(offGrid.statusCode).toBe(422);
    expect(offGrid.json().detail).toMatch(/not one of the professional’s slots/);
    const afternoon = await move(ana.session, id, { startsAt: at(7, '14:00') });
    expect(afternoon.statusCode).toBe(422);
    const past = await move(ana.session, id, { startsAt: at(4, '08:00') });
    expect(past.statusCode).toBe(422);
    expect(past.json().detail).toMatch(/already passed/);
    const far = await move(ana.session, id, { startsAt: '2027-03-01T08:00:00-03:00' });
    expect(far.statusCode).toBe(422);
    expect(far.json().detail).toMatch(/up to 30 days ahead/);
    expect((await row(id)).startsAt).toBe('2026-12-07T14:00:00.000Z');
    // The clinic's desk is not held to the patients' notice.
    expect((await move(admin, id, { startsAt: at(7, '08:00') })).statusCode).toBe(200);
  });

  it('answers 409 when the slot is taken, or the patient is busy then', async () => {
    const id = await book(ana, at(10, '08:00'));
    await book(bia, at(10, '09:00'));
    const taken = await move(ana.session, id, { startsAt: at(10, '09:00') });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toMatch(/already taken/);
    await book(ana, at(10, '10:00'), other);
    const busy = await move(ana.session, id, { startsAt: at(10, '10:00') });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().detail).toMatch(/already has an appointment/);
    expect((await row(id)).startsAt).toBe('2026-12-10T11:00:00.000Z');
  });

  it('refuses once the appointment has begun or she has checked in (422)', async () => {
    const started = await book(ana, at(11, '08:00'));
    const early = await book(ana, at(11, '11:00'));
    // Friday 08:10: the first has begun; she arrives early for the second and checks in.
    t.clock.set(new Date('2026-12-11T11:10:00Z'));
    const late = await move(ana.session, started, { startsAt: at(11, '10:00') });
    expect(late.statusCode).toBe(422);
    expect(late.json().detail).toMatch(/already begun/);
    expect((await as(t, admin).post(`/api/v1/appointments/${early}/check-in`)).statusCode).toBe(
      200,
    );
    const checkedIn = await move(ana.session, early, { startsAt: at(11, '10:30') });
    expect(checkedIn.statusCode).toBe(422);
    expect(checkedIn.json().detail).toMatch(/checked in/);
    // Her reason is frozen too: the desk changes it now.
    expect((await move(ana.session, early, { reason: 'Outra coisa' })).statusCode).toBe(422);
  });

  it('is not for professionals (403), not even their own patients’ appointments', async () => {
    const id = await book(ana, at(14, '08:00'));
    const refused = await move(pro.session, id, { startsAt: at(14, '09:00') });
    expect(refused.statusCode).toBe(403);
    expect((await row(id)).startsAt).toBe('2026-12-14T11:00:00.000Z');
  });

  it('answers in Portuguese for a patient who reads it', async () => {
    const id = await book(ana, at(14, '10:00'));
    const refused = await as(t, ana.session).patch(
      `/api/v1/appointments/${id}`,
      { startsAt: at(14, '10:00'), professional: other.councilNumber },
      { headers: { 'accept-language': 'pt-BR' } },
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/mesmo profissional/);
  });
});
