import { and, asc, desc, eq, gte, ne } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import type { Actor } from '../../http/access.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import { forbidden, unprocessable } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { todayIn } from '../../lib/dates.js';
import { startOfDay, toZonedIso } from '../../lib/time.js';
import type { PatientsService, ProfessionalsService } from '../people/index.js';
import type { ConsultationsService, ConsultationText } from '../records/index.js';
import {
  appointmentsRelation,
  assertTransition,
  lockProfessional,
  type AppointmentRecord,
  type AppointmentsService,
  type AppointmentView,
} from '../scheduling/index.js';
import { priorityAtCheckIn, type DeclaredPriority } from './priority.js';

const appointments = appointmentsRelation();

export interface CheckInInput {
  priority?: boolean;
  priorityReason?: DeclaredPriority;
}

export interface WalkInInput extends CheckInInput {
  professional: string;
  patient: string;
  reason?: string;
}

/**
 * The day at the front desk: check-in (with the day's ticket and legal priority), walk-ins,
 * calling in, finishing and no-shows. Each transition is atomic (guarded by the status it
 * leaves), serialised per professional, and recorded with who and when in the appointment's
 * history and an outbox event, in the same transaction.
 */
export class QueueTransitionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly appointments: AppointmentsService,
    private readonly patients: PatientsService,
    private readonly professionals: ProfessionalsService,
    private readonly consultations: ConsultationsService,
    private readonly config: Pick<Config, 'clinic'>,
  ) {}

  /** The patient arrived: any of today's appointments, early arrivals too. */
  async checkIn(id: string, input: CheckInInput, context: RequestContext) {
    const actor = actingUser(context);
    const current = await this.appointments.visible(id, actor, 'appointments.checkIn');
    assertTransition(current.status, 'checked_in');
    await this.db.transaction(async (tx) => {
      await lockProfessional(tx, current.professionalUserId);
      await this.checkInLocked(tx, current, input, actor, context);
    });
    return this.viewOf(id);
  }

  /**
   * A patient without an appointment: booked for now (forced) and checked in, in one call to
   * scheduling and one transaction (the booking holds the professional's lock).
   */
  async walkIn(input: WalkInInput, context: RequestContext): Promise<AppointmentView> {
    actingUser(context);
    const now = this.clock.now();
    const startsAt = new Date(now.getTime() - (now.getTime() % 60_000));
    const patient = await this.patients.identity({ registerNumber: input.patient });
    return this.appointments.book(
      {
        professional: input.professional,
        patient: input.patient,
        startsAt: startsAt.toISOString(),
        force: true,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      },
      context,
      {
        checkIn: this.checkInOf(
          patient?.birthDate ?? null,
          input,
          todayIn(this.config.clinic.timeZone, this.clock),
        ),
      },
    );
  }

  /** Calls the patient in (`in_progress`). */
  async call(id: string, context: RequestContext): Promise<AppointmentView> {
    const actor = actingUser(context);
    const current = await this.appointments.visible(id, actor, 'appointments.call');
    assertTransition(current.status, 'in_progress');
    await this.db.transaction(async (tx) => {
      await lockProfessional(tx, current.professionalUserId);
      await this.callLocked(tx, current, actor, context);
    });
    return this.viewOf(id);
  }

  /** Calls in whoever is first in the professional's queue today. */
  async callNext(councilNumber: string, context: RequestContext): Promise<AppointmentView> {
    const actor = actingUser(context);
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'queue.callNext',
    );
    const id = await this.db.transaction(async (tx) => {
      await lockProfessional(tx, professional.userId);
      const today = todayIn(this.config.clinic.timeZone, this.clock);
      const [next] = await tx
        .select({ id: appointments.id })
        .from(appointments)
        .where(
          and(
            eq(appointments.professionalUserId, professional.userId),
            eq(appointments.ticketDay, today),
            eq(appointments.status, 'checked_in'),
          ),
        )
        // Tickets are numbered in the order of arrival, under the professional's lock.
        .orderBy(desc(appointments.priority), asc(appointments.ticket))
        .limit(1);
      if (!next) throw unprocessable('Nobody is waiting for this professional.');
      await this.callLocked(tx, await this.appointments.record(next.id, tx), actor, context);
      return next.id;
    });
    return this.viewOf(id);
  }

  /**
   * The consultation is over; what the professional wrote (notes, diagnoses, follow-up) becomes
   * the first version of the consultation in the patient's records, in the same transaction.
   */
  async finish(
    id: string,
    input: ConsultationText,
    context: RequestContext,
  ): Promise<AppointmentView> {
    const actor = actingUser(context);
    const current = await this.appointments.visible(id, actor, 'appointments.finish');
    assertTransition(current.status, 'finished');
    const writes = Boolean(
      input.notes?.trim() || input.diagnoses?.length || input.followUp?.trim(),
    );
    if (writes && actor.userId !== current.professionalUserId) {
      // Clinical content is written by the professional who attended, nobody else.
      throw forbidden('Only the professional who attended writes consultation notes.');
    }
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await lockProfessional(tx, current.professionalUserId);
      await this.appointments.transition(tx, current, 'finished', { actor, context, now });
      if (writes) await this.consultations.recordAtFinish(tx, current.id, input, actor.userId, now);
    });
    return this.viewOf(id);
  }

  /** The patient did not come (the worker also marks it by itself after the grace period). */
  async markNoShow(id: string, context: RequestContext): Promise<AppointmentView> {
    const actor = actingUser(context);
    const current = await this.appointments.visible(id, actor, 'appointments.noShow');
    assertTransition(current.status, 'no_show');
    const now = this.clock.now();
    if (current.startsAt > now) {
      throw unprocessable('The appointment has not started yet; the patient may still come.');
    }
    await this.db.transaction(async (tx) => {
      await lockProfessional(tx, current.professionalUserId);
      await this.appointments.transition(tx, current, 'no_show', { actor, context, now });
    });
    return this.viewOf(id);
  }

  /** Check-in inside a transaction that holds the professional's lock. */
  private async checkInLocked(
    tx: Executor,
    current: AppointmentRecord,
    input: CheckInInput,
    actor: Actor,
    context: RequestContext,
  ): Promise<void> {
    const timeZone = this.config.clinic.timeZone;
    const day = toZonedIso(current.startsAt, timeZone).slice(0, 10);
    const today = todayIn(timeZone, this.clock);
    if (day !== today) {
      throw unprocessable(`Only today’s appointments can be checked in; this one is on ${day}.`);
    }
    const patient = await this.patients.identity({ userId: current.patientUserId });
    await this.appointments.transition(tx, current, 'checked_in', {
      actor,
      context,
      now: this.clock.now(),
      checkIn: this.checkInOf(patient?.birthDate ?? null, input, today),
    });
  }

  /** Today's ticket day and the patient's legal priority: from the age, or as declared. */
  private checkInOf(birthDate: string | null, input: CheckInInput, today: string) {
    const priority = priorityAtCheckIn({
      birthDate,
      today,
      ...(input.priority === undefined
        ? {}
        : {
            declared: {
              priority: input.priority,
              ...(input.priorityReason ? { reason: input.priorityReason } : {}),
            },
          }),
    });
    return { day: today, priority };
  }

  /** Calling in inside a transaction that holds the professional's lock. */
  private async callLocked(
    tx: Executor,
    current: AppointmentRecord,
    actor: Actor,
    context: RequestContext,
  ): Promise<void> {
    assertTransition(current.status, 'in_progress');
    const timeZone = this.config.clinic.timeZone;
    const today = todayIn(timeZone, this.clock);
    const [busy] = await tx
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          eq(appointments.professionalUserId, current.professionalUserId),
          eq(appointments.status, 'in_progress'),
          ne(appointments.id, current.id),
          // Only today's: a consultation left open on an earlier day does not block the queue.
          gte(appointments.startsAt, startOfDay(today, timeZone)),
        ),
      )
      .limit(1);
    if (busy) {
      throw unprocessable(
        'The professional is with another patient; finish that consultation first.',
      );
    }
    const now = this.clock.now();
    await this.appointments.transition(tx, current, 'in_progress', { actor, context, now });
  }

  private async viewOf(id: string): Promise<AppointmentView> {
    return this.appointments.view(await this.appointments.record(id));
  }
}
