import type { DisplayCall } from './display-stream';

/**
 * Where the called patient goes: an office number ("3", "12B") reads "Consultório 3"; an office
 * with a name of its own ("Sala Azul") is said as it is; without one, the professional's name.
 */
export type CallPlace = { office: string } | { place: string };

const OFFICE_NUMBER = /^\d{1,4}[A-Za-z]?$/;

export function placeOf(call: Pick<DisplayCall, 'room' | 'professional'>): CallPlace {
  const room = call.room?.trim();
  if (!room) return { place: call.professional.name };
  return OFFICE_NUMBER.test(room) ? { office: room } : { place: room };
}
