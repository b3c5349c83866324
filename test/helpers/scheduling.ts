import { expect } from 'vitest';
import { createTestApp, type Session, type TestApp } from './app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from './people.js';
import { as } from './requests.js';

/** Sunday 2026-12-06, 09:00 in São Paulo: Monday 7 December is the first bookable day. */
export const SUNDAY_MORNING = new Date('2026-12-06T12:00:00Z');

/** Weekdays 08:00–12:00, 30-minute slots. */
export const WEEKDAY_MORNINGS = {
  slotMinutes: 30,
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '12:00' })),
};

export type RegisteredProfessional = Awaited<ReturnType<typeof registerProfessional>>;

export async function setAvailability(
  t: TestApp,
  session: Session,
  councilNumber: string,
  availability: { slotMinutes: number; weekly: { weekday: number; start: string; end: string }[] },
) {
  const response = await as(t, session).put(
    `/api/v1/professionals/${councilNumber}/availability`,
    availability,
  );
  expect(response.statusCode).toBe(200);
}

/** Books through the API as `session` would (patient, or admin naming the patient); the id. */
export async function bookAppointment(
  t: TestApp,
  session: Session,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await as(t, session).post('/api/v1/appointments', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

export interface SmallClinic {
  t: TestApp;
  admin: Session;
  ana: SignedUpPatient;
  bia: SignedUpPatient;
  /** Dr. Caio and Dra. Duda, general practice, both on weekday mornings. */
  pro: RegisteredProfessional;
  other: RegisteredProfessional;
}

/** A clinic in São Paulo with a 1-hour notice and a 30-day horizon. */
export const SAO_PAULO_CLINIC = {
  CLINIC_TIMEZONE: 'America/Sao_Paulo',
  BOOKING_MIN_NOTICE: '1h',
  BOOKING_HORIZON_DAYS: '30',
  SESSION_TTL_MINUTES: String(60 * 24 * 60), // the tests move the clock by days
};

/**
 * The São Paulo clinic with two patients and two professionals working weekday mornings, the
 * clock on Sunday morning.
 */
export async function openSmallClinic(): Promise<SmallClinic> {
  const t = await createTestApp(SAO_PAULO_CLINIC);
  t.clock.set(SUNDAY_MORNING);
  const admin = await t.login(await t.createUser('admin'));
  const ana = await signUpPatient(t, { name: 'Ana Souza' });
  const bia = await signUpPatient(t, { name: 'Bia Lima' });
  const pro = await registerProfessional(t, admin, {
    specialty: 'Clínica Geral',
    name: 'Dr. Caio',
  });
  const other = await registerProfessional(t, admin, {
    specialty: 'Clínica Geral',
    name: 'Dra. Duda',
  });
  for (const professional of [pro, other]) {
    await setAvailability(t, admin, professional.councilNumber, WEEKDAY_MORNINGS);
  }
  return { t, admin, ana, bia, pro, other };
}
