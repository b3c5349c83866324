/* eslint-disable no-console -- a developer's command: it reports to the terminal */
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createLogger } from '../../src/lib/logger.js';
import { documentedRoutes, formatMarkdown, withRoutes, type OpenApiDocument } from './routes.js';

// `npm run docs:api`: rewrites the route tables of docs/api.md from the app's own OpenAPI
// document and access policy; the prose around them stays as written.
const API_DOC = fileURLToPath(new URL('../../docs/api.md', import.meta.url));

async function main(): Promise<void> {
  // The defaults, not this shell's environment: the document must not depend on who runs this.
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  // The document comes from the route schemas alone, so no database is needed: this pool is
  // never queried (the change feed's attempt to listen fails, unlogged, and nothing waits on it).
  const database = openDatabase('postgres://docs@127.0.0.1:1/none', { poolSize: 1 });
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  try {
    await app.ready();
    const routes = documentedRoutes(app.swagger() as OpenApiDocument, app.routeAccess);
    const current = await fs.readFile(API_DOC, 'utf8');
    const next = await formatMarkdown(withRoutes(current, routes), API_DOC);
    if (next === current) {
      console.log(`docs/api.md is up to date (${routes.length} routes)`);
      return;
    }
    await fs.writeFile(API_DOC, next);
    console.log(`docs/api.md rewritten (${routes.length} routes)`);
  } finally {
    await app.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
