import { expect } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from './app.js';
import { registerProfessional, signUpPatient, type SignedUpPatient } from './people.js';

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
  as: Session,
  councilNumber: string,
  availability: { slotMinutes: number; weekly: { weekday: number; start: string; end: string }[] },
) {
  const response = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/professionals/${councilNumber}/availability`,
    headers: bearer(as),
    payload: availability,
  });
  expect(response.statusCode).toBe(200);
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

/**
 * A clinic in São Paulo (1-hour notice, 30-day horizon) with two patients and two professionals
 * working weekday mornings, the clock on Sunday morning.
 */
export async function openSmallClinic(): Promise<SmallClinic> {
  const t = await createTestApp({
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    BOOKING_MIN_NOTICE: '1h',
    BOOKING_HORIZON_DAYS: '30',
    SESSION_TTL_MINUTES: String(60 * 24 * 60), // the tests move the clock by days
  });
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
