import { appointmentStatus, type AppointmentStatus } from '../../db/schema/scheduling.js';
import { unprocessable } from '../../http/problem.js';

export const appointmentStatuses = appointmentStatus.enumValues;

/** Statuses that hold their time: the rest (cancelled, no-show) free it for someone else. */
export const activeStatuses = [
  'scheduled',
  'checked_in',
  'in_progress',
  'finished',
] as const satisfies readonly AppointmentStatus[];

/** Statuses of an appointment still to be attended. */
export const openStatuses = [
  'scheduled',
  'checked_in',
  'in_progress',
] as const satisfies readonly AppointmentStatus[];

/**
 * The state machine: `scheduled → checked_in → in_progress → finished`; `scheduled|checked_in →
 * cancelled`; `scheduled → no_show`. Everything else is refused.
 */
const transitions: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  scheduled: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['in_progress', 'cancelled'],
  in_progress: ['finished'],
  finished: [],
  cancelled: [],
  no_show: [],
};

const labels: Record<AppointmentStatus, string> = {
  scheduled: 'scheduled',
  checked_in: 'checked in',
  in_progress: 'in progress',
  finished: 'finished',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
};

export function canMove(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return transitions[from].includes(to);
}

/** Refuses a transition the state machine does not allow, with a 422 naming both states. */
export function assertTransition(from: AppointmentStatus, to: AppointmentStatus): void {
  if (!canMove(from, to)) {
    throw unprocessable(`The appointment is ${labels[from]}; it cannot be ${labels[to]} now.`);
  }
}
