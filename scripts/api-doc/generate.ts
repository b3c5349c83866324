/* eslint-disable no-console -- a developer's command: it reports to the terminal */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { appOpenApi } from '../openapi-document.js';
import { documentedRoutes, formatMarkdown, withRoutes, type OpenApiDocument } from './routes.js';

// `npm run docs:api`: rewrites the route tables of docs/api.md from the app's own OpenAPI
// document and access policy; the prose around them stays as written.
const API_DOC = fileURLToPath(new URL('../../docs/api.md', import.meta.url));

async function main(): Promise<void> {
  await appOpenApi<OpenApiDocument>(async (document, routeAccess) => {
    const routes = documentedRoutes(document, routeAccess);
    const current = await fs.readFile(API_DOC, 'utf8');
    const next = await formatMarkdown(withRoutes(current, routes), API_DOC);
    if (next === current) {
      console.log(`docs/api.md is up to date (${routes.length} routes)`);
      return;
    }
    await fs.writeFile(API_DOC, next);
    console.log(`docs/api.md rewritten (${routes.length} routes)`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
