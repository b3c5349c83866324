import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { ChangeFeed } from '../../db/change-feed.js';
import type { Db, Executor } from '../../db/database.js';
import {
  isExclusionViolation,
  postgresError,
  retryingTransientConflicts,
} from '../../db/errors.js';
import { appointments, type AppointmentChange } from '../../db/schema/scheduling.js';
import { anonymous, authorize, can, type UserActor } from '../../http/access.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import {
  conflict,
  fieldError,
  forbidden,
  HttpProblem,
  notFound,
  unprocessable,
} from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { toZonedIso } from '../../lib/time.js';
import type { AuditService } from '../audit/index.js';
import type {
  PatientIdentity,
  PatientsService,
  ProfessionalRecord,
  ProfessionalsService,
} from '../people/index.js';
import {
  appointmentEventStatement,
  recordAppointmentEvent,
  type AppointmentEvent,
} from './appointment-events.js';
import {
  AppointmentLifecycle,
  type TransitionDetails,
  type TransitionTarget,
} from './appointment-lifecycle.js';
import {
  selectAppointments,
  toAppointmentView,
  type AppointmentRecord,
} from './appointment-records.js';
import { activeStatuses, assertTransition } from './appointment-status.js';
import { lockCalendars } from './calendar-locks.js';
import { DEFER_NOTICES, sendCalendarNotices } from './calendar-notices.js';
import { PatientListCache } from './patient-list-cache.js';
import type {
  AppointmentView,
  NewAppointmentInput,
  RescheduleInput,
} from './appointments-schemas.js';
import {
  MAX_APPOINTMENT_MS,
  slotMinutesOf,
  type AvailabilityService,
} from './availability-service.js';
import { slotGridPoint, type SlotGridPoint } from './slots.js';

/** What a caller may do to one appointment, each decided by the policy with the appointment. */
export type AppointmentAccess =
  | 'appointments.read'
  | 'appointments.update'
  | 'appointments.cancel'
  | 'appointments.checkIn'
  | 'appointments.call'
  | 'appointments.finish'
  | 'appointments.noShow';

/** How many overdue appointments one sweep marks, each sweep in one transaction. */
const NO_SHOW_BATCH = 100;

const PROFESSIONAL_OVERLAP = 'appointments_professional_no_overlap';
const PATIENT_OVERLAP = 'appointments_patient_no_overlap';
/** Raised by `book_appointment` (migration 0012) for a time that is not a slot. */
const NOT_A_SLOT = 'CDS01';
/** Raised by `book_appointment` (migration 0012) for an unforced booking on a forced one. */
const FORCED_OVERLAP = 'appointments_forced_overlap';

/** Booking, rescheduling, cancelling and deleting appointments: the rules and their records. */
export class AppointmentsService {
  private readonly lifecycle: AppointmentLifecycle;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly patients: PatientsService,
    private readonly professionals: ProfessionalsService,
    private readonly availability: AvailabilityService,
    private readonly audit: AuditService,
    private readonly config: Pick<Config, 'clinic' | 'booking' | 'queue'>,
  ) {
    this.lifecycle = new AppointmentLifecycle(audit, config.clinic.timeZone);
  }

  /** Patients' upcoming lists as their portal reads them (read by AppointmentListsService). */
  readonly patientLists = new PatientListCache();

  /** Keeps patients' lists in memory while the feed reports their changes. */
  followChanges(feed: ChangeFeed): Promise<() => void> {
    return this.patientLists.follow(feed);
  }

  /**
   * Books; with `checkIn`, the new appointment is checked in in the booking's own transaction
   * (a walk-in is booked and checked in at once, or not at all).
   */
  async book(
    input: NewAppointmentInput,
    context: RequestContext,
    options: { checkIn?: TransitionDetails['checkIn'] } = {},
  ): Promise<AppointmentView> {
    const actor = actingUser(context);
    const forced = input.force === true;
    if (forced && !can(actor, 'appointments.force')) {
      throw forbidden('Only the clinic staff may force a booking.');
    }
    const [patient, professional] = await Promise.all([
      this.patientFor(input.patient, actor),
      this.bookable(input.professional),
    ]);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(startsAt.getTime() + slotMinutesOf(professional) * 60_000);
    // The slot itself is checked by the booking's statement when it can be (`slotGridPoint`).
    const slot = await this.checkTime(professional, startsAt, endsAt, {
      forced,
      actor,
      deferSlot: true,
    });

    // Everything the new row holds is known here: no read-back after the insert.
    const bookedAt = this.clock.now();
    const appointment: AppointmentRecord = {
      id: randomUUID(),
      patientUserId: patient.userId,
      professionalUserId: professional.userId,
      startsAt,
      endsAt,
      status: 'scheduled',
      reason: input.reason?.trim() ?? null,
      ticket: null,
      priority: 0,
      priorityReason: null,
      cancelReason: null,
      forced,
      createdAt: bookedAt,
      checkedInAt: null,
      calledAt: null,
      finishedAt: null,
      noShowAt: null,
      revision: 0,
      patientRegisterNumber: patient.registerNumber,
      patientName: patient.name,
      professionalCouncilNumber: professional.councilNumber,
      professionalName: professional.name,
      professionalOffice: professional.officeNumber,
      professionalGender: professional.gender,
      specialty: professional.specialty,
      total: 1,
    };
    // The appointment, its history, outbox event and audit entry: one statement (see
    // `bookingStatement`), which is a transaction of its own unless the walk-in's check-in
    // must join it.
    const statement = this.bookingStatement(appointment, actor, context, slot, {
      noticesAfterCommit: !options.checkIn,
    });
    const refused = (error: unknown) => this.bookingRefused(error, professional);
    await retryingTransientConflicts(async () => {
      if (!options.checkIn) {
        await this.db.execute(statement).catch(refused);
        await sendCalendarNotices(this.db, {
          professionalUserId: professional.userId,
          patientUserId: patient.userId,
        });
        return;
      }
      const checkIn = options.checkIn;
      await this.db.transaction(async (tx) => {
        await tx.execute(statement).catch(refused);
        await this.lifecycle.transition(tx, appointment, 'checked_in', {
          actor,
          context,
          now: this.clock.now(),
          checkIn,
        });
      });
    });
    this.committed(appointment);
    return this.view(options.checkIn ? await this.record(appointment.id) : appointment);
  }

  /**
   * A booking's whole write as one statement. `book_appointment` (migration 0012) checks the
   * slot (given `slot`: see `checkTime`), takes the calendar locks and then, with a snapshot of
   * its own taken after them (so it sees every booking that committed before), refuses an
   * unforced booking that lands on a forced appointment, which the exclusion constraints leave
   * out, and inserts the row; the constraints refuse overlaps with unforced ones. Either refusal
   * fails the statement whole: nothing of the booking is written. The history entry, the outbox
   * event and the audit entry are written by the same statement; its notices too, unless
   * `noticesAfterCommit` leaves them to `sendCalendarNotices` (see DEFER_NOTICES).
   */
  private bookingStatement(
    row: AppointmentRecord,
    actor: UserActor,
    context: RequestContext,
    slot: SlotGridPoint | undefined,
    { noticesAfterCommit }: { noticesAfterCommit: boolean },
  ) {
    const createdAt = row.createdAt.toISOString();
    const slotMinutes = (row.endsAt.getTime() - row.startsAt.getTime()) / 60_000;
    return appointmentEventStatement(
      { action: 'booked', appointment: row, actor },
      this.config.clinic.timeZone,
      {
        change: sql`select book_appointment(${row.id}::uuid, ${row.patientUserId}::uuid,
          ${row.professionalUserId}::uuid, ${row.startsAt.toISOString()}::timestamptz,
          ${row.endsAt.toISOString()}::timestamptz, ${row.reason}::text, ${row.forced}::boolean,
          ${actor.userId}::uuid, ${createdAt}::timestamptz, ${slot?.weekday ?? null}::smallint,
          ${slot?.localMs ?? null}::bigint, ${slot?.endOfDayMs ?? null}::bigint,
          ${slotMinutes}::integer)${noticesAfterCommit ? sql` from ${DEFER_NOTICES}` : sql``}`,
        audit: this.audit.insertStatement(context, 'appointment.create', [row.patientUserId], {
          appointmentId: row.id,
          ...(row.forced ? { forced: true } : {}),
        }),
        noticesAfterCommit,
      },
    );
  }

  /** What the booking's statement refusing means: a 422 for a time off the grid, or a 409. */
  private async bookingRefused(error: unknown, professional: ProfessionalRecord): Promise<never> {
    if (postgresError(error).code === NOT_A_SLOT) throw await this.notASlot(professional);
    return overlapToConflict(error);
  }

  /**
   * Moves an appointment (time, professional) or edits its reason, with the booking checks. Its
   * patient may move it to another slot of the same professional until its start, with the
   * rules they book by (the slot grid, the minimum notice), and edit its reason.
   */
  async reschedule(
    id: string,
    input: RescheduleInput,
    context: RequestContext,
  ): Promise<AppointmentView> {
    const actor = actingUser(context);
    const current = await this.visible(id, actor, 'appointments.update');
    const forced = input.force === true;
    if (forced && !can(actor, 'appointments.force')) {
      throw forbidden('Only the clinic staff may force a booking.');
    }
    const professional =
      input.professional === undefined
        ? undefined
        : await this.bookable(input.professional, current.professionalUserId);
    if (actor.role === 'patient') {
      if (professional && professional.userId !== current.professionalUserId) {
        throw forbidden(
          'Patients can move an appointment only to another time with the same professional; ' +
            'book a new appointment to see another one.',
        );
      }
      const begun =
        current.status === 'checked_in' ||
        current.status === 'in_progress' ||
        (current.status === 'scheduled' && current.startsAt <= this.clock.now());
      if (begun) {
        throw unprocessable(
          'The appointment has already begun (its time has come, or you have checked in); ' +
            'please contact the clinic to change it.',
        );
      }
    }
    const moving =
      (professional !== undefined && professional.userId !== current.professionalUserId) ||
      (input.startsAt !== undefined &&
        new Date(input.startsAt).getTime() !== current.startsAt.getTime());
    if (moving && current.status !== 'scheduled') {
      throw unprocessable('Only a scheduled appointment can be moved.');
    }
    if (!moving && ['cancelled', 'no_show', 'finished'].includes(current.status)) {
      throw unprocessable('A closed appointment cannot be changed.');
    }

    const target =
      professional ?? (await this.professionals.resolve(current.professionalCouncilNumber));
    const startsAt = input.startsAt === undefined ? current.startsAt : new Date(input.startsAt);
    const endsAt = moving
      ? new Date(startsAt.getTime() + slotMinutesOf(target) * 60_000)
      : current.endsAt;
    if (moving) await this.checkTime(target, startsAt, endsAt, { forced, actor });

    const reason = input.reason === undefined ? current.reason : (input.reason?.trim() ?? null);
    const changes = changesBetween(
      current,
      {
        startsAt,
        endsAt,
        professional: target,
        reason,
      },
      this.config.clinic.timeZone,
    );
    if (!changes.length) return this.view(current);

    await retryingTransientConflicts(() =>
      this.db.transaction(async (tx) => {
        if (moving) await lockCalendars(tx, target.userId, current.patientUserId);
        if (moving && !forced) {
          await this.refuseForcedOverlap(tx, target.userId, startsAt, endsAt, current.id);
        }
        await tx
          .update(appointments)
          .set({
            professionalUserId: target.userId,
            startsAt,
            endsAt,
            reason,
            // A move is forced or not on its own terms; editing the reason keeps the flag.
            forced: moving ? forced : current.forced,
            updatedAt: this.clock.now(),
            revision: sql`${appointments.revision} + 1`,
          })
          .where(eq(appointments.id, current.id))
          .catch(overlapToConflict);
        const appointment = await this.record(current.id, tx);
        await this.changed(tx, {
          action: moving ? 'rescheduled' : 'updated',
          appointment,
          actor,
          changes,
        });
        await this.audit.record(
          context,
          'appointment.update',
          [current.patientUserId],
          { appointmentId: current.id, changes: changes.map((change) => change.field) },
          tx,
        );
      }),
    );
    this.committed(current, target.userId);
    return this.view(await this.record(current.id));
  }

  /** Cancels: its patient until the start, the clinic staff until it is under way. */
  async cancel(
    id: string,
    input: { reason?: string },
    context: RequestContext,
  ): Promise<AppointmentView> {
    const actor = actingUser(context);
    const current = await this.visible(id, actor, 'appointments.cancel');
    assertTransition(current.status, 'cancelled');
    const now = this.clock.now();
    if (actor.role === 'patient' && current.startsAt <= now) {
      throw unprocessable(
        'The appointment has already started; please contact the clinic to cancel it.',
      );
    }
    const reason = input.reason?.trim() ?? null;
    await this.db.transaction((tx) =>
      this.lifecycle.transition(tx, current, 'cancelled', { actor, context, now, reason }),
    );
    this.committed(current);
    return this.view(await this.record(current.id));
  }

  /** Removes an entry made in error; its history and the event stay. */
  async remove(id: string, context: RequestContext): Promise<void> {
    const actor = actingUser(context);
    const current = await this.record(id);
    await this.db.transaction((tx) =>
      this.lifecycle.transition(tx, current, 'deleted', { actor, context, now: this.clock.now() }),
    );
    this.committed(current);
  }

  /**
   * Marks as no-shows the appointments still scheduled `NO_SHOW_AFTER_MINUTES` after their end.
   * Safe with several workers at once (each row is claimed with `SKIP LOCKED`); returns how many
   * it marked.
   */
  async sweepNoShows(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.queue.noShowAfterMinutes * 60_000);
    let marked = 0;
    for (;;) {
      const batch = await this.db.transaction(async (tx) => {
        const due = await tx
          .select({ id: appointments.id })
          .from(appointments)
          .where(and(eq(appointments.status, 'scheduled'), lt(appointments.endsAt, cutoff)))
          .orderBy(asc(appointments.endsAt))
          .limit(NO_SHOW_BATCH)
          .for('update', { skipLocked: true });
        for (const { id } of due) {
          const current = await this.record(id, tx);
          await this.lifecycle.transition(tx, current, 'no_show', { actor: anonymous, now });
        }
        return due.length;
      });
      marked += batch;
      if (batch < NO_SHOW_BATCH) return marked;
    }
  }

  /**
   * A status change by the front desk or the professional (check-in, call, finish, no-show),
   * in the caller's transaction: see AppointmentLifecycle.
   */
  transition(
    tx: Executor,
    current: AppointmentRecord,
    to: TransitionTarget,
    details: TransitionDetails,
  ): Promise<void> {
    return this.lifecycle.transition(tx, current, to, details);
  }

  /** The appointment, when the caller may do `action` to it; 404 for those who may not know it. */
  async visible(
    id: string,
    actor: UserActor,
    action: AppointmentAccess,
  ): Promise<AppointmentRecord> {
    return authorize(actor, action, () => this.find(id), 'There is no such appointment.');
  }

  async record(id: string, executor: Executor = this.db): Promise<AppointmentRecord> {
    const appointment = await this.find(id, executor);
    if (!appointment) throw notFound('There is no such appointment.');
    return appointment;
  }

  view(appointment: AppointmentRecord): AppointmentView {
    return toAppointmentView(appointment, this.config.clinic.timeZone);
  }

  /**
   * Called once this instance's change to an appointment is committed: the free slots of its
   * professional (and of the one it moved to) and its patient's list are read again at once,
   * without waiting for the change's notification.
   */
  private committed(
    appointment: Pick<AppointmentRecord, 'patientUserId' | 'professionalUserId'>,
    movedTo?: string,
  ): void {
    this.availability.calendarChanged(appointment.professionalUserId);
    if (movedTo !== undefined && movedTo !== appointment.professionalUserId) {
      this.availability.calendarChanged(movedTo);
    }
    this.patientLists.changed(appointment.patientUserId);
  }

  /** Whether the professional has appointments still to be attended from now on. */
  async hasUpcoming(professionalUserId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          eq(appointments.professionalUserId, professionalUserId),
          gt(appointments.endsAt, this.clock.now()),
          inArray(appointments.status, ['scheduled', 'checked_in', 'in_progress']),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  /** Whether the professional has (or had) an appointment with the patient, not cancelled. */
  async attends(professionalUserId: string, patientUserId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          eq(appointments.patientUserId, patientUserId),
          eq(appointments.professionalUserId, professionalUserId),
          ne(appointments.status, 'cancelled'),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  private async find(id: string, executor: Executor = this.db) {
    const [row] = await selectAppointments(executor).where(eq(appointments.id, id)).limit(1);
    return row;
  }

  changed(tx: Executor, event: AppointmentEvent) {
    return recordAppointmentEvent(tx, event, this.config.clinic.timeZone);
  }

  /** Patients book for themselves; the staff name the patient. */
  private async patientFor(
    registerNumber: string | undefined,
    actor: UserActor,
  ): Promise<PatientIdentity> {
    if (actor.role === 'patient') {
      const self = await this.patients.identity({ userId: actor.userId });
      if (!self) throw forbidden('Only patients and the clinic staff may book.');
      if (registerNumber !== undefined && registerNumber !== self.registerNumber) {
        throw forbidden('Patients can book only for themselves.');
      }
      return self;
    }
    if (registerNumber === undefined) throw fieldError('patient', 'is required');
    const patient = await this.patients.identity({ registerNumber });
    if (!patient) throw notFound('There is no patient with this register number.');
    if (!patient.active) throw unprocessable('This patient’s account is deactivated.');
    return patient;
  }

  /** The professional, when they take appointments (the current one may stay on a move). */
  private async bookable(
    councilNumber: string,
    currentUserId?: string,
  ): Promise<ProfessionalRecord> {
    const professional = await this.professionals.resolve(councilNumber);
    if (!professional.active && professional.userId !== currentUserId) {
      throw unprocessable('This professional no longer takes appointments.');
    }
    return professional;
  }

  /**
   * The time rules: not in the past, not beyond the horizon, and (unless forced) on a slot of the
   * professional's working hours, at least the minimum notice ahead for patients. With
   * `deferSlot`, the slot is left to the booking's statement when it can check it: its position
   * on the day's wall clock is returned for it.
   */
  private async checkTime(
    professional: ProfessionalRecord,
    startsAt: Date,
    endsAt: Date,
    { forced, actor, deferSlot }: { forced: boolean; actor: UserActor; deferSlot?: boolean },
  ): Promise<SlotGridPoint | undefined> {
    const now = this.clock.now().getTime();
    const { minNoticeMinutes, horizonDays } = this.config.booking;
    if ((forced ? endsAt.getTime() : startsAt.getTime()) <= now) {
      throw unprocessable('That time has already passed.');
    }
    if (startsAt.getTime() > now + horizonDays * 86_400_000) {
      throw unprocessable(`Appointments can be booked up to ${horizonDays} days ahead.`);
    }
    if (forced) return undefined;
    if (actor.role === 'patient' && startsAt.getTime() < now + minNoticeMinutes * 60_000) {
      throw unprocessable(
        `Appointments must be booked at least ${noticeText(minNoticeMinutes)} ahead.`,
      );
    }
    const point = deferSlot ? slotGridPoint(startsAt, this.config.clinic.timeZone) : undefined;
    if (point) return point;
    if (!(await this.availability.isSlotStart(professional, startsAt))) {
      throw await this.notASlot(professional);
    }
    return undefined;
  }

  /** Why a time is not one of the professional's slots; only on the way out. */
  private async notASlot(professional: ProfessionalRecord): Promise<HttpProblem> {
    if (!(await this.availability.hasWorkingHours(professional))) {
      return unprocessable(
        'This professional has no working hours yet, so nothing can be booked with them. ' +
          'An admin sets their working hours first.',
      );
    }
    return unprocessable(
      'That time is not one of the professional’s slots (outside working hours, off the ' +
        'slot grid, or during time off).',
    );
  }

  /** A regular move may not land on a forced appointment (as `book_appointment` checks). */
  private async refuseForcedOverlap(
    tx: Executor,
    professionalUserId: string,
    startsAt: Date,
    endsAt: Date,
    exceptId: string,
  ): Promise<void> {
    const [row] = await tx.execute<{ clash: boolean }>(
      sql`select ${forcedOverlap(professionalUserId, startsAt, endsAt, exceptId)} as clash`,
    );
    if (row?.clash) throw slotTaken();
  }
}

/**
 * Whether an active forced appointment of the professional overlaps [startsAt, endsAt). An
 * appointment lasts at most 12 hours, so bounding the start keeps this on the start index.
 */
function forcedOverlap(
  professionalUserId: string,
  startsAt: Date,
  endsAt: Date,
  exceptId?: string,
): SQL {
  const earliestStart = new Date(startsAt.getTime() - MAX_APPOINTMENT_MS);
  return sql`exists (
    select 1 from appointments
    where professional_user_id = ${professionalUserId}::uuid
      and forced
      and status in (${sql.join(
        activeStatuses.map((status) => sql`${status}`),
        sql`, `,
      )})
      and starts_at > ${earliestStart.toISOString()}::timestamptz
      and starts_at < ${endsAt.toISOString()}::timestamptz
      and ends_at > ${startsAt.toISOString()}::timestamptz
      ${exceptId ? sql`and id <> ${exceptId}::uuid` : sql``}
  )`;
}

/** Its own problem type, so a booking page can tell it from the patient being busy then. */
function slotTaken() {
  return new HttpProblem(409, 'That time is already taken; please choose another slot.', {
    slug: 'slot-taken',
  });
}

/** The exclusion constraints' verdict on a race, as the 409 it means. */
function overlapToConflict(error: unknown): never {
  if (isExclusionViolation(error, PROFESSIONAL_OVERLAP)) throw slotTaken();
  if (isExclusionViolation(error, FORCED_OVERLAP)) throw slotTaken();
  if (isExclusionViolation(error, PATIENT_OVERLAP)) {
    throw conflict('The patient already has an appointment at that time.');
  }
  throw error;
}

/** What a change alters, as the notices word it: each field with its old and new value. */
function changesBetween(
  current: AppointmentRecord,
  next: { startsAt: Date; endsAt: Date; professional: ProfessionalRecord; reason: string | null },
  timeZone: string,
): AppointmentChange[] {
  const changes: AppointmentChange[] = [];
  if (next.startsAt.getTime() !== current.startsAt.getTime()) {
    changes.push({
      field: 'startsAt',
      from: toZonedIso(current.startsAt, timeZone),
      to: toZonedIso(next.startsAt, timeZone),
    });
  }
  if (next.endsAt.getTime() !== current.endsAt.getTime()) {
    changes.push({
      field: 'endsAt',
      from: toZonedIso(current.endsAt, timeZone),
      to: toZonedIso(next.endsAt, timeZone),
    });
  }
  if (next.professional.userId !== current.professionalUserId) {
    changes.push({
      field: 'professional',
      from: { councilNumber: current.professionalCouncilNumber, name: current.professionalName },
      to: { councilNumber: next.professional.councilNumber, name: next.professional.name },
    });
  }
  if (next.reason !== current.reason) {
    changes.push({ field: 'reason', from: current.reason, to: next.reason });
  }
  return changes;
}

function noticeText(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
