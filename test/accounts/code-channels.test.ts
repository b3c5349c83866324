import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { as } from '../helpers/requests.js';
import { startCodeProviders, type CodeProviders } from './code-providers.js';

/** One-time codes go only where a provider can deliver them. */

let providers: CodeProviders;
const apps: TestApp[] = [];

beforeAll(async () => {
  providers = await startCodeProviders();
});
afterAll(async () => {
  // Instances sharing a database first, its owner last.
  for (const app of apps.reverse()) await app.close();
  await providers?.close();
});

async function app(env: Record<string, string>, sharing?: TestApp): Promise<TestApp> {
  const created = await createTestApp(env, sharing);
  apps.push(created);
  return created;
}

/** A patient with a phone, signed in, with WhatsApp chosen (and so opted in) or not. */
async function patientWithPhone(t: TestApp, whatsapp: boolean) {
  const user = await t.createUser('patient');
  const session = await t.login(user);
  const response = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/auth/me',
    headers: bearer(session),
    payload: { phone: '+55 21 98765-4321', notify: { whatsapp } },
  });
  expect(response.statusCode, response.body).toBe(200);
  return { user, session };
}

const codesOf = (t: TestApp, userId: string) =>
  t.database.sql<{ channel: string }[]>`
    select payload->>'channel' as channel from outbox
    where type like 'code.%' and payload->>'userId' = ${userId} order by id`;

const issuedFor = (t: TestApp, userId: string) =>
  t.database.sql`select 1 from one_time_codes where user_id = ${userId}`;

function expectUnavailable(response: LightMyRequestResponse, detail: RegExp) {
  expect(response.statusCode, response.body).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    type: 'urn:clinicdesk:problem:unavailable',
    status: 503,
    detail: expect.stringMatching(detail),
  });
}

describe('phone codes', () => {
  it('go by SMS when WhatsApp is chosen but has no provider, and reach the SMS provider', async () => {
    const t = await app(providers.env({ whatsapp: false }));
    const { user, session } = await patientWithPhone(t, true);
    expect((await as(t, session).post('/api/v1/auth/verify/phone')).statusCode).toBe(202);
    expect(await codesOf(t, user.id)).toEqual([{ channel: 'sms' }]);

    const before = providers.twilio.accepted.length;
    await t.services.notificationWorker.drain();
    const sent = providers.twilio.accepted.slice(before);
    expect(sent.map((request) => request.form.To)).toEqual(['+5521987654321']);
  });

  it('go by WhatsApp when chosen and it has a provider', async () => {
    const t = await app(providers.env({ sms: false }));
    const { user, session } = await patientWithPhone(t, true);
    expect((await as(t, session).post('/api/v1/auth/verify/phone')).statusCode).toBe(202);
    expect(await codesOf(t, user.id)).toEqual([{ channel: 'whatsapp' }]);
  });

  it('answer 503 without any phone provider, issuing nothing and counting nothing', async () => {
    const t = await app(providers.env({ sms: false, whatsapp: false }));
    const { user, session } = await patientWithPhone(t, true);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expectUnavailable(
        await as(t, session).post('/api/v1/auth/verify/phone'),
        /^Phone codes cannot be sent: this clinic has no SMS or WhatsApp provider configured/,
      );
    }
    expect(await codesOf(t, user.id)).toEqual([]);
    expect(await issuedFor(t, user.id)).toEqual([]);

    // The send limit (3 per 10 minutes) is untouched: an instance with SMS sends all three.
    const withSms = await app(providers.env({ whatsapp: false }), t);
    const again = await withSms.login(user);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await as(withSms, again).post('/api/v1/auth/verify/phone')).statusCode).toBe(202);
    }
    expect(await codesOf(t, user.id)).toHaveLength(3);
  });

  it('answer 503 pointing to WhatsApp when only WhatsApp has a provider and it was not chosen', async () => {
    const t = await app(providers.env({ sms: false }));
    const { user, session } = await patientWithPhone(t, false);
    expectUnavailable(
      await as(t, session).post('/api/v1/auth/verify/phone'),
      /no SMS provider.*WhatsApp/,
    );
    expect(await issuedFor(t, user.id)).toEqual([]);
  });
});

describe('e-mail codes without an e-mail provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await app(providers.env({ email: false }));
  });

  it('answer 503 to a verification request, issuing nothing', async () => {
    const user = await t.createUser('patient');
    const response = await as(t, await t.login(user)).post('/api/v1/auth/verify/email');
    expectUnavailable(response, /^E-mail codes cannot be sent: .*no e-mail provider configured/);
    expect(await codesOf(t, user.id)).toEqual([]);
    expect(await issuedFor(t, user.id)).toEqual([]);
  });

  it('answer 503 to a forgotten password alike for every address, revealing nothing', async () => {
    const user = await t.createUser('patient');
    const known = await as(t).post('/api/v1/auth/password/forgot', { email: user.email });
    const unknown = await as(t).post('/api/v1/auth/password/forgot', {
      email: 'nobody.here@example.com',
    });
    expectUnavailable(known, /no e-mail provider configured/);
    const strip = (response: LightMyRequestResponse) => ({
      ...response.json(),
      requestId: undefined,
    });
    expect(strip(unknown)).toEqual(strip(known));
    expect(await issuedFor(t, user.id)).toEqual([]);
    expect(await t.database.sql`select 1 from outbox where type like 'code.%'`).toEqual([]);
  });
});
