import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openClinic, type Session, type TestApp } from '../helpers/app.js';
import { professionalBody, registerProfessional, signUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';

let t: TestApp;
let admin: Session;
let patient: Session;

beforeAll(async () => {
  ({ t, admin } = await openClinic());
  patient = (await signUpPatient(t)).session;
});
afterAll(() => t.close());

const register = (payload: unknown, as: Session = admin) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/professionals',
    headers: bearer(as),
    payload: payload as object,
  });

describe('POST /professionals', () => {
  it('derives the council number from the four digits and the CEP’s state', async () => {
    t.clock.advance(0);
    const response = await register(
      professionalBody({
        councilNumber: '9876',
        birthDate: '1980-11-22',
        experienceYears: 12,
        officeNumber: '204',
        address: { postCode: '20031-170', houseNumber: '5' },
      }),
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      councilNumber: '9876-RJ',
      specialty: 'Cardiologia',
      experienceYears: 12,
      officeNumber: '204',
      appointmentMinutes: 30,
    });
    const born = new Date('1980-11-22T12:00:00Z');
    const now = t.clock.now();
    const birthdayPassed =
      now.getUTCMonth() > 10 || (now.getUTCMonth() === 10 && now.getUTCDate() >= 22);
    expect(body.age).toBe(now.getUTCFullYear() - born.getUTCFullYear() - (birthdayPassed ? 0 : 1));
  });

  it('keeps council numbers unique (409) and leaves nothing behind', async () => {
    await register(professionalBody({ councilNumber: '5555' }));
    const before = (await t.database.sql`select count(*)::int as n from users`)[0]!.n;
    const again = await register(professionalBody({ councilNumber: '5555' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([
      { field: 'councilNumber', message: 'is already registered' },
    ]);
    expect((await t.database.sql`select count(*)::int as n from users`)[0]!.n).toBe(before);
    // The same digits in another state are another council's number.
    const sp = await register(
      professionalBody({
        councilNumber: '5555',
        address: { postCode: '01310-100', houseNumber: '1' },
      }),
    );
    expect(sp.json().councilNumber).toBe('5555-SP');
  });

  it('is for admins only', async () => {
    expect((await register(professionalBody(), patient)).statusCode).toBe(403);
    const professional = (await registerProfessional(t, admin)).session;
    expect((await register(professionalBody(), professional)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/professionals',
      payload: professionalBody(),
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('rejects a malformed council number and unknown fields', async () => {
    expect((await register(professionalBody({ councilNumber: '12345' }))).statusCode).toBe(400);
    expect((await register(professionalBody({ councilNumber: '9876-RJ' }))).statusCode).toBe(400);
    expect((await register(professionalBody({ isAdmin: true }))).statusCode).toBe(400);
  });
});

describe('specialties', () => {
  it('are stored in one display form and matched ignoring case and accents', async () => {
    await register(professionalBody({ specialty: 'dermatologia', name: 'Dra. Beatriz' }));
    await register(professionalBody({ specialty: 'DERMATOLOGÍA', name: 'Dr. Caio' }));
    await register(professionalBody({ specialty: 'clínica  geral', name: 'Dr. Davi' }));
    const specialties = await t.app.inject({
      url: '/api/v1/specialties',
      headers: bearer(patient),
    });
    expect(specialties.statusCode).toBe(200);
    const names = specialties.json().map((s: { name: string }) => s.name);
    expect(names).toContain('Dermatologia');
    expect(names).toContain('Clínica Geral');
    expect(names).not.toContain('DERMATOLOGÍA');
    expect(
      specialties.json().find((s: { name: string }) => s.name === 'Dermatologia').professionals,
    ).toBe(2);
    for (const query of ['dermatologia', 'Dermatología', 'DERMATOLOGIA']) {
      const found = await t.app.inject({
        url: `/api/v1/professionals?specialty=${encodeURIComponent(query)}`,
        headers: bearer(patient),
      });
      expect(
        found
          .json()
          .items.map((p: { name: string }) => p.name)
          .sort(),
        query,
      ).toEqual(['Dr. Caio', 'Dra. Beatriz']);
      expect(
        found.json().items.every((p: { specialty: string }) => p.specialty === 'Dermatologia'),
      ).toBe(true);
    }
  });
});

describe('profiles', () => {
  it('show the public profile to everyone, private fields to the professional and admins', async () => {
    const { councilNumber, session } = await registerProfessional(t, admin, {
      bio: 'Cardiologista',
    });
    const url = `/api/v1/professionals/${councilNumber.toLowerCase()}`;
    const asPatient = await t.app.inject({ url, headers: bearer(patient) });
    expect(asPatient.statusCode).toBe(200);
    expect(asPatient.json()).toMatchObject({ councilNumber, bio: 'Cardiologista' });
    expect(asPatient.json()).not.toHaveProperty('email');
    expect(asPatient.json()).not.toHaveProperty('phone');
    expect(asPatient.json()).not.toHaveProperty('address');
    const asSelf = await t.app.inject({ url, headers: bearer(session) });
    expect(asSelf.json()).toHaveProperty('email');
    expect(asSelf.json().address.state).toBe('RJ');
    // Signed out (the public directory), what a patient sees.
    const signedOut = await t.app.inject({ url });
    expect(signedOut.statusCode).toBe(200);
    expect(signedOut.json()).toEqual(asPatient.json());
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(session) });
    expect(me.json()).toMatchObject({ role: 'professional', councilNumber });
  });

  it('are changed by the professional or an admin, never by a patient or another professional', async () => {
    const a = await registerProfessional(t, admin);
    const b = await registerProfessional(t, admin);
    const url = `/api/v1/professionals/${a.councilNumber}`;
    expect((await as(t, patient).patch(url, { bio: 'x' })).statusCode).toBe(403);
    expect((await as(t, b.session).patch(url, { bio: 'x' })).statusCode).toBe(403);
    expect(
      (await as(t, a.session).patch(url, { bio: 'Atendo adultos.', officeNumber: '12' })).json(),
    ).toMatchObject({ bio: 'Atendo adultos.', officeNumber: '12' });
    expect((await as(t, admin).patch(url, { specialty: 'pediatria' })).json().specialty).toBe(
      'Pediatria',
    );
    expect((await as(t, a.session).patch(url, { councilNumber: '0000' })).statusCode).toBe(400);
    expect((await as(t, a.session).patch(url, { role: 'admin' })).statusCode).toBe(400);
  });

  it('deactivation hides the professional from lists and stops sign-in', async () => {
    const a = await registerProfessional(t, admin, { specialty: 'Ortopedia', name: 'Dr. Saindo' });
    const url = `/api/v1/professionals/${a.councilNumber}`;
    expect(
      (await t.app.inject({ method: 'DELETE', url, headers: bearer(a.session) })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url, headers: bearer(admin) })).statusCode).toBe(
      204,
    );
    const list = await t.app.inject({
      url: '/api/v1/professionals?specialty=ortopedia',
      headers: bearer(patient),
    });
    expect(list.json().total).toBe(0);
    expect(
      (await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(a.session) })).statusCode,
    ).toBe(401);
  });

  it('an admin reactivates a deactivated professional: listed and signing in again', async () => {
    const a = await registerProfessional(t, admin, { specialty: 'Urologia', name: 'Dr. Volta' });
    const url = `/api/v1/professionals/${a.councilNumber}`;
    await t.app.inject({ method: 'DELETE', url, headers: bearer(admin) });
    const back = await t.app.inject({
      method: 'POST',
      url: `${url}/reactivate`,
      headers: bearer(admin),
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ councilNumber: a.councilNumber, active: true });
    const list = await t.app.inject({
      url: '/api/v1/professionals?specialty=urologia',
      headers: bearer(patient),
    });
    expect(list.json().total).toBe(1);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.email, password: a.password },
    });
    expect(login.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: `${url}/reactivate`,
      headers: bearer(admin),
    });
    expect(again.statusCode).toBe(409);
  });

  it('answers 404 for an unknown council number', async () => {
    expect(
      (await t.app.inject({ url: '/api/v1/professionals/0001-AC', headers: bearer(patient) }))
        .statusCode,
    ).toBe(404);
  });
});
