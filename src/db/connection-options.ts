/** Where a PostgreSQL server is: `host` is a hostname or, for a Unix socket, its directory. */
export interface PgConnectionOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

/** A `postgres://` URL, or explicit options (the embedded server is reached by a Unix socket). */
export type DatabaseTarget = string | PgConnectionOptions;
