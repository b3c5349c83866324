import type { BoardAppointment, BoardProfessional, WaitingEntry } from './board-types';

/** The states a card is shown under, in the order of the day. */
export const groupNames = [
  'waiting',
  'inRoom',
  'expected',
  'finished',
  'noShow',
  'cancelled',
] as const;
export type GroupName = (typeof groupNames)[number];

export interface WaitingCard {
  appointment: BoardAppointment;
  queue: WaitingEntry | undefined;
}

export interface Groups {
  waiting: WaitingCard[];
  inRoom: BoardAppointment[];
  expected: BoardAppointment[];
  finished: BoardAppointment[];
  noShow: BoardAppointment[];
  cancelled: BoardAppointment[];
}

/**
 * A professional's appointments by state. Who waits is in the queue's own order (priority,
 * then arrival) as the API sends it, never re-derived here; the rest by start time.
 */
export function groupsOf(professional: BoardProfessional): Groups {
  const of = (status: BoardAppointment['status']) =>
    professional.appointments.filter((appointment) => appointment.status === status);
  const checkedIn = of('checked_in');
  const byId = new Map(checkedIn.map((appointment) => [appointment.id, appointment]));
  const queued = professional.waiting.flatMap((entry) => {
    const appointment = byId.get(entry.appointmentId);
    return appointment ? [{ appointment, queue: entry }] : [];
  });
  const inQueue = new Set(professional.waiting.map((entry) => entry.appointmentId));
  // Checked in but not in today's queue (a board of another day): after the queue, by time.
  const others = checkedIn
    .filter((appointment) => !inQueue.has(appointment.id))
    .map((appointment) => ({ appointment, queue: undefined }));
  return {
    waiting: [...queued, ...others],
    inRoom: of('in_progress'),
    expected: of('scheduled'),
    finished: of('finished'),
    noShow: of('no_show'),
    cancelled: of('cancelled'),
  };
}

export interface DayCounts {
  expected: number;
  waiting: number;
  inRoom: number;
  done: number;
}

export function dayCounts(professionals: BoardProfessional[]): DayCounts {
  const count = (status: BoardAppointment['status']) =>
    professionals.reduce(
      (sum, professional) =>
        sum +
        professional.appointments.filter((appointment) => appointment.status === status).length,
      0,
    );
  return {
    expected: count('scheduled'),
    waiting: count('checked_in'),
    inRoom: count('in_progress'),
    done: count('finished'),
  };
}
