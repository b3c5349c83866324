import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodeProviders, type CodeProviders } from '../accounts/code-providers.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';
import { recordProof, stopwatch } from '../helpers/proof-counts.js';

/**
 * Bad input derived from the app's own OpenAPI document, for every operation it lists: a NUL
 * character in every text field, query and path parameter; dates far beyond any calendar;
 * unroutable and oversized paths; broken multipart bodies. Each must be a 4xx problem document
 * that repeats nothing the caller sent, and change nothing in the data. Then hostile variants
 * that fast-check draws from each operation's schema (wrong types, odd text, broken JSON, huge
 * and deeply nested values), sent to every operation as every caller: never a 5xx, every 4xx a
 * problem document, and no refused request changes the data.
 */

interface Schema {
  type?: string | string[];
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  $ref?: string;
}
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Endpoint {
  method: string;
  path: string;
  operation: Operation;
}

const MARKER = 'zq9marker';
const NUL_TEXT = `${MARKER}\u0000x`;

let t: TestApp;
/** Providers for every channel: a route that sends a code must not answer 503 for want of one. */
let providers: CodeProviders;
let callers: { name: string; session?: Session; userId?: string }[];
let knownIds: Record<string, string>;
/** A lab report to upload to: its route reads the body only once the report is found. */
let labReportId: string;
let endpoints: Endpoint[];
let digestBefore: string;

beforeAll(async () => {
  providers = await startCodeProviders();
  t = await createTestApp(providers.env());
  const adminUser = await t.createUser('admin');
  const admin = await t.login(adminUser);
  const professional = await registerProfessional(t, admin);
  const patient = await signUpPatient(t);
  callers = [
    { name: 'anonymous' },
    { name: 'admin', session: admin, userId: adminUser.id },
    { name: 'professional', session: professional.session, userId: professional.userId },
    { name: 'patient', session: patient.session, userId: patient.userId },
  ];
  knownIds = {
    registerNumber: patient.registerNumber,
    councilNumber: professional.councilNumber,
  };
  const report = await t.app.inject({
    method: 'POST',
    url: `/api/v1/patients/${patient.registerNumber}/lab-reports`,
    headers: bearer(admin),
    payload: { lab: 'Lab Central', exam: 'TSH' },
  });
  labReportId = report.json<{ id: string }>().id;
  const document = (await t.app.inject({ url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, Operation>>;
  }>();
  endpoints = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
  digestBefore = await dataDigest();
});
afterAll(async () => {
  recordProof({
    proof: 'fuzz: every operation as every role',
    requests: sent.requests,
    serverErrors: sent.serverErrors,
    lost: sent.written,
    doubled: 0,
    notes:
      `${endpoints.length} operations × ${callers.length} callers, seed ${SEED}, ` +
      `${sent.refused} refused; lost = refused requests that changed the data`,
    seconds: elapsed(),
  });
  await t?.close();
  await providers?.close();
});

const elapsed = stopwatch();
/** What the file sent: every request, its 5xx answers, and refusals that wrote anyway. */
const sent = { requests: 0, serverErrors: 0, refused: 0, written: 0 };
const SEED = Number(process.env.FUZZ_SEED ?? 16_06);

function counted(response: LightMyRequestResponse): LightMyRequestResponse {
  sent.requests += 1;
  if (response.statusCode >= 500) sent.serverErrors += 1;
  return response;
}

/**
 * A change marker of the data: every table's rows, digested, apart from what any request writes
 * (the session it was made with, rate limits). Unlike a row count it sees an update too.
 */
let digestQuery: string | undefined;
async function dataDigest(): Promise<string> {
  if (!digestQuery) {
    const tables = await t.database.sql<{ name: string }[]>`
      select quote_ident(table_name) as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
        and table_name not in ('rate_limits', 'sessions', '__drizzle_migrations')
      order by table_name`;
    digestQuery = `select ${tables
      .map(
        ({ name }) =>
          `'${name.replaceAll("'", "''")}=' || (select count(*) || ':' || ` +
          `coalesce(md5(string_agg(x::text, ',' order by x::text)), '') from ${name} x)`,
      )
      .join(" || ' ' || ")} as digest`;
  }
  const [row] = await t.database.sql.unsafe<{ digest: string }[]>(digestQuery);
  return row!.digest;
}

function pathFor(endpoint: Endpoint, overrides: Record<string, string> = {}): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
    encodeURIComponent(
      overrides[name] ??
        knownIds[name] ??
        (name === 'code' ? 'ABCD-EFGH' : '6f1c2a5e-4b7d-4c1e-9a3b-2d8e7f6a5b4c'),
    ),
  );
}

function parameters(endpoint: Endpoint, where: Parameter['in']): Parameter[] {
  return (endpoint.operation.parameters ?? []).filter((parameter) => parameter.in === where);
}

function jsonBodySchema(endpoint: Endpoint): Schema | undefined {
  return endpoint.operation.requestBody?.content?.['application/json']?.schema;
}

const isText = (schema: Schema | undefined) =>
  schema?.type === 'string' || (schema?.anyOf ?? []).some((option) => option.type === 'string');
const isDate = (schema: Schema | undefined): boolean =>
  schema?.format === 'date' ||
  schema?.format === 'date-time' ||
  (schema?.anyOf ?? []).some((option) => isDate(option));

/** Every text field of a body schema as a dotted path, nested objects included. */
function textFields(schema: Schema | undefined, prefix = ''): string[] {
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).flatMap(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    if (property.properties) return textFields(property, path);
    return isText(property) ? [path] : [];
  });
}

function dateFields(schema: Schema | undefined): string[] {
  return Object.entries(schema?.properties ?? {})
    .filter(([, property]) => isDate(property))
    .map(([name]) => name);
}

function bodyWith(path: string, value: unknown): Record<string, unknown> {
  const names = path.split('.');
  const body: Record<string, unknown> = {};
  let current = body;
  for (const name of names.slice(0, -1)) {
    const next: Record<string, unknown> = {};
    current[name] = next;
    current = next;
  }
  current[names.at(-1)!] = value;
  return body;
}

async function send(
  endpoint: Endpoint,
  caller: (typeof callers)[number],
  request: { url?: string; query?: string; payload?: unknown; headers?: Record<string, string> },
): Promise<LightMyRequestResponse> {
  const url = `${request.url ?? pathFor(endpoint)}${request.query ? `?${request.query}` : ''}`;
  return counted(
    await t.app.inject({
      method: endpoint.method as 'GET',
      url,
      headers: { ...(caller.session ? bearer(caller.session) : {}), ...request.headers },
      ...(request.payload !== undefined && { payload: request.payload as object }),
    }),
  );
}

/** A 4xx problem document that quotes nothing the caller sent. */
function expectClientProblem(response: LightMyRequestResponse, context: string) {
  expect(response.statusCode, `${context}: ${response.body}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${context}: ${response.body}`).toBeLessThan(500);
  expect(response.headers['content-type'], context).toMatch(/^application\/problem\+json/);
  expect(response.body, context).not.toContain(MARKER);
}

/**
 * Sends the request as each caller in turn: the anonymous one and the roles answer 401 or 403
 * before validation where they may not call the route, so at least one must reach it (a 400).
 */
async function expectRefusedByValidation(
  endpoint: Endpoint,
  request: Parameters<typeof send>[2],
  field: string,
  status = 400,
) {
  const context = `${endpoint.method} ${endpoint.path} ${field}`;
  const statuses: number[] = [];
  for (const caller of callers) {
    const response = await send(endpoint, caller, request);
    expectClientProblem(response, `${context} as ${caller.name}`);
    expect([status, 401, 403], `${context} as ${caller.name}`).toContain(response.statusCode);
    statuses.push(response.statusCode);
    if (response.statusCode === 400 && status === 400) {
      const errors = response.json<{ errors?: { field: string }[] }>().errors ?? [];
      expect(
        errors.map((error) => error.field),
        context,
      ).toContain(field);
    }
  }
  return statuses;
}

describe('bad input from the OpenAPI document', () => {
  it('lists the operations to try', () => {
    expect(endpoints.length).toBeGreaterThan(60);
    expect(endpoints.filter((endpoint) => jsonBodySchema(endpoint)).length).toBeGreaterThan(20);
  });

  it('refuses a NUL character in every text field of every JSON body, naming the field', async () => {
    let tried = 0;
    const unreached: string[] = [];
    for (const endpoint of endpoints) {
      for (const field of textFields(jsonBodySchema(endpoint))) {
        tried += 1;
        const statuses = await expectRefusedByValidation(
          endpoint,
          { payload: bodyWith(field, NUL_TEXT) },
          field,
        );
        if (!statuses.includes(400)) unreached.push(`${endpoint.method} ${endpoint.path}`);
      }
    }
    expect(tried).toBeGreaterThan(80);
    expect(unreached).toEqual([]);
  });

  it('refuses a NUL character in every query and path parameter, naming it', async () => {
    let tried = 0;
    for (const endpoint of endpoints) {
      for (const parameter of parameters(endpoint, 'query')) {
        tried += 1;
        await expectRefusedByValidation(
          endpoint,
          { query: `${parameter.name}=${encodeURIComponent(NUL_TEXT)}` },
          `query.${parameter.name}`,
        );
      }
      for (const parameter of parameters(endpoint, 'path')) {
        tried += 1;
        await expectRefusedByValidation(
          endpoint,
          { url: pathFor(endpoint, { [parameter.name]: NUL_TEXT }) },
          `path.${parameter.name}`,
        );
      }
    }
    expect(tried).toBeGreaterThan(60);
  });

  it('refuses dates beyond the accepted range in queries and bodies', async () => {
    let tried = 0;
    for (const endpoint of endpoints) {
      for (const parameter of parameters(endpoint, 'query').filter((p) => isDate(p.schema))) {
        tried += 1;
        const value = parameter.schema?.format === 'date' ? '9999-12-31' : '9999-12-31T10:00:00Z';
        await expectRefusedByValidation(
          endpoint,
          { query: `${parameter.name}=${value}` },
          `query.${parameter.name}`,
        );
      }
      const schema = jsonBodySchema(endpoint);
      for (const field of dateFields(schema)) {
        tried += 1;
        const format = schema!.properties![field]!.format ?? 'date-time';
        const value = format === 'date' ? '0001-01-01' : '9999-12-31T10:00:00-03:00';
        await expectRefusedByValidation(endpoint, { payload: bodyWith(field, value) }, field);
      }
    }
    // /slots, appointments, time off, the professional's day, audit, birth dates, bookings.
    expect(tried).toBeGreaterThan(10);
  });

  it('answers paths it cannot route with problem documents that quote nothing', async () => {
    for (const endpoint of endpoints.filter((e) => parameters(e, 'path').length)) {
      const name = parameters(endpoint, 'path')[0]!.name;
      const broken = endpoint.path.replace(`{${name}}`, `${MARKER}%zz`);
      const withParams = broken.replace(/\{(\w+)\}/g, (_m, other: string) =>
        encodeURIComponent(knownIds[other] ?? other),
      );
      for (const caller of callers) {
        const response = await send(endpoint, caller, { url: withParams });
        expectClientProblem(response, `${endpoint.method} ${broken}`);
        expect(response.statusCode).toBe(400);
        const long = await send(endpoint, caller, {
          url: pathFor(endpoint, { [name]: MARKER + 'x'.repeat(2000) }),
        });
        expectClientProblem(long, `${endpoint.method} ${endpoint.path} with a long ${name}`);
        expect(long.statusCode).toBe(414);
      }
    }
    const unknown = counted(await t.app.inject({ url: `/api/v1/${MARKER}` }));
    expectClientProblem(unknown, 'an unknown route');
    expect(unknown.statusCode).toBe(404);
  });

  it('answers broken multipart bodies on every upload route with a 400', async () => {
    const uploads = endpoints.filter((endpoint) =>
      Object.keys(endpoint.operation.requestBody?.content ?? {}).includes('multipart/form-data'),
    );
    expect(uploads.length).toBeGreaterThanOrEqual(3);
    const admin = callers.find((caller) => caller.name === 'admin')!;
    const bodies: [string, string][] = [
      ['multipart/form-data; boundary=zzz', JSON.stringify({ photo: MARKER })],
      ['multipart/form-data', `--zzz\r\nContent-Disposition: form-data; name="photo"\r\n\r\n`],
      [
        'multipart/form-data; boundary=zzz',
        `--zzz\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n${MARKER}`,
      ],
    ];
    for (const endpoint of uploads) {
      for (const [type, payload] of bodies) {
        const response = await send(endpoint, admin, {
          url: pathFor(
            endpoint,
            endpoint.path.includes('/lab-reports/') ? { id: labReportId } : {},
          ),
          payload,
          headers: { 'content-type': type },
        });
        expectClientProblem(response, `${endpoint.method} ${endpoint.path} ${type}`);
        expect(response.statusCode, response.body).toBe(400);
      }
    }
  });

  it('left no trace of any of it in the data', async () => {
    const digest = await dataDigest();
    if (digest !== digestBefore) sent.written += 1;
    expect(digest).toBe(digestBefore);
  });
});

/** Text that has broken parsers, queries and templates before. */
const hostileStrings = [
  '',
  ' ',
  `${MARKER}' or '1'='1' --`,
  `${MARKER}"; drop table users; --`,
  '../../../../etc/passwd',
  '%00',
  '%zz',
  '\u202e\u0301\ufeff',
  '\ud800',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999999',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '0000-00-00',
  '+99999-01-01T00:00:00Z',
  'x'.repeat(10_000),
];

const hostileText = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
);
const hostileScalar = fc.oneof(
  hostileText,
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -0, 0.5),
  fc.double(),
);
const hostileValue = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom('$gt', '$where', 'a', 'length'), hostileScalar, {
      maxKeys: 2,
    }),
  },
);

/** JSON that is broken, or that attacks the parser rather than the route. */
const rawBodies = [
  '{',
  '{"a":1}garbage',
  '[',
  "{'a': 1}",
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`,
  '\u0000',
  // A lone surrogate, escaped as JSON allows.
  '"\\ud800"',
];

/** A body for `schema`: its fields, some or all, with hostile values; or no object at all. */
function hostileBody(schema: Schema | undefined): fc.Arbitrary<{ json?: unknown; raw?: string }> {
  const fields = (inner: Schema): fc.Arbitrary<Record<string, unknown>> =>
    fc.record(
      Object.fromEntries(
        Object.entries(inner.properties ?? {}).map(([name, property]) => [
          name,
          property.properties
            ? fc.oneof(hostileValue, fields(property) as fc.Arbitrary<unknown>)
            : hostileValue,
        ]),
      ),
      { requiredKeys: [] },
    );
  return fc.oneof(
    {
      weight: schema?.properties ? 6 : 0,
      arbitrary: fields(schema ?? {}).map((json) => ({ json })),
    },
    { weight: 1, arbitrary: hostileValue.map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.constantFrom(...rawBodies).map((raw) => ({ raw })) },
  );
}

/** `encodeURIComponent`, for text that may hold a lone surrogate too. */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, (c) => `%${c.charCodeAt(0)}`));
}

interface Variant {
  path: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: { json?: unknown; raw?: string };
}

function variants(endpoint: Endpoint, count: number, seed: number): Variant[] {
  const optional = (names: string[]) =>
    fc.record(Object.fromEntries(names.map((name) => [name, hostileText])), {
      requiredKeys: [],
    }) as fc.Arbitrary<Record<string, string | undefined>>;
  const arbitrary = fc.record({
    path: optional(parameters(endpoint, 'path').map((parameter) => parameter.name)),
    query: optional(parameters(endpoint, 'query').map((parameter) => parameter.name)),
    body: ['POST', 'PUT', 'PATCH'].includes(endpoint.method)
      ? hostileBody(jsonBodySchema(endpoint))
      : fc.constant({}),
  });
  return fc.sample(arbitrary, { numRuns: count, seed });
}

/** Event streams stay open while they are allowed: their refusals are covered above. */
const isStream = (endpoint: Endpoint) => endpoint.path.endsWith('/events');

describe('hostile variants drawn by fast-check from each operation’s schema', () => {
  const PER_CALLER = 4;

  it('refuses broken and deeply nested JSON on every operation with a JSON body, as every caller', async () => {
    const wrong: string[] = [];
    const before = await dataDigest();
    for (const endpoint of endpoints.filter((e) => jsonBodySchema(e))) {
      for (const caller of callers) {
        for (const raw of rawBodies) {
          const response = await send(endpoint, caller, {
            payload: raw,
            headers: { 'content-type': 'application/json' },
          });
          const status = response.statusCode;
          const problem = /^application\/problem\+json/.test(
            String(response.headers['content-type']),
          );
          if (status < 400 || status >= 500 || !problem) {
            wrong.push(
              `${endpoint.method} ${endpoint.path} as ${caller.name} ${raw.slice(0, 40)}: ${status}`,
            );
          }
          sent.refused += 1;
        }
      }
    }
    expect(wrong).toEqual([]);
    const after = await dataDigest();
    if (after !== before) sent.written += 1;
    expect(after).toBe(before);
  });

  it('answer every operation as every caller without a 5xx, refusing with problem documents that change nothing', async () => {
    const wrong: string[] = [];
    let before = await dataDigest();
    let tried = 0;
    for (const [index, endpoint] of endpoints.filter((e) => !isStream(e)).entries()) {
      for (const caller of callers) {
        for (const variant of variants(endpoint, PER_CALLER, SEED + index)) {
          // A fresh session for each call: a variant may sign its caller out.
          const session =
            caller.userId && (await t.services.sessions.create(caller.userId, { ip: '127.0.0.1' }));
          const url = endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
            const value = variant.path[name];
            return value === undefined
              ? pathFor({ ...endpoint, path: `{${name}}` })
              : encode(value);
          });
          const query = Object.entries(variant.query)
            .filter(([, value]) => value !== undefined)
            .map(([name, value]) => `${encodeURIComponent(name)}=${encode(value!)}`)
            .join('&');
          const { json, raw } = variant.body;
          const response = counted(
            await t.app.inject({
              method: endpoint.method as 'GET',
              url: query ? `${url}?${query}` : url,
              headers: {
                ...(session ? { authorization: `Bearer ${session.token}` } : {}),
                ...(json !== undefined || raw !== undefined
                  ? { 'content-type': 'application/json' }
                  : {}),
              },
              ...(raw !== undefined
                ? { payload: raw }
                : json !== undefined
                  ? { payload: JSON.stringify(json) }
                  : {}),
            }),
          );
          tried += 1;
          const what = `${endpoint.method} ${url}${query ? `?${query.slice(0, 200)}` : ''} as ${caller.name} ${(raw ?? JSON.stringify(json) ?? '').slice(0, 200)}: ${response.statusCode} ${response.body.slice(0, 200)}`;
          const status = response.statusCode;
          if (status >= 500) wrong.push(`5xx: ${what}`);
          if (status >= 400) {
            sent.refused += 1;
            if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) {
              wrong.push(`not a problem document: ${what}`);
            }
            if (response.body.includes(MARKER)) wrong.push(`quotes the request: ${what}`);
            const after = await dataDigest();
            if (after !== before) {
              sent.written += 1;
              wrong.push(`refused, yet changed the data: ${what}`);
            }
            before = after;
          } else {
            // Taken: what it wrote is the new baseline.
            before = await dataDigest();
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(endpoints.length * callers.length * PER_CALLER * 0.9);
    expect(wrong).toEqual([]);
  }, 240_000);
});
