import type { Executor } from '../../db/database.js';
import type { RequestContext } from '../../http/actor.js';

/**
 * The audit log of patients' data, as people writes to it. The audit module shows each entry's
 * patient (their name and register number), so it uses people, and people cannot use it:
 * src/services.ts hands the audit service in as this.
 */
export interface AccessLog {
  record(
    context: RequestContext,
    action: string,
    patientUserIds: string[],
    details?: Record<string, unknown>,
    executor?: Executor,
  ): Promise<void>;
}
