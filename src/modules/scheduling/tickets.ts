/**
 * A queue ticket as the waiting room reads it: `P` for legal priority or `N` for the normal
 * line (as Brazilian clinics call them), and the number of the day's check-in for the
 * professional, e.g. `P003`, `N012`.
 */
export function ticketLabel(priority: number, ticket: number): string {
  return `${priority > 0 ? 'P' : 'N'}${String(ticket).padStart(3, '0')}`;
}

/**
 * NOTIFY channels of an appointment's changes, sent with the change (appointment-events.ts)
 * and followed by the queue's live screens. A professional's queue changed (payload: their
 * user id).
 */
export const QUEUE_CHANNEL = 'clinicdesk_queue';
/** A patient was called in (payload: the `appointment_history` id of the call). */
export const DISPLAY_CHANNEL = 'clinicdesk_display';
