import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiDocProblems,
  documentedRoutes,
  formatMarkdown,
  REGENERATE,
  withRoutes,
  type DocumentedRoute,
} from '../../scripts/api-doc/routes.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const API_DOC = fileURLToPath(new URL('../../docs/api.md', import.meta.url));

let t: TestApp;
let routes: DocumentedRoute[];
let committed: string;
/** What `npm run docs:api` would write now. */
let regenerated: string;

beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.inject({ url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  routes = documentedRoutes(response.json(), t.app.routeAccess);
  committed = await fs.readFile(API_DOC, 'utf8');
  regenerated = await formatMarkdown(withRoutes(committed, routes), API_DOC);
});
afterAll(() => t.close());

describe('docs/api.md', () => {
  it('lists every route of GET /openapi.json, no other, with the roles of the access policy', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(apiDocProblems(committed, routes), REGENERATE).toEqual([]);
  });

  it('is what npm run docs:api writes from the app', () => {
    expect(committed === regenerated, `docs/api.md is out of date: ${REGENERATE}`).toBe(true);
  });
});

describe('the documentation', () => {
  it('points to nothing outside the repository', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const files = [
      'README.md',
      'package.json',
      ...(await fs.readdir(`${root}docs`)).map((name) => `docs/${name}`),
    ].filter((file) => /\.(md|json)$/.test(file));
    const outside: string[] = [];
    for (const file of files) {
      const text = await fs.readFile(`${root}${file}`, 'utf8');
      for (const [reference] of text.matchAll(/\]\(\.\.\/[^)]*\)|`\.\.\/[^`]*`|\.\.\/shared\b/g)) {
        outside.push(`${file}: ${reference}`);
      }
    }
    expect(outside).toEqual([]);
  });
});

// On the document as it should be, whatever the committed one says.
describe('the check of docs/api.md', () => {
  it('notices a route that is missing from it', async () => {
    const first = routes[0]!;
    const stale = await formatMarkdown(withRoutes(regenerated, routes.slice(1)), API_DOC);
    expect(apiDocProblems(stale, routes)).toEqual([`${first.method} ${first.path} is missing`]);
  });

  it('notices a route it lists that no longer exists', () => {
    const first = routes[0]!;
    expect(apiDocProblems(regenerated, routes.slice(1))).toEqual([
      `${first.method} ${first.path} is listed but no longer exists`,
    ]);
  });

  it('notices roles that differ from the policy', async () => {
    const second = routes[1]!;
    const others = routes.map((route) =>
      route === second ? { ...route, who: `${route.who}, someone else` } : route,
    );
    const wrong = await formatMarkdown(withRoutes(regenerated, others), API_DOC);
    expect(apiDocProblems(wrong, routes)).toEqual([
      `${second.method} ${second.path} says "${second.who}, someone else" may call it; the policy says "${second.who}"`,
    ]);
  });
});
