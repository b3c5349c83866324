import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openClinic, type Session, type TestApp } from '../helpers/app.js';

let t: TestApp;
let session: Session;

beforeAll(async () => {
  ({ t, admin: session } = await openClinic({ BODY_LIMIT_BYTES: '2048' }));
});
afterAll(() => t.close());

interface Problem {
  type: string;
  detail: string;
  requestId: string;
  errors?: { field: string; message: string }[];
}

function expectProblem(response: LightMyRequestResponse, status: number): Problem {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Problem>();
  expect(body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:clinicdesk:problem:/),
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+|node_modules|select |insert |postgres/i);
  return body;
}

describe('every error is application/problem+json and never a 5xx for bad input', () => {
  it('unknown routes and methods', async () => {
    const body = expectProblem(await t.app.inject({ url: '/api/v1/nothing-here' }), 404);
    expect(body.type).toBe('urn:clinicdesk:problem:not-found');
    expectProblem(
      await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: bearer(session) }),
      404,
    );
  });

  it('malformed JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", "password": ',
    });
    const body = expectProblem(response, 400);
    expect(body.type).toBe('urn:clinicdesk:problem:malformed-request');
    expect(body.detail).toBe('The request body is not valid JSON.');
  });

  it('an empty JSON body, a JSON array, and a body of the wrong content type', async () => {
    const login = (payload: string, type = 'application/json') =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload,
      });
    expectProblem(await login(''), 400);
    expectProblem(await login('[]'), 400);
    expectProblem(await login('null'), 400);
    expectProblem(await login('email=a&password=b', 'application/x-www-form-urlencoded'), 415);
    expectProblem(await login('hello', 'text/plain'), 415);
  });

  it('a body over the size limit', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.c', password: 'x'.repeat(4000) },
    });
    expectProblem(response, 413);
  });

  it('unknown fields and wrong types, each named', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      headers: bearer(session),
      payload: { name: ['x'], notify: { email: 'yes', fax: true }, role: 'admin' },
    });
    const body = expectProblem(response, 400);
    expect(body.type).toBe('urn:clinicdesk:problem:validation-error');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'must be string' },
        { field: 'notify.email', message: 'must be boolean' },
        { field: 'notify.fax', message: 'is not an accepted field' },
        { field: 'role', message: 'is not an accepted field' },
      ]),
    );
  });

  it('a malformed URL', async () => {
    const response = await t.app.inject({ url: '/api/v1/auth/%E0%A4%A' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });
});

describe('request ids and headers', () => {
  it('gives every response a request id, keeping a well-formed one from the caller', async () => {
    const own = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(own.headers['x-request-id']).toBe('lb-1234.abc');
    const hostile = await t.app.inject({
      url: '/health',
      headers: { 'x-request-id': 'bad id\n<script>' },
    });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await t.app.inject({
      url: '/api/v1/nope',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(problem.json().requestId).toBe('trace-42');
  });

  it('sets security headers', async () => {
    const response = await t.app.inject({ url: '/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
