import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import type { RouteAccess } from '../src/http/authenticate.js';
import { createLogger } from '../src/lib/logger.js';

/**
 * The app's own OpenAPI document and route table, from the route schemas alone: built with the
 * defaults (not this shell's environment, so it does not depend on who runs it) and a pool
 * that is never queried (the change feed's attempt to listen fails, unlogged).
 */
export async function appOpenApi<T>(
  use: (document: T, routeAccess: readonly RouteAccess[]) => Promise<void>,
): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const database = openDatabase('postgres://docs@127.0.0.1:1/none', { poolSize: 1 });
  const app = await buildApp({ config, database, logger: createLogger('silent') });
  try {
    await app.ready();
    await use(app.swagger() as T, app.routeAccess);
  } finally {
    await app.close();
    await database.close();
  }
}
