import type { Session, TestApp } from './app.js';
import { as } from './requests.js';

let counter = 0;

export interface SignedUpPatient {
  registerNumber: string;
  email: string;
  password: string;
  userId: string;
  session: Session;
}

export function patientBody(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    name: `Maria da Conceição ${counter}`,
    email: `maria.${counter}.${Date.now()}@example.com`,
    password: 'patient-password-1',
    phone: '(21) 98765-4321',
    birthDate: '1990-05-17',
    gender: 'female',
    address: { postCode: '20031-170', houseNumber: '100' },
    ...overrides,
  };
}

/** Signs a patient up through the API and signs them in. */
export async function signUpPatient(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<SignedUpPatient> {
  const body = patientBody(overrides);
  const response = await as(t).post('/api/v1/patients', body);
  if (response.statusCode !== 201) throw new Error(`sign-up failed: ${response.body}`);
  const { registerNumber } = response.json<{ registerNumber: string }>();
  const [row] = await t.database.sql<{ user_id: string }[]>`
    select user_id from patients where register_number = ${registerNumber}`;
  const session = await t.login({ email: body.email, password: body.password });
  return {
    registerNumber,
    email: body.email,
    password: body.password,
    userId: row!.user_id,
    session,
  };
}

export function professionalBody(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    name: `Dr. Jefferson ${counter}`,
    email: `prof.${counter}.${Date.now()}@example.com`,
    password: 'professional-password-1',
    phone: '+55 21 3333-4444',
    specialty: 'Cardiologia',
    councilNumber: String(1000 + (counter % 9000)).padStart(4, '0'),
    address: { postCode: '20031-170', houseNumber: '1' },
    ...overrides,
  };
}

export async function registerProfessional(
  t: TestApp,
  admin: Session,
  overrides: Record<string, unknown> = {},
) {
  const body = professionalBody(overrides);
  const response = await as(t, admin).post('/api/v1/professionals', body);
  if (response.statusCode !== 201) throw new Error(`registration failed: ${response.body}`);
  const { councilNumber } = response.json<{ councilNumber: string }>();
  const [row] = await t.database.sql<{ user_id: string }[]>`
    select user_id from professionals where council_number = ${councilNumber}`;
  const session = await t.login({ email: body.email, password: body.password });
  return {
    councilNumber,
    userId: row!.user_id,
    email: body.email,
    password: body.password,
    session,
  };
}
