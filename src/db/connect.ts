import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openDatabase, type Database } from './database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ConnectedDatabase {
  database: Database;
  /** Closes the pool, then stops the embedded server when this process started it. */
  shutdown: () => Promise<void>;
}

/** DATABASE_URL when set; otherwise the private embedded server in DATA_DIR. */
export async function connectDatabase(config: Config, log: Logger): Promise<ConnectedDatabase> {
  const options = { poolSize: config.databasePoolSize };
  if (config.databaseUrl) {
    const database = openDatabase(config.databaseUrl, options);
    return { database, shutdown: () => database.close() };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
  const database = openDatabase(embedded.connection, options);
  return {
    database,
    shutdown: async () => {
      await database.close();
      await embedded.stop();
    },
  };
}
