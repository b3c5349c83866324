/** PostgreSQL error codes the services act on. */
export const UNIQUE_VIOLATION = '23505';
export const EXCLUSION_VIOLATION = '23P01';
export const SERIALIZATION_FAILURE = '40001';
export const DEADLOCK_DETECTED = '40P01';

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

export function isExclusionViolation(error: unknown, constraint?: string): boolean {
  const found = postgresError(error);
  return found.code === EXCLUSION_VIOLATION && (!constraint || found.constraint === constraint);
}

/** Failures PostgreSQL asks the client to retry: the transaction lost a race and was rolled back. */
export function isTransientConflict(error: unknown): boolean {
  const { code } = postgresError(error);
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
}

/** Runs a whole transaction again when PostgreSQL rolled it back for losing a race. */
export async function retryingTransientConflicts<T>(work: () => Promise<T>, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransientConflict(error)) throw error;
    }
  }
}
