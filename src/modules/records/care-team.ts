import type { Actor } from '../../http/access.js';
import type { CareRelation } from '../people/index.js';

/**
 * Who cares for a patient, as the policy's `attends` reads it from a record's `attendedBy`: a
 * professional with an appointment with the patient (past or upcoming, not cancelled), or the
 * one who ordered the lab report at hand. Only the caller is ever looked up.
 */
export class CareTeam {
  constructor(private readonly attends: CareRelation) {}

  async attendedBy(
    actor: Actor,
    patientUserId: string,
    orderedBy: string | null = null,
  ): Promise<string[]> {
    if (actor.kind !== 'user' || actor.role !== 'professional') return [];
    if (orderedBy === actor.userId) return [actor.userId];
    return (await this.attends(actor.userId, patientUserId)) ? [actor.userId] : [];
  }
}
