import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openClinic, type Session, type TestApp } from '../helpers/app.js';
import { patientBody, registerProfessional, signUpPatient } from '../helpers/people.js';
import { as } from '../helpers/requests.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  ({ t, admin } = await openClinic());
});
afterAll(() => t.close());

const countUsers = async () =>
  (await t.database.sql`select count(*)::int as n from users`)[0]!.n as number;

describe('POST /patients', () => {
  it('signs a patient up with a register number, E.164 phone and the state from the CEP', async () => {
    const response = await as(t).post(
      '/api/v1/patients',
      patientBody({ name: 'Ana Araújo', cpf: '529.982.247-25', language: 'en' }),
    );
    expect(response.statusCode).toBe(201);
    const patient = response.json();
    expect(patient.registerNumber).toMatch(/^[A-Za-z]{6}-\d$/);
    expect(patient).toMatchObject({
      name: 'Ana Araújo',
      phone: '+5521987654321',
      cpf: '529.982.247-25',
      gender: 'female',
      birthDate: '1990-05-17',
      language: 'en',
      address: { postCode: '20031-170', houseNumber: '100', state: 'RJ', street: null },
      photoUrl: null,
      emailVerified: false,
      active: true,
    });
    expect(response.body).not.toMatch(/password|argon2/i);
  });

  it('draws register numbers from the whole alphabet, both cases', async () => {
    const numbers = await Promise.all(
      Array.from(
        { length: 8 },
        async () =>
          (await as(t).post('/api/v1/patients', patientBody())).json().registerNumber as string,
      ),
    );
    expect(new Set(numbers).size).toBe(8);
    const letters = numbers.join('').replace(/[^A-Za-z]/g, '');
    expect(letters).toMatch(/[a-z]/);
    expect(letters).toMatch(/[A-Z]/);
  });

  it('refuses a taken e-mail (any case) or CPF with 409, leaving nothing behind', async () => {
    const first = patientBody({ cpf: '111.444.777-35' });
    expect((await as(t).post('/api/v1/patients', first)).statusCode).toBe(201);
    const before = await countUsers();
    const sameEmail = await as(t).post(
      '/api/v1/patients',
      patientBody({ email: first.email.toUpperCase() }),
    );
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().errors).toEqual([{ field: 'email', message: 'is already registered' }]);
    const sameCpf = await as(t).post('/api/v1/patients', patientBody({ cpf: '11144477735' }));
    expect(sameCpf.statusCode).toBe(409);
    expect(sameCpf.json().errors).toEqual([{ field: 'cpf', message: 'is already registered' }]);
    expect(await countUsers()).toBe(before);
  });

  it.each([
    [{ cpf: '529.982.247-24' }, 'cpf'],
    [{ phone: '123' }, 'phone'],
    [{ birthDate: '2999-01-01' }, 'birthDate'],
    [{ birthDate: '2023-02-30' }, 'birthDate'],
    [{ gender: 'x' }, 'gender'],
    [{ address: { postCode: '00000-000', houseNumber: '1' } }, 'address.postCode'],
    [{ address: { postCode: '20031-170' } }, 'address.houseNumber'],
    [{ address: { postCode: '20031-170', houseNumber: '   ' } }, 'address.houseNumber'],
    [{ address: { postCode: '20031-170', houseNumber: '1', street: '  ' } }, 'address.street'],
    [{ name: '   ' }, 'name'],
    [{ password: 'short' }, 'password'],
    [{ password: undefined }, 'password'],
    [{ role: 'admin' }, 'role'],
    [{ registerNumber: 'AAAAAA-1' }, 'registerNumber'],
  ])('rejects %o naming %s, leaving no trace', async (overrides, field) => {
    const before = await countUsers();
    const response = await as(t).post('/api/v1/patients', patientBody(overrides));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await countUsers()).toBe(before);
  });

  it('lets an admin register a patient without a password, audited', async () => {
    const body = patientBody();
    delete (body as { password?: string }).password;
    const response = await as(t, admin).post('/api/v1/patients', body);
    expect(response.statusCode).toBe(201);
    const audit = await t.app.inject({
      url: `/api/v1/audit?patient=${response.json().registerNumber}`,
      headers: bearer(admin),
    });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['patient.create']);
  });

  it('refuses signed-in patients and professionals (403): sign-up is for new people', async () => {
    const patient = await signUpPatient(t);
    expect((await as(t, patient.session).post('/api/v1/patients', patientBody())).statusCode).toBe(
      403,
    );
    const professional = await t.login(await t.createUser('professional'));
    expect((await as(t, professional).post('/api/v1/patients', patientBody())).statusCode).toBe(
      403,
    );
  });
});

describe('GET /patients (admin search)', () => {
  let target: Awaited<ReturnType<typeof signUpPatient>>;

  beforeAll(async () => {
    target = await signUpPatient(t, { name: 'Joaquim Conceição Brandão', cpf: '714.602.380-01' });
  });

  const search = async (q: string) => {
    const response = await t.app.inject({
      url: `/api/v1/patients?q=${encodeURIComponent(q)}`,
      headers: bearer(admin),
    });
    expect(response.statusCode).toBe(200);
    return response.json<{
      items: { registerNumber: string; cpf: string | null }[];
      total: number;
    }>();
  };

  it.each(['conceicao brandao', 'CONCEIÇÃO', 'Brandao', 'joaquim'])(
    'finds by name ignoring case and accents: %s',
    async (q) => {
      const found = await search(q);
      expect(found.items.map((p) => p.registerNumber)).toContain(target.registerNumber);
    },
  );

  it('finds by register number (case-sensitive), e-mail and CPF', async () => {
    expect((await search(target.registerNumber)).items.map((p) => p.registerNumber)).toEqual([
      target.registerNumber,
    ]);
    const swapped = target.registerNumber.replace(/[A-Za-z]/, (c) =>
      c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase(),
    );
    expect((await search(swapped)).items.map((p) => p.registerNumber)).not.toContain(
      target.registerNumber,
    );
    expect((await search(target.email)).items.map((p) => p.registerNumber)).toEqual([
      target.registerNumber,
    ]);
    const byCpf = await search('71460238001');
    expect(byCpf.items.map((p) => p.registerNumber)).toEqual([target.registerNumber]);
    expect(byCpf.items[0]!.cpf).toBe('***.602.380-**');
  });

  it('treats LIKE wildcards as text', async () => {
    expect((await search('%%%')).total).toBe(0);
    expect((await search('___')).total).toBe(0);
    const tooShort = await t.app.inject({ url: '/api/v1/patients?q=jo', headers: bearer(admin) });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors[0].field).toBe('query.q');
  });

  it('paginates with a total', async () => {
    for (let i = 0; i < 3; i++) await signUpPatient(t, { name: `Paginação Teste ${i}` });
    const page1 = await t.app.inject({
      url: '/api/v1/patients?q=paginacao&pageSize=2',
      headers: bearer(admin),
    });
    const page2 = await t.app.inject({
      url: '/api/v1/patients?q=paginacao&pageSize=2&page=2',
      headers: bearer(admin),
    });
    expect(page1.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.json().items).toHaveLength(2);
    expect(page2.json().items).toHaveLength(1);
    const beyond = await t.app.inject({
      url: '/api/v1/patients?q=paginacao&pageSize=2&page=5',
      headers: bearer(admin),
    });
    expect(beyond.json()).toMatchObject({ items: [], total: 3 });
    expect(
      (await t.app.inject({ url: '/api/v1/patients?pageSize=101', headers: bearer(admin) }))
        .statusCode,
    ).toBe(400);
  });
});

describe('a patient record', () => {
  it('is read and changed by the patient and by admins, never by another patient', async () => {
    const a = await signUpPatient(t);
    const b = await signUpPatient(t);
    const url = `/api/v1/patients/${a.registerNumber}`;
    expect((await t.app.inject({ url, headers: bearer(a.session) })).statusCode).toBe(200);
    expect((await t.app.inject({ url, headers: bearer(admin) })).statusCode).toBe(200);
    const byB = await t.app.inject({ url, headers: bearer(b.session) });
    expect(byB.statusCode).toBe(404);
    const patchByB = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer(b.session),
      payload: { name: 'Hacked' },
    });
    expect(patchByB.statusCode).toBe(404);
    const mine = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer(a.session),
      payload: { name: 'Ana Lima', address: { postCode: '01310-100', houseNumber: '9' } },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      name: 'Ana Lima',
      address: { state: 'SP', postCode: '01310-100' },
    });
  });

  it('shows in /auth/me with its register number', async () => {
    const a = await signUpPatient(t);
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(a.session) });
    expect(me.json()).toMatchObject({ role: 'patient', registerNumber: a.registerNumber });
    expect(me.json()).not.toHaveProperty('councilNumber');
  });

  it('never changes protected fields through PATCH', async () => {
    const a = await signUpPatient(t);
    const url = `/api/v1/patients/${a.registerNumber}`;
    for (const payload of [
      { role: 'admin' },
      { registerNumber: 'AAAAAA-1' },
      { emailVerified: true },
      { active: false },
      { isAdmin: true },
      { user: { is_admin: true } },
    ]) {
      const response = await t.app.inject({
        method: 'PATCH',
        url,
        headers: bearer(a.session),
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(a.session) });
    expect(me.json().role).toBe('patient');
    expect(
      (await t.app.inject({ url: '/api/v1/admins', headers: bearer(a.session) })).statusCode,
    ).toBe(403);
  });

  it('resets e-mail verification when the e-mail changes, and clears the CPF with null', async () => {
    const a = await signUpPatient(t, { cpf: '390.533.447-05' });
    await t.database.sql`update users set email_verified_at = now() where id = ${a.userId}`;
    const url = `/api/v1/patients/${a.registerNumber}`;
    const changed = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer(admin),
      payload: { email: 'New.Address@Example.com', cpf: null },
    });
    expect(changed.json()).toMatchObject({
      email: 'new.address@example.com',
      emailVerified: false,
      cpf: null,
    });
  });

  it('deactivation stops sign-in and hides the patient from lists, keeping the record', async () => {
    const a = await signUpPatient(t, { name: 'Desativada Silva' });
    const url = `/api/v1/patients/${a.registerNumber}`;
    expect(
      (await t.app.inject({ method: 'DELETE', url, headers: bearer(a.session) })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url, headers: bearer(admin) })).statusCode).toBe(
      204,
    );
    expect(
      (await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(a.session) })).statusCode,
    ).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.email, password: a.password },
    });
    expect(login.statusCode).toBe(401);
    const list = await t.app.inject({
      url: '/api/v1/patients?q=desativada',
      headers: bearer(admin),
    });
    expect(list.json().total).toBe(0);
    const record = await t.app.inject({ url, headers: bearer(admin) });
    expect(record.json()).toMatchObject({ active: false, name: 'Desativada Silva' });
  });

  it('an admin reactivates a deactivated patient: found again, signs in again, audited', async () => {
    const a = await signUpPatient(t, { name: 'Volta Pereira' });
    const url = `/api/v1/patients/${a.registerNumber}`;
    await t.app.inject({ method: 'DELETE', url, headers: bearer(admin) });
    // The desk finds deactivated patients to bring them back.
    const hidden = await t.app.inject({
      url: '/api/v1/patients?q=volta&active=false',
      headers: bearer(admin),
    });
    expect(hidden.json().items.map((p: { registerNumber: string }) => p.registerNumber)).toEqual([
      a.registerNumber,
    ]);
    const signUpAgain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      payload: patientBody({ email: a.email }),
    });
    expect(signUpAgain.statusCode).toBe(409);

    const back = await t.app.inject({
      method: 'POST',
      url: `${url}/reactivate`,
      headers: bearer(admin),
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ active: true, name: 'Volta Pereira' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: a.email, password: a.password },
    });
    expect(login.statusCode).toBe(200);
    const listed = await t.app.inject({ url: '/api/v1/patients?q=volta', headers: bearer(admin) });
    expect(listed.json().total).toBe(1);
    const [entry] = await t.database.sql<{ action: string }[]>`
      select action from audit_log
      where patient_user_id = ${a.userId} and action = 'patient.reactivate'`;
    expect(entry).toBeDefined();
    const again = await t.app.inject({
      method: 'POST',
      url: `${url}/reactivate`,
      headers: bearer(admin),
    });
    expect(again.statusCode).toBe(409);
  });

  it('professionals read the profile of the patients in their care, and only theirs', async () => {
    const a = await signUpPatient(t, { name: 'Cuidada Alves' });
    const mine = await registerProfessional(t, admin);
    const other = await registerProfessional(t, admin);
    await t.database.sql`
      insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at)
      values (${a.userId}, ${mine.userId}, now() + interval '2 days',
        now() + interval '2 days 30 min')`;
    const url = `/api/v1/patients/${a.registerNumber}`;
    const read = await t.app.inject({ url, headers: bearer(mine.session) });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ registerNumber: a.registerNumber, name: 'Cuidada Alves' });
    expect((await t.app.inject({ url, headers: bearer(other.session) })).statusCode).toBe(403);
    // Reading it is on the patient's audit log, like any access by someone else.
    const [entry] = await t.database.sql<{ actor_user_id: string }[]>`
      select actor_user_id from audit_log
      where patient_user_id = ${a.userId} and action = 'patient.read'`;
    expect(entry?.actor_user_id).toBe(mine.userId);
  });

  it('writes every instant in the clinic’s offset, as appointments do', async () => {
    const a = await signUpPatient(t);
    const profile = await t.app.inject({
      url: `/api/v1/patients/${a.registerNumber}`,
      headers: bearer(admin),
    });
    expect(profile.json().createdAt).toMatch(/T\d{2}:\d{2}:\d{2}(\.\d+)?-03:00$/);
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(a.session) });
    expect(me.json().createdAt).toMatch(/-03:00$/);
    const admins = await t.app.inject({ url: '/api/v1/admins', headers: bearer(admin) });
    expect(admins.json().items[0].createdAt).toMatch(/-03:00$/);
    const audit = await t.app.inject({ url: '/api/v1/audit', headers: bearer(admin) });
    expect(audit.json().items[0].at).toMatch(/-03:00$/);
  });

  it('is 404 for an unknown register number and 400 for a malformed one', async () => {
    expect(
      (await t.app.inject({ url: '/api/v1/patients/ZZZZZZ-9', headers: bearer(admin) })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ url: '/api/v1/patients/not-a-number', headers: bearer(admin) }))
        .statusCode,
    ).toBe(400);
  });
});
