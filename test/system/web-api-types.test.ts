import fs from 'node:fs/promises';
import type { OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_FILE, webApiTypes } from '../../scripts/web-api/generate.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the web app’s typed API client', () => {
  it('is what npm run web:api writes from the routes as they are', async () => {
    const document = (await t.app.inject({ url: '/openapi.json' })).json<OpenAPI3>();
    const committed = await fs.readFile(SCHEMA_FILE, 'utf8');
    expect(committed === (await webApiTypes(document)), 'run npm run web:api').toBe(true);
  });
});
