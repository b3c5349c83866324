import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({
    METRICS_TOKEN: 'metrics-token-0123456789',
    CLINIC_TIMEZONE: 'America/Sao_Paulo',
    BOOKING_HORIZON_DAYS: '90',
  });
});
afterAll(() => t.close());

describe('system routes', () => {
  it('GET /health answers 200 while the database answers', async () => {
    const response = await t.app.inject({ url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      database: 'up',
      // Said as it is: the backups are a detail, and never fail the health check.
      backups: {
        status: 'off',
        problems: ['BACKUP_SCHEDULE=off: the embedded database is not backed up'],
      },
    });
  });

  it('GET /api/v1/clinic tells today’s date in the clinic’s zone, cached no later than its midnight', async () => {
    // 23:58 in São Paulo is already the next day in UTC.
    t.clock.set(new Date('2026-12-08T02:58:00Z'));
    const late = await t.app.inject({ url: '/api/v1/clinic' });
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({
      timeZone: 'America/Sao_Paulo',
      today: '2026-12-07',
      bookingHorizonDays: 90,
    });
    expect(late.headers['cache-control']).toBe('public, max-age=120');
    t.clock.set(new Date('2026-12-08T13:00:00Z'));
    const morning = await t.app.inject({ url: '/api/v1/clinic' });
    expect(morning.json()).toMatchObject({ today: '2026-12-08' });
    expect(morning.headers['cache-control']).toBe('public, max-age=300');
  });

  it('GET /metrics serves Prometheus text behind METRICS_TOKEN', async () => {
    await t.app.inject({ url: '/health' });
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const wrong = await t.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer wrong-token-000000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const response = await t.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} \d+/,
    );
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });

  it('GET /openapi.json describes every route with its access rule and the problem format', async () => {
    const response = await t.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    for (const route of t.app.routeAccess.filter(
      // The docs and the web app's pages and files are not API operations.
      (r) =>
        r.method !== 'HEAD' &&
        !r.url.startsWith('/docs') &&
        r.url !== '/openapi.json' &&
        r.action !== 'web.app',
    )) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(
        document.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${path}`,
      ).toBeDefined();
    }
    const me = document.paths['/api/v1/auth/me'].get;
    expect(me.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(me.description).toContain('Who: patient, professional, admin.');
    expect(document.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(document.components.schemas.Problem).toBeDefined();
  });

  it('GET /docs serves the interactive documentation', async () => {
    const response = await t.app.inject({ url: '/docs' });
    const page =
      response.statusCode === 302
        ? await t.app.inject({ url: response.headers.location as string })
        : response;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('swagger');
    // Served over plain HTTP here (COOKIE_SECURE off): nothing forces the browser to HTTPS.
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(
      (await t.app.inject({ url: '/health' })).headers['strict-transport-security'],
    ).toBeUndefined();
  });
});
