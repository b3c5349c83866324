import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/http/problem.js';
import {
  appointmentStatuses,
  assertTransition,
  canMove,
} from '../../src/modules/scheduling/appointment-status.js';

describe('the appointment state machine', () => {
  it('allows exactly the transitions of the contract', () => {
    const allowed = appointmentStatuses.flatMap((from) =>
      appointmentStatuses.filter((to) => canMove(from, to)).map((to) => `${from} → ${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'scheduled → checked_in',
        'checked_in → in_progress',
        'in_progress → finished',
        'scheduled → cancelled',
        'checked_in → cancelled',
        'scheduled → no_show',
      ].sort(),
    );
  });

  it('refuses any other with a 422 naming both states', () => {
    const refuse = () => assertTransition('finished', 'cancelled');
    expect(refuse).toThrow(HttpProblem);
    try {
      refuse();
    } catch (error) {
      expect((error as HttpProblem).status).toBe(422);
      expect((error as HttpProblem).detail).toBe(
        'The appointment is finished; it cannot be cancelled now.',
      );
    }
    expect(() => assertTransition('scheduled', 'in_progress')).toThrow(/scheduled/);
  });
});
