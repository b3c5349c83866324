import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { noCepLookup } from '../../src/modules/people/cep-lookup.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';

// ---------------------------------------------------------------------------------------------
// A stand-in for ViaCEP on a loopback port: known CEPs, an unknown one (200 with erro: true, as
// ViaCEP answers), one that takes 5 s, one that fails with a 500 and one that drops the socket.

const CENTRO_RIO = '20031170';
const PAULISTA = '01310100';
const SLOW = '20040020';
const BROKEN = '20050000';
const DROPPED = '20060000';
const UNKNOWN_TO_SERVICE = '20999999';
const SLOW_DELAY_MS = 5000;

const answers: Record<string, object> = {
  [CENTRO_RIO]: {
    cep: '20031-170',
    logradouro: 'Avenida Rio Branco',
    bairro: 'Centro',
    localidade: 'Rio de Janeiro',
    uf: 'RJ',
  },
  [PAULISTA]: {
    cep: '01310-100',
    logradouro: 'Avenida Paulista',
    bairro: 'Bela Vista',
    localidade: 'São Paulo',
    uf: 'SP',
  },
};

interface FakeViaCep {
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

async function startFakeViaCep(): Promise<FakeViaCep> {
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const json = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    const cep = /^\/ws\/(\d{8})\/json\/$/.exec(url)?.[1];
    if (!cep) return json(400, { erro: true });
    if (cep === SLOW) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) json(200, { ...answers[CENTRO_RIO], logradouro: 'Rua Lenta' });
      }, SLOW_DELAY_MS);
      timers.add(timer);
      return;
    }
    if (cep === BROKEN) return json(500, { message: 'internal error' });
    if (cep === DROPPED) return void request.socket.destroy();
    const known = answers[cep];
    return json(200, known ?? { erro: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ws/{cep}/json/`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

const lookupPath = (cep: string) => `/ws/${cep}/json/`;

// ---------------------------------------------------------------------------------------------

let emailCounter = 0;
const uniqueEmail = (label: string) => `${label}.${++emailCounter}.${Date.now()}@example.com`;

function signUp(t: TestApp, address: Record<string, string>, email = uniqueEmail('patient')) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    payload: {
      name: 'Paula Pereira',
      email,
      password: 'secret-patient-pass',
      phone: '(21) 98765-4321',
      birthDate: '1990-05-17',
      gender: 'female',
      address,
    },
  });
}

async function userCount(t: TestApp): Promise<number> {
  const [row] = await t.database.sql<{ count: number }[]>`select count(*)::int as count from users`;
  return row!.count;
}

function expectFieldError(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  field: string,
) {
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect((response.json() as { errors: unknown[] }).errors).toContainEqual(
    expect.objectContaining({ field }),
  );
}

describe('addresses with a CEP service', () => {
  let viaCep: FakeViaCep;
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    viaCep = await startFakeViaCep();
    // Generous, so a busy machine never times out the prompt answers; the slow one takes 5 s.
    t = await createTestApp({ CEP_LOOKUP_URL: viaCep.url, CEP_LOOKUP_TIMEOUT_MS: '1500' });
    admin = await t.login(await t.createUser('admin'));
  });
  afterAll(async () => {
    await t?.close();
    await viaCep?.close();
  });

  describe('sign-up', () => {
    it('fills street, district and city from the service, and the state from the CEP', async () => {
      const before = viaCep.requests.length;

      const response = await signUp(t, { postCode: '20031-170', houseNumber: ' 100 ' });

      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().address).toEqual({
        postCode: '20031-170',
        street: 'Avenida Rio Branco',
        houseNumber: '100',
        complement: null,
        district: 'Centro',
        city: 'Rio de Janeiro',
        state: 'RJ',
      });
      expect(viaCep.requests.slice(before)).toEqual([lookupPath(CENTRO_RIO)]);
      // Stored as 8 digits, shown formatted.
      const [row] = await t.database.sql<{ post_code: string; state: string }[]>`
        select post_code, state from patients
        where register_number = ${response.json().registerNumber as string}`;
      expect(row).toEqual({ post_code: CENTRO_RIO, state: 'RJ' });
    });

    it('keeps what the user typed over what the service says', async () => {
      const response = await signUp(t, {
        postCode: '20031170',
        houseNumber: '12',
        street: ' Rua do Ouvidor ',
        complement: 'sala 301',
        state: 'rj',
      });

      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().address).toEqual({
        postCode: '20031-170',
        street: 'Rua do Ouvidor',
        houseNumber: '12',
        complement: 'sala 301',
        district: 'Centro',
        city: 'Rio de Janeiro',
        state: 'RJ',
      });
    });

    it('does not ask the service when street, district and city are all typed', async () => {
      const before = viaCep.requests.length;

      const response = await signUp(t, {
        postCode: '20031-170',
        houseNumber: '7',
        street: 'Rua da Assembleia',
        district: 'Centro Histórico',
        city: 'Rio',
      });

      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().address).toMatchObject({
        street: 'Rua da Assembleia',
        district: 'Centro Histórico',
        city: 'Rio',
        state: 'RJ',
      });
      expect(viaCep.requests.length).toBe(before);
    });

    it.each([
      { name: 'does not know the CEP (erro: true)', cep: UNKNOWN_TO_SERVICE, logged: false },
      // Whether a 500 is logged is left open (see the report): only the outcome is pinned.
      { name: 'answers 500', cep: BROKEN, logged: undefined },
      { name: 'drops the connection', cep: DROPPED, logged: true },
    ])(
      'derives the state and keeps the typed fields when the service $name',
      async ({ cep, logged }) => {
        const before = viaCep.requests.length;
        const logsBefore = t.logs.length;

        const response = await signUp(t, {
          postCode: `${cep.slice(0, 5)}-${cep.slice(5)}`,
          houseNumber: '5',
          district: 'Saúde',
        });

        expect(response.statusCode, response.body).toBe(201);
        expect(response.json().address).toEqual({
          postCode: `${cep.slice(0, 5)}-${cep.slice(5)}`,
          street: null,
          houseNumber: '5',
          complement: null,
          district: 'Saúde',
          city: null,
          state: 'RJ',
        });
        // The service was asked: the fallback, not a skipped lookup, is what is being tested.
        expect(viaCep.requests.slice(before)).toEqual([lookupPath(cep)]);
        const warned = t.logs.slice(logsBefore).some((line) => line.includes('CEP lookup failed'));
        if (logged !== undefined) expect(warned).toBe(logged);
      },
    );

    it('gives up on a slow service after its timeout, keeping the state', async () => {
      const before = viaCep.requests.length;
      const logsBefore = t.logs.length;
      const started = performance.now();

      const response = await signUp(t, { postCode: '20040-020', houseNumber: '9' });

      const elapsed = performance.now() - started;
      expect(response.statusCode, response.body).toBe(201);
      expect(elapsed).toBeLessThan(SLOW_DELAY_MS);
      expect(response.json().address).toMatchObject({
        postCode: '20040-020',
        street: null,
        district: null,
        city: null,
        state: 'RJ',
      });
      expect(viaCep.requests.slice(before)).toEqual([lookupPath(SLOW)]);
      expect(t.logs.slice(logsBefore).some((line) => line.includes('CEP lookup failed'))).toBe(
        true,
      );
    });

    describe('rejected addresses leave no account behind', () => {
      let usersBefore: number;
      beforeAll(async () => {
        usersBefore = await userCount(t);
      });

      it('a state that contradicts the CEP is a 400 on address.state', async () => {
        const email = uniqueEmail('wrong-state');
        const response = await signUp(
          t,
          { postCode: '20031-170', houseNumber: '1', state: 'SP' },
          email,
        );
        expectFieldError(response, 'address.state');
        expect(response.json().errors[0].message).toMatch(/RJ/);
        expect(await userCount(t)).toBe(usersBefore);
        const [row] = await t.database.sql`select 1 from users where email = ${email}`;
        expect(row).toBeUndefined();
      });

      it('a CEP outside every state is a 400 on address.postCode, without asking the service', async () => {
        const before = viaCep.requests.length;
        const response = await signUp(t, { postCode: '00000-000', houseNumber: '1' });
        expectFieldError(response, 'address.postCode');
        expect(viaCep.requests.length).toBe(before);
        expect(await userCount(t)).toBe(usersBefore);
      });

      it.each(['2003-170', '20031-1700', 'abcde-fgh', '20031 170'])(
        'a malformed CEP (%s) is a 400 naming address.postCode',
        async (postCode) => {
          const before = viaCep.requests.length;
          const response = await signUp(t, { postCode, houseNumber: '1' });
          expectFieldError(response, 'address.postCode');
          expect(viaCep.requests.length).toBe(before);
          expect(await userCount(t)).toBe(usersBefore);
        },
      );
    });
  });

  describe('GET /addresses/:postCode', () => {
    it('needs no sign-in and gives the state and what the service knows', async () => {
      for (const postCode of ['20031-170', CENTRO_RIO]) {
        const response = await t.app.inject({ url: `/api/v1/addresses/${postCode}` });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toEqual({
          postCode: '20031-170',
          state: 'RJ',
          street: 'Avenida Rio Branco',
          district: 'Centro',
          city: 'Rio de Janeiro',
        });
      }
    });

    it('gives the state alone when the service does not know the CEP', async () => {
      const response = await t.app.inject({ url: '/api/v1/addresses/20999-999' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        postCode: '20999-999',
        state: 'RJ',
        street: null,
        district: null,
        city: null,
      });
    });

    it('is a 404 problem for a CEP outside every state, without asking the service', async () => {
      const before = viaCep.requests.length;
      const response = await t.app.inject({ url: '/api/v1/addresses/00000000' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(viaCep.requests.length).toBe(before);
    });

    it('is a 400 problem for something that is not a CEP', async () => {
      const response = await t.app.inject({ url: '/api/v1/addresses/abc' });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors).toContainEqual(
        expect.objectContaining({ field: 'path.postCode' }),
      );
    });
  });

  describe('a professional moving to another state', () => {
    const registerProfessional = (email: string, digits = '1234') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/professionals',
        headers: bearer(admin),
        payload: {
          name: 'Dra. Helena Duarte',
          email,
          password: 'secret-professional-pass',
          phone: '(21) 98765-4321',
          specialty: 'Cardiologia',
          councilNumber: digits,
          address: { postCode: '20031-170', houseNumber: '1' },
        },
      });
    const patchAddress = (councilNumber: string, address: Record<string, string>) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/professionals/${councilNumber}`,
        headers: bearer(admin),
        payload: { address },
      });

    it('changes the council number’s state, keeping the old number as an alias', async () => {
      const email = uniqueEmail('helena');
      const created = await registerProfessional(email);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        councilNumber: '1234-RJ',
        address: { state: 'RJ', street: 'Avenida Rio Branco' },
      });

      const moved = await patchAddress('1234-RJ', { postCode: '01310-100', houseNumber: '1578' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({
        councilNumber: '1234-SP',
        email,
        address: {
          postCode: '01310-100',
          street: 'Avenida Paulista',
          houseNumber: '1578',
          district: 'Bela Vista',
          city: 'São Paulo',
          state: 'SP',
        },
      });

      // The old number, in any case, still finds her, under the new number.
      const viaOld = await t.app.inject({
        url: '/api/v1/professionals/1234-rj',
        headers: bearer(admin),
      });
      expect(viaOld.statusCode, viaOld.body).toBe(200);
      expect(viaOld.json()).toMatchObject({ councilNumber: '1234-SP', email });

      // Nobody else may take the old number.
      const usersBefore = await userCount(t);
      const taken = await registerProfessional(uniqueEmail('other'));
      expect(taken.statusCode, taken.body).toBe(409);
      expect(taken.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(taken.json().errors).toEqual([expect.objectContaining({ field: 'councilNumber' })]);
      expect(await userCount(t)).toBe(usersBefore);

      // Moving back restores the old number; the SP one now points at her too.
      const back = await patchAddress('1234-SP', { postCode: '20031-170', houseNumber: '2' });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ councilNumber: '1234-RJ', address: { state: 'RJ' } });
      const viaSp = await t.app.inject({
        url: '/api/v1/professionals/1234-SP',
        headers: bearer(admin),
      });
      expect(viaSp.json()).toMatchObject({ councilNumber: '1234-RJ', email });
      const numbers = await t.database.sql<{ number: string }[]>`
        select number from council_numbers where number like '1234-%' order by number`;
      expect(numbers.map((row) => row.number)).toEqual(['1234-RJ', '1234-SP']);
    });

    it('a state that contradicts the new CEP is a 400 and changes nothing', async () => {
      const created = await registerProfessional(uniqueEmail('ivo'), '7777');
      expect(created.statusCode, created.body).toBe(201);

      const response = await patchAddress('7777-RJ', {
        postCode: '01310-100',
        houseNumber: '1',
        state: 'RJ',
      });

      expectFieldError(response, 'address.state');
      const still = await t.app.inject({
        url: '/api/v1/professionals/7777-RJ',
        headers: bearer(admin),
      });
      expect(still.json()).toMatchObject({ councilNumber: '7777-RJ', address: { state: 'RJ' } });
      const [row] = await t.database.sql`select 1 from council_numbers where number = '7777-SP'`;
      expect(row).toBeUndefined();
    });
  });
});

describe('addresses without a CEP service', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('fetches nothing and still derives the state', async () => {
    expect(t.config.cepLookup.url).toBeUndefined();
    expect(t.services.cepLookup).toBe(noCepLookup);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const response = await signUp(t, { postCode: '01310-100', houseNumber: '1000' });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().address).toEqual({
        postCode: '01310-100',
        street: null,
        houseNumber: '1000',
        complement: null,
        district: null,
        city: null,
        state: 'SP',
      });

      const lookup = await t.app.inject({ url: '/api/v1/addresses/20031-170' });
      expect(lookup.statusCode).toBe(200);
      expect(lookup.json()).toEqual({
        postCode: '20031-170',
        state: 'RJ',
        street: null,
        district: null,
        city: null,
      });

      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
