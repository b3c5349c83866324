import { ageOn } from '../../lib/dates.js';

/**
 * Legal priority in service (Lei 10.048/2000 and the Estatuto da Pessoa Idosa): people aged 80
 * or more before everyone, then people aged 60 or more, pregnant women, people with
 * disabilities and people with infants.
 */
export const declaredPriorities = ['pregnant', 'disability', 'infant', 'other'] as const;
export type DeclaredPriority = (typeof declaredPriorities)[number];
export type PriorityReason = 'aged_80' | 'aged_60' | DeclaredPriority;

export interface Priority {
  /** 2: aged 80 or more; 1: any other legal priority; 0: none. */
  level: 0 | 1 | 2;
  reason: PriorityReason | null;
}

/**
 * The priority of a patient checking in: from the age on the day (derived, nothing to declare)
 * or from what the front desk declares, whichever ranks higher.
 */
export function priorityAtCheckIn(input: {
  birthDate: string | null;
  today: string;
  declared?: { priority: boolean; reason?: DeclaredPriority };
}): Priority {
  const age = input.birthDate ? ageOn(input.birthDate, input.today) : undefined;
  if (age !== undefined && age >= 80) return { level: 2, reason: 'aged_80' };
  if (input.declared?.priority) return { level: 1, reason: input.declared.reason ?? 'other' };
  if (age !== undefined && age >= 60) return { level: 1, reason: 'aged_60' };
  return { level: 0, reason: null };
}
