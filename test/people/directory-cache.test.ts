import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIRECTORY_CHANNEL } from '../../src/modules/people/professional-directory.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional } from '../helpers/people.js';

// Two app instances on one database, as behind a load balancer: each keeps the professionals
// in memory, and must show a change made anywhere.
let a: TestApp;
let b: TestApp;
let adminA: Session;
let adminB: Session;
/** Who reads the directory: a patient, signed in on both instances. */
const reader = new Map<TestApp, Session>();

beforeAll(async () => {
  a = await createTestApp();
  b = await createTestApp({}, a);
  for (const instance of [a, b]) {
    // Resolves once the instance listens on the channel its directory follows.
    await instance.services.changeFeed.subscribe(DIRECTORY_CHANNEL, () => {});
  }
  const admin = await a.createUser('admin');
  adminA = await a.login(admin);
  adminB = await b.login(admin);
  const patient = await a.createUser('patient');
  for (const instance of [a, b]) reader.set(instance, await instance.login(patient));
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

let specialtyCounter = 0;
/** A specialty of its own per test, so that lists do not mix. */
const newSpecialty = () => `Especialidade ${++specialtyCounter} ${Date.now()}`;

async function namesOfSpecialty(instance: TestApp, specialty: string): Promise<string[]> {
  const response = await instance.app.inject({
    url: `/api/v1/professionals?specialty=${encodeURIComponent(specialty)}`,
    headers: bearer(reader.get(instance)!),
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: { name: string }[] }>().items.map((item) => item.name);
}

async function nameOf(instance: TestApp, councilNumber: string): Promise<string> {
  const response = await instance.app.inject({
    url: `/api/v1/professionals/${councilNumber}`,
    headers: bearer(reader.get(instance)!),
  });
  expect(response.statusCode).toBe(200);
  return response.json<{ name: string }>().name;
}

const patchProfessional = (instance: TestApp, admin: Session, cn: string, payload: object) =>
  instance.app.inject({
    method: 'PATCH',
    url: `/api/v1/professionals/${cn}`,
    headers: bearer(admin),
    payload,
  });

const soon = (assertion: () => Promise<void>) =>
  vi.waitFor(assertion, { timeout: 5_000, interval: 20 });

describe('the professionals kept in memory', () => {
  it('answers from memory: a change no notification reports is not seen', async () => {
    const specialty = newSpecialty();
    const { councilNumber, userId } = await registerProfessional(a, adminA, {
      specialty,
      name: 'Dra. Antes',
    });
    expect(await namesOfSpecialty(b, specialty)).toEqual(['Dra. Antes']);

    await a.database.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`; // no triggers, no notification
      await tx`update users set name = 'Dra. Depois' where id = ${userId}`;
    });

    expect(await namesOfSpecialty(b, specialty)).toEqual(['Dra. Antes']);
    expect(await nameOf(b, councilNumber)).toBe('Dra. Antes');
    // A change that notifies brings the directory up to date, the earlier change included.
    await a.database.sql`update professionals set bio = 'Nova bio' where user_id = ${userId}`;
    await soon(async () => expect(await nameOf(b, councilNumber)).toBe('Dra. Depois'));
  });

  it('shows a change made on this instance in the very next request', async () => {
    const specialty = newSpecialty();
    const { councilNumber } = await registerProfessional(a, adminA, { specialty });
    for (let round = 1; round <= 20; round += 1) {
      expect(await namesOfSpecialty(a, specialty)).toHaveLength(1);
      const name = `Dr. Rodada ${round}`;
      expect((await patchProfessional(a, adminA, councilNumber, { name })).statusCode).toBe(200);
      expect(await namesOfSpecialty(a, specialty)).toEqual([name]);
      expect(await nameOf(a, councilNumber)).toBe(name);
    }
  });

  it('shows a registration, a change and a deactivation made on another instance', async () => {
    const specialty = newSpecialty();
    expect(await namesOfSpecialty(b, specialty)).toEqual([]);

    const { councilNumber } = await registerProfessional(a, adminA, {
      specialty,
      name: 'Dr. Novo',
    });
    await soon(async () => expect(await namesOfSpecialty(b, specialty)).toEqual(['Dr. Novo']));

    await patchProfessional(a, adminA, councilNumber, { name: 'Dr. Renomeado' });
    await soon(async () => expect(await namesOfSpecialty(b, specialty)).toEqual(['Dr. Renomeado']));

    const deactivated = await a.app.inject({
      method: 'DELETE',
      url: `/api/v1/professionals/${councilNumber}`,
      headers: bearer(adminA),
    });
    expect(deactivated.statusCode).toBe(204);
    await soon(async () => expect(await namesOfSpecialty(b, specialty)).toEqual([]));
  });

  it('shows a professional’s own change of name on this instance at once', async () => {
    const specialty = newSpecialty();
    const professional = await registerProfessional(b, adminB, { specialty });
    expect(await namesOfSpecialty(b, specialty)).toHaveLength(1);

    const changed = await b.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: bearer(professional.session),
      payload: { name: 'Dra. Eu Mesma' },
    });
    expect(changed.statusCode).toBe(200);

    expect(await namesOfSpecialty(b, specialty)).toEqual(['Dra. Eu Mesma']);
    await soon(async () => expect(await namesOfSpecialty(a, specialty)).toEqual(['Dra. Eu Mesma']));
  });

  it('orders a specialty by name and pages it with the right total', async () => {
    const specialty = newSpecialty();
    for (const name of ['Carlos Lima', 'Ana Souza', 'Bruno Reis']) {
      await registerProfessional(a, adminA, { specialty, name });
    }
    const page = await b.app.inject({
      url: `/api/v1/professionals?specialty=${encodeURIComponent(specialty.toUpperCase())}&page=2&pageSize=2`,
      headers: bearer(reader.get(b)!),
    });
    expect(page.json()).toMatchObject({
      items: [{ name: 'Carlos Lima' }],
      total: 3,
      page: 2,
      pageSize: 2,
    });
    expect(await namesOfSpecialty(b, specialty)).toEqual([
      'Ana Souza',
      'Bruno Reis',
      'Carlos Lima',
    ]);
  });
});
