/** PostgreSQL error codes the services act on. */
export const UNIQUE_VIOLATION = '23505';

/**
 * The PostgreSQL error behind an error, if any: Drizzle wraps the driver's error (which carries
 * `code` and `constraint_name`) in a DrizzleQueryError as its `cause`.
 */
export function postgresError(error: unknown): { code?: string; constraint?: string } {
  for (let current = error; current && typeof current === 'object';) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        constraint:
          typeof candidate.constraint_name === 'string' ? candidate.constraint_name : undefined,
      };
    }
    current = candidate.cause;
  }
  return {};
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const found = postgresError(error);
  return found.code === UNIQUE_VIOLATION && (!constraint || found.constraint === constraint);
}
