import { addDays, startOfDay, toZonedIso } from '../lib/time.js';
import type { DemoRandom } from './random.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How an appointment of the demo ends up. */
export type Outcome =
  | 'finished'
  | 'no_show_by_desk'
  /** Left scheduled: the background job marks it a no-show after the grace period. */
  | 'no_show_by_worker'
  | 'cancelled_by_patient'
  | 'cancelled_by_desk'
  | 'scheduled'
  | 'checked_in'
  | 'in_progress';

export interface PlanProfessional {
  slotMinutes: number;
  children: boolean;
  /** The free slots of the booking window, as the app offered them when the demo began. */
  slots: readonly { start: number; end: number }[];
}

export interface PlanPatient {
  child: boolean;
  signedUp: boolean;
  age: number;
  declaresPriority: boolean;
}

export interface PlannedAppointment {
  professional: number;
  patient: number;
  startsAt: number;
  bookedAt: number;
  byPatient: boolean;
  /** Off the professional's slots (today's queue outside working hours): only the desk may. */
  force: boolean;
  outcome: Outcome;
  checkInAt?: number;
  callAt?: number;
  finishAt?: number;
  noShowAt?: number;
  cancelAt?: number;
  /** A later move by the desk, to another free slot. */
  moveTo?: { startsAt: number; at: number };
}

export interface DemoPlan {
  appointments: PlannedAppointment[];
  walkIn?: { professional: number; patient: number; at: number };
}

export interface PlanInput {
  /** When the demo's history begins (everyone is registered then) and when it ends. */
  start: number;
  now: number;
  timeZone: string;
  professionals: readonly PlanProfessional[];
  patients: readonly PlanPatient[];
  /** This patient (the one whose sign-in is printed) stays out of today's queue, with appointments ahead. */
  featuredPatient: number;
  random: DemoRandom;
}

/**
 * Two weeks of a small clinic, planned before anything is written: bookings on the slots the
 * app offered, most consultations finished and the rest missed or cancelled, today's waiting
 * queue around the current time (whatever it is: outside working hours the desk books today's
 * patients as extras), and the weeks ahead. No patient has two appointments on one day, and no
 * slot is taken twice, so every booking obeys the app's rules when it is replayed.
 */
export function planDemo(input: PlanInput): DemoPlan {
  const { random, timeZone, now } = input;
  const dayOf = (instant: number) => toZonedIso(new Date(instant), timeZone).slice(0, 10);
  const today = dayOf(now);
  const firstBooking = input.start + 2 * HOUR;
  const taken = new Set<string>();
  const busyDays = new Set<string>();
  const load = input.patients.map(() => 0);
  const appointments: PlannedAppointment[] = [];

  const isFree = (professional: number, start: number) => !taken.has(`${professional} ${start}`);
  const patientFree = (patient: number, day: string) => !busyDays.has(`${patient} ${day}`);
  const hold = (professional: number, patient: number, start: number) => {
    taken.add(`${professional} ${start}`);
    busyDays.add(`${patient} ${dayOf(start)}`);
    load[patient]! += 1;
  };
  /** Among the patients this professional sees who are free that day, one of the least booked. */
  const choosePatient = (
    professional: number,
    day: string,
    prefer?: (p: PlanPatient) => boolean,
  ) => {
    const children = input.professionals[professional]!.children;
    const eligible = input.patients
      .map((patient, index) => ({ patient, index }))
      .filter(({ patient, index }) => patient.child === children && patientFree(index, day));
    const preferred = prefer ? eligible.filter(({ patient }) => prefer(patient)) : [];
    const pool = preferred.length ? preferred : eligible;
    if (!pool.length) return undefined;
    const least = Math.min(...pool.map(({ index }) => load[index]!));
    return random.pick(pool.filter(({ index }) => load[index] === least)).index;
  };
  const bookedBefore = (startsAt: number, latest: number) =>
    Math.max(
      firstBooking,
      Math.min(startsAt - random.between(1, 8) * DAY + random.between(-5, 5) * HOUR, latest),
    );
  const book = (
    professional: number,
    patient: number,
    startsAt: number,
    outcome: Outcome,
  ): PlannedAppointment => {
    hold(professional, patient, startsAt);
    const { signedUp } = input.patients[patient]!;
    const planned: PlannedAppointment = {
      professional,
      patient,
      startsAt,
      bookedAt: bookedBefore(startsAt, Math.min(startsAt - 2 * HOUR, now - 10 * MINUTE)),
      byPatient: signedUp && random.next() < 0.6,
      force: false,
      // Only a patient with an account of their own cancels by themselves.
      outcome: outcome === 'cancelled_by_patient' && !signedUp ? 'cancelled_by_desk' : outcome,
    };
    appointments.push(planned);
    return planned;
  };
  const slotsOn = (professional: number, day: string) =>
    input.professionals[professional]!.slots.filter(
      (slot) => dayOf(slot.start) === day && isFree(professional, slot.start),
    );

  const days: string[] = [];
  for (let day = addDays(dayOf(input.start), 1); day <= addDays(today, 14); day = addDays(day, 1)) {
    days.push(day);
  }
  for (const day of days) {
    if (day === today) continue;
    input.professionals.forEach((_professional, index) => {
      const past = day < today;
      for (let n = past ? random.between(1, 2) : random.between(0, 2); n > 0; n--) {
        const free = slotsOn(index, day);
        const patient = choosePatient(index, day);
        if (!free.length || patient === undefined) break;
        book(
          index,
          patient,
          random.pick(free).start,
          // Whose sign-in is printed has a history of consultations, not of absences.
          patient === input.featuredPatient
            ? past
              ? 'finished'
              : 'scheduled'
            : past
              ? pastOutcome(random)
              : futureOutcome(random),
        );
      }
    });
  }
  aheadFor(input.featuredPatient, 2);
  moveOne();
  const walkIn = queueToday();
  for (const planned of appointments) timeTransitions(planned);
  sequenceConsultations();
  return { appointments, ...(walkIn ? { walkIn } : {}) };

  /** The featured patient has at least `count` appointments ahead, booked by themselves lately. */
  function aheadFor(patient: number, count: number): void {
    const ahead = () =>
      appointments.filter(
        (a) => a.patient === patient && a.startsAt > now && a.outcome === 'scheduled',
      ).length;
    for (const day of days.filter((day) => day > addDays(today, 1))) {
      if (ahead() >= count) return;
      if (!patientFree(patient, day)) continue;
      const professional = input.professionals.findIndex(
        (p, index) =>
          p.children === input.patients[patient]!.child &&
          slotsOn(index, day).length > 0 &&
          !appointments.some(
            (a) => a.patient === patient && a.professional === index && a.startsAt > now,
          ),
      );
      if (professional < 0) continue;
      const planned = book(
        professional,
        patient,
        slotsOn(professional, day)[0]!.start,
        'scheduled',
      );
      planned.byPatient = input.patients[patient]!.signedUp;
      planned.bookedAt = Math.max(firstBooking, now - random.between(2, 48) * HOUR);
    }
  }

  /** One appointment ahead is moved by the desk to a later free slot of the same professional. */
  function moveOne(): void {
    for (const planned of appointments) {
      if (planned.outcome !== 'scheduled' || planned.bookedAt > now - 4 * HOUR) continue;
      const later = days.filter(
        (day) => day > dayOf(planned.startsAt) && patientFree(planned.patient, day),
      );
      const slot = later.flatMap((day) => slotsOn(planned.professional, day))[0];
      if (!slot) continue;
      hold(planned.professional, planned.patient, slot.start);
      // Before the original time comes (at least two hours after the booking) and before now.
      planned.moveTo = {
        startsAt: slot.start,
        at: Math.min(planned.bookedAt + random.between(30, 90) * MINUTE, now - HOUR),
      };
      return;
    }
  }

  /**
   * Today, around now, for the first three professionals: consultations already over, a patient
   * in the room, patients waiting and patients still to come; plus a walk-in. Times are on a
   * slot grid through now, kept inside today.
   */
  function queueToday(): DemoPlan['walkIn'] {
    const dayStart = startOfDay(today, timeZone).getTime();
    const dayEnd = startOfDay(addDays(today, 1), timeZone).getTime();
    // Whose sign-in is printed sees their appointments ahead, not a queue they are in.
    busyDays.add(`${input.featuredPatient} ${today}`);
    // Per professional: how many appointments today, whether someone is in the room, whether the
    // day's first patient missed it, and who waits first (with a legal priority, when there is one).
    const shapes = [
      { size: 6, inRoom: true, missedFirst: false, prefer: (p: PlanPatient) => p.age >= 60 },
      { size: 4, inRoom: false, missedFirst: true, prefer: undefined },
      { size: 5, inRoom: true, missedFirst: false, prefer: (p: PlanPatient) => p.declaresPriority },
    ];
    shapes.forEach((shape, professional) => {
      if (professional >= input.professionals.length) return;
      const { slotMinutes, slots } = input.professionals[professional]!;
      const length = slotMinutes * MINUTE;
      let first = Math.floor(now / length) * length - 2 * length;
      if (first < dayStart) first += Math.ceil((dayStart - first) / length) * length;
      const overflow = first + shape.size * length - dayEnd;
      if (overflow > 0) first -= Math.ceil(overflow / length) * length;
      const onGrid = new Set(slots.map((slot) => slot.start));
      let roomTaken = !shape.inRoom;
      let waiting = 0;
      for (let i = 0; i < shape.size; i++) {
        const startsAt = first + i * length;
        if (startsAt < dayStart || !isFree(professional, startsAt)) continue;
        const over = startsAt + length <= now - 2 * MINUTE;
        const outcome: Outcome = over
          ? shape.missedFirst && i === 0
            ? 'no_show_by_desk'
            : 'finished'
          : !roomTaken
            ? 'in_progress'
            : waiting < 2
              ? 'checked_in'
              : 'scheduled';
        const prefer = outcome === 'checked_in' && waiting === 0 ? shape.prefer : undefined;
        const patient = choosePatient(professional, today, prefer);
        if (patient === undefined) continue;
        if (outcome === 'in_progress') roomTaken = true;
        if (outcome === 'checked_in') waiting += 1;
        const planned = book(professional, patient, startsAt, outcome);
        planned.byPatient = false;
        planned.force = !onGrid.has(startsAt);
        planned.bookedAt = Math.max(
          firstBooking,
          Math.min(startsAt - random.between(1, 4) * DAY, now - HOUR),
        );
      }
    });
    const patient = choosePatient(0, today);
    const at = Math.max(dayStart + MINUTE, now - random.between(5, 12) * MINUTE);
    if (patient === undefined || at >= now) return undefined;
    busyDays.add(`${patient} ${today}`);
    return { professional: 0, patient, at };
  }

  /** When each step happens, before the consultations of a day are put in sequence. */
  function timeTransitions(planned: PlannedAppointment): void {
    const length = input.professionals[planned.professional]!.slotMinutes * MINUTE;
    const start = planned.moveTo?.startsAt ?? planned.startsAt;
    const arrival = start - random.between(5, 20) * MINUTE;
    switch (planned.outcome) {
      case 'finished':
      case 'in_progress':
        planned.checkInAt = arrival;
        planned.callAt = start + random.between(0, 6) * MINUTE;
        if (planned.outcome === 'finished') {
          planned.finishAt = planned.callAt + Math.round((length * random.between(55, 90)) / 100);
        }
        break;
      case 'checked_in':
        planned.checkInAt = Math.min(arrival, now - random.between(2, 25) * MINUTE);
        break;
      case 'no_show_by_desk':
        planned.noShowAt = start + length + random.between(5, 20) * MINUTE;
        break;
      case 'cancelled_by_patient':
      case 'cancelled_by_desk': {
        const earliest = planned.bookedAt + 30 * MINUTE;
        const latest = Math.min(start - HOUR, now - 5 * MINUTE);
        planned.cancelAt =
          earliest < latest
            ? earliest + random.next() * (latest - earliest)
            : (planned.bookedAt + Math.min(start, now)) / 2;
        break;
      }
      default:
        break;
    }
  }

  /**
   * A professional sees one patient at a time: each call waits for the previous finish, and
   * nothing today happens after now or before the day began.
   */
  function sequenceConsultations(): void {
    const byDay = new Map<string, PlannedAppointment[]>();
    for (const planned of appointments) {
      if (planned.callAt === undefined) continue;
      const key = `${planned.professional} ${dayOf(planned.startsAt)}`;
      byDay.set(key, [...(byDay.get(key) ?? []), planned]);
    }
    const dayStart = startOfDay(today, timeZone).getTime();
    // Monotonic, so the order of the steps stays; steps squeezed onto one instant (just after
    // midnight) keep the order they were planned in.
    const withinToday = (instant: number) => Math.min(Math.max(instant, dayStart), now);
    for (const day of byDay.values()) {
      day.sort((a, b) => a.startsAt - b.startsAt);
      let free = 0;
      for (const planned of day) {
        const isToday = dayOf(planned.startsAt) === today;
        const fit = (instant: number) => (isToday ? withinToday(instant) : instant);
        const duration = planned.finishAt === undefined ? 0 : planned.finishAt - planned.callAt!;
        planned.checkInAt = fit(planned.checkInAt!);
        planned.callAt = fit(Math.max(planned.callAt!, free + MINUTE, planned.checkInAt + MINUTE));
        if (planned.finishAt !== undefined) {
          planned.finishAt = fit(planned.callAt + duration);
          free = planned.finishAt;
        }
      }
    }
    for (const planned of appointments) {
      if (dayOf(planned.startsAt) === today && planned.noShowAt !== undefined) {
        planned.noShowAt = withinToday(planned.noShowAt);
      }
      if (
        dayOf(planned.startsAt) === today &&
        planned.checkInAt !== undefined &&
        planned.callAt === undefined
      ) {
        planned.checkInAt = withinToday(planned.checkInAt);
      }
    }
  }
}

function pastOutcome(random: DemoRandom): Outcome {
  const roll = random.next();
  if (roll < 0.72) return 'finished';
  if (roll < 0.8) return 'no_show_by_desk';
  if (roll < 0.86) return 'no_show_by_worker';
  if (roll < 0.93) return 'cancelled_by_patient';
  return 'cancelled_by_desk';
}

function futureOutcome(random: DemoRandom): Outcome {
  return random.next() < 0.08 ? 'cancelled_by_patient' : 'scheduled';
}
