import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DatabaseTarget } from './connection-options.js';
import { openDatabase, type Database } from './database.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ConnectedDatabase {
  database: Database;
  /** Where it is, for other processes of this app to connect to. */
  target: DatabaseTarget;
  /** Closes the pool, then stops the embedded server when this process started it. */
  shutdown: () => Promise<void>;
}

/** DATABASE_URL when set; otherwise the private embedded server in DATA_DIR. */
export async function connectDatabase(config: Config, log: Logger): Promise<ConnectedDatabase> {
  const options = { poolSize: config.databasePoolSize };
  if (config.databaseUrl) {
    const database = openDatabase(config.databaseUrl, options);
    return { database, target: config.databaseUrl, shutdown: () => database.close() };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    log,
    // WAL goes to BACKUP_DIR/wal for point-in-time restore (src/modules/backups).
    archiveDir:
      config.backups.schedule === 'off' ? undefined : path.join(config.backups.dir, 'wal'),
  });
  const database = openDatabase(embedded.connection, options);
  return {
    database,
    target: embedded.connection,
    shutdown: async () => {
      await database.close();
      await embedded.stop();
    },
  };
}
