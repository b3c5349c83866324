import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { registerProfessional, signUpPatient } from '../helpers/people.js';

/**
 * Bad input derived from the app's own OpenAPI document, for every operation it lists: a NUL
 * character in every text field, query and path parameter; dates far beyond any calendar;
 * unroutable and oversized paths; broken multipart bodies. Each must be a 4xx problem document
 * that repeats nothing the caller sent, and change nothing in the data.
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
let callers: { name: string; session?: Session }[];
let knownIds: Record<string, string>;
/** A lab report to upload to: its route reads the body only once the report is found. */
let labReportId: string;
let endpoints: Endpoint[];
let rowCountsBefore: string;

beforeAll(async () => {
  t = await createTestApp();
  const adminUser = await t.createUser('admin');
  const admin = await t.login(adminUser);
  const professional = await registerProfessional(t, admin);
  const patient = await signUpPatient(t);
  callers = [
    { name: 'anonymous' },
    { name: 'admin', session: admin },
    { name: 'professional', session: professional.session },
    { name: 'patient', session: patient.session },
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
  rowCountsBefore = await rowCounts();
});
afterAll(() => t.close());

/** Every table's row count, apart from what any request writes (sessions seen, rate limits). */
async function rowCounts(): Promise<string> {
  const tables = await t.database.sql<{ name: string }[]>`
    select quote_ident(table_name) as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('rate_limits', 'sessions', '__drizzle_migrations')`;
  const counts: string[] = [];
  for (const { name } of tables) {
    const [row] = await t.database.sql.unsafe<{ count: string }[]>(
      `select count(*) as count from ${name}`,
    );
    counts.push(`${name}=${row!.count}`);
  }
  return counts.join(' ');
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
  return t.app.inject({
    method: endpoint.method as 'GET',
    url,
    headers: { ...(caller.session ? bearer(caller.session) : {}), ...request.headers },
    ...(request.payload !== undefined && { payload: request.payload as object }),
  });
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
    const unknown = await t.app.inject({ url: `/api/v1/${MARKER}` });
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
    expect(await rowCounts()).toBe(rowCountsBefore);
  });
});
