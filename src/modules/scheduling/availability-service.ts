import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { appointments, timeOff, workingHours } from '../../db/schema/scheduling.js';
import type { RequestContext } from '../../http/actor.js';
import { badRequest, fieldError, notFound } from '../../http/problem.js';
import type { ChangeFeed } from '../../db/change-feed.js';
import type { Clock } from '../../lib/clock.js';
import { todayIn } from '../../lib/dates.js';
import { toZonedIso } from '../../lib/time.js';
import type { ProfessionalRecord, ProfessionalsService } from '../people/index.js';
import { activeStatuses } from './appointment-status.js';
import type { AvailabilityInput, TimeOffInputValue, TimeOffView } from './availability-schemas.js';
import { MAX_APPOINTMENT_MS, type SlotInputsReader, slotInputsReader } from './slot-inputs.js';
import {
  type EpochInterval,
  type EpochSlotQuery,
  type Interval,
  isFreeSlotStart,
  plusDays,
  type WeeklyRange,
  zonedDay,
  zonedDaySpan,
  zonedFreeSlots,
  zonedFreeSlotsJson,
  type ZonedSlot,
} from './slots.js';
import { FreeSlotCache } from './free-slot-cache.js';
import { weeklyHoursProblems } from './weekly-hours.js';

export { MAX_APPOINTMENT_MS } from './slot-inputs.js';

/** The longest span one slots request may cover (the contract's limit). */
const MAX_RANGE_DAYS = 62;

/** An interval as JSON gives it back: instants as text. */
interface JsonInterval {
  start: string;
  end: string;
}

/** Working hours, time off, and the free slots they leave. */
export class AvailabilityService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly professionals: ProfessionalsService,
    private readonly config: Pick<Config, 'clinic' | 'booking'>,
    /** The raw driver: the free-slot route's statement is written for it (`slot-inputs.ts`). */
    sql: postgres.Sql,
  ) {
    this.slotInputs = slotInputsReader(sql);
  }

  private readonly slotInputs: SlotInputsReader;
  private readonly slotCache = new FreeSlotCache();

  /** Keeps free slots in memory while the feed reports their changes; resolves once listening. */
  followChanges(feed: ChangeFeed): Promise<() => void> {
    return this.slotCache.follow(feed);
  }

  /**
   * Called by this instance's writers of a professional's calendar once their change is
   * committed, so that the next answers read it without waiting for its notification.
   */
  calendarChanged(professionalUserId: string): void {
    this.slotCache.changed(professionalUserId);
  }

  async get(councilNumber: string): Promise<AvailabilityInput> {
    const professional = await this.professionals.resolve(councilNumber);
    return {
      slotMinutes: slotMinutesOf(professional),
      weekly: await this.weekly([professional.userId]).then(
        (hours) => hours.get(professional.userId) ?? [],
      ),
    };
  }

  /** Replaces the whole week at once, so a week is never half old, half new. */
  async replace(councilNumber: string, input: AvailabilityInput, context: RequestContext) {
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'availability.update',
    );
    const problems = weeklyHoursProblems(input.weekly);
    if (problems.length) throw badRequest('The working hours are not usable.', problems);
    await this.professionals.changeSchedule(professional.userId, input.slotMinutes, async (tx) => {
      await tx.delete(workingHours).where(eq(workingHours.professionalUserId, professional.userId));
      if (input.weekly.length) {
        await tx
          .insert(workingHours)
          .values(
            input.weekly.map((range) => ({ professionalUserId: professional.userId, ...range })),
          );
      }
    });
    this.calendarChanged(professional.userId);
    return this.get(councilNumber);
  }

  async listTimeOff(
    councilNumber: string,
    range: { from?: string; to?: string },
    context: RequestContext,
  ): Promise<TimeOffView[]> {
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'timeOff.read',
    );
    // Listing defaults to everything ahead in the longest span allowed.
    const from = range.from ?? todayIn(this.config.clinic.timeZone, this.clock);
    const { start, end } = this.span({ from, to: range.to ?? plusDays(from, MAX_RANGE_DAYS - 1) });
    const rows = await this.db
      .select()
      .from(timeOff)
      .where(
        and(
          eq(timeOff.professionalUserId, professional.userId),
          lt(timeOff.startsAt, end),
          gt(timeOff.endsAt, start),
        ),
      )
      .orderBy(asc(timeOff.startsAt));
    return rows.map((row) => this.timeOffView(row));
  }

  async addTimeOff(councilNumber: string, input: TimeOffInputValue, context: RequestContext) {
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'timeOff.create',
    );
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (endsAt <= startsAt) throw fieldError('endsAt', 'must be after startsAt');
    const [row] = await this.db
      .insert(timeOff)
      .values({
        professionalUserId: professional.userId,
        startsAt,
        endsAt,
        reason: input.reason?.trim() ?? null,
        createdBy: context.actor.kind === 'user' ? context.actor.userId : null,
      })
      .returning();
    this.calendarChanged(professional.userId);
    return this.timeOffView(row!);
  }

  async removeTimeOff(councilNumber: string, id: string, context: RequestContext): Promise<void> {
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'timeOff.delete',
    );
    const removed = await this.db
      .delete(timeOff)
      .where(and(eq(timeOff.id, id), eq(timeOff.professionalUserId, professional.userId)))
      .returning({ id: timeOff.id });
    this.calendarChanged(professional.userId);
    if (!removed.length) throw notFound('There is no such time off.');
  }

  /**
   * One professional's free slots: their hours minus their time off and appointments, in the
   * booking window (the route answers them with `slotsJson`).
   */
  async slots(
    councilNumber: string,
    range: { from?: string; to?: string },
    context: RequestContext,
  ): Promise<ZonedSlot[]> {
    return zonedFreeSlots(await this.slotQuery(councilNumber, range, context));
  }

  /**
   * `slots` as the route answers them: the JSON array, written as its schema would write it,
   * kept in memory per professional and range until it changes (`free-slot-cache.ts`).
   */
  async slotsJson(
    councilNumber: string,
    range: { from?: string; to?: string },
    context: RequestContext,
  ): Promise<Buffer> {
    const professional = await this.professionals.resolveFor(councilNumber, context);
    const days = this.days(range);
    const now = this.clock.now().getTime();
    const slotMinutes = slotMinutesOf(professional);
    const key = `${days.start} ${days.end} ${slotMinutes}`;
    return this.slotCache.answer(professional.userId, key, now, async () => {
      const { weekly, busy } = await this.slotInputs(professional.userId, days.start, days.end);
      const query = this.slotQueryOf(professional, days, weekly, busy, now);
      const { json, firstStart } = zonedFreeSlotsJson(query);
      // The passing time alone changes the answer when its first slot falls inside the minimum
      // notice, or, for a range reaching past the booking horizon, when a slot enters it.
      const pastHorizon = days.end - 1 > query.latest.getTime();
      const validUntil = pastHorizon
        ? now
        : firstStart === undefined
          ? Infinity
          : firstStart - (query.earliest.getTime() - now) + 1;
      return { json: Buffer.from(json), validUntil };
    });
  }

  /** What one professional's free slots are computed from: one statement (`slot-inputs.ts`). */
  private async slotQuery(
    councilNumber: string,
    range: { from?: string; to?: string },
    context: RequestContext,
  ): Promise<EpochSlotQuery> {
    const professional = await this.professionals.resolveFor(councilNumber, context);
    const days = this.days(range);
    const { weekly, busy } = await this.slotInputs(professional.userId, days.start, days.end);
    return this.slotQueryOf(professional, days, weekly, busy);
  }

  /** Free slots of every active professional of a specialty, in time order. */
  async slotsForSpecialty(specialty: string, range: { from?: string; to?: string }) {
    const professionals = await this.professionals.activeOfSpecialty(specialty);
    const perProfessional = await this.slotsOf(professionals, range);
    return perProfessional
      .flatMap(({ professional, slots }) =>
        slots.map((slot) => ({
          professional: { councilNumber: professional.councilNumber, name: professional.name },
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          at: slot.start,
        })),
      )
      .sort((a, b) => a.at - b.at || a.professional.name.localeCompare(b.professional.name))
      .map(({ at: _at, ...slot }) => slot);
  }

  /** Whether the professional has any weekly working hours at all. */
  async hasWorkingHours(professional: ProfessionalRecord): Promise<boolean> {
    const [row] = await this.db
      .select({ userId: workingHours.professionalUserId })
      .from(workingHours)
      .where(eq(workingHours.professionalUserId, professional.userId))
      .limit(1);
    return row !== undefined;
  }

  /**
   * Whether a slot of the professional's grid starts at this instant: inside their working hours,
   * on the slot grid, outside time off. Appointments and the booking window are not considered.
   */
  async isSlotStart(professional: ProfessionalRecord, start: Date): Promise<boolean> {
    const timeZone = this.config.clinic.timeZone;
    const { weekday, start: dayStart, end: dayEnd } = zonedDay(start, timeZone);
    // The day's hours and time off in one round trip: this runs inside every booking.
    const [row] = await this.db.execute<{ hours: WeeklyRange[]; absences: JsonInterval[] }>(sql`
      select
        (select coalesce(json_agg(json_build_object(
                  'weekday', weekday, 'start', start, 'end', "end")), '[]')
         from ${workingHours}
         where professional_user_id = ${professional.userId}::uuid and weekday = ${weekday}
        ) as hours,
        (select coalesce(json_agg(json_build_object('start', starts_at, 'end', ends_at)), '[]')
         from ${timeOff}
         where professional_user_id = ${professional.userId}::uuid
           and starts_at < ${dayEnd.toISOString()}::timestamptz
           and ends_at > ${dayStart.toISOString()}::timestamptz
        ) as absences`);
    const absences = (row?.absences ?? []).map((absence) => ({
      start: new Date(absence.start),
      end: new Date(absence.end),
    }));
    // One candidate checked against the day's ranges and time off, not the day's slots listed.
    return isFreeSlotStart(
      {
        timeZone,
        slotMinutes: slotMinutesOf(professional),
        weekly: row?.hours ?? [],
        busy: absences,
      },
      start,
    );
  }

  /**
   * Hours, time off and active appointments of all the professionals in three queries, then a
   * local computation.
   */
  private async slotsOf(
    professionals: ProfessionalRecord[],
    range: { from?: string; to?: string },
  ) {
    if (!professionals.length) return [];
    const days = this.days(range);
    const start = new Date(days.start);
    const end = new Date(days.end);
    const ids = professionals.map((professional) => professional.userId);
    const [hours, absences, booked] = await Promise.all([
      this.weekly(ids),
      this.timeOffIn(ids, start, end),
      this.appointmentsIn(ids, start, end),
    ]);
    const busyOf = new Map<string, Interval[]>();
    for (const busy of [...absences, ...booked]) {
      const list = busyOf.get(busy.userId);
      if (list) list.push(busy);
      else busyOf.set(busy.userId, [busy]);
    }
    return professionals.map((professional) => ({
      professional,
      slots: zonedFreeSlots(
        this.slotQueryOf(
          professional,
          days,
          hours.get(professional.userId) ?? [],
          busyOf.get(professional.userId) ?? [],
        ),
      ),
    }));
  }

  /** The computation's input: those hours and busy intervals over the days, in the window. */
  private slotQueryOf(
    professional: ProfessionalRecord,
    days: { from: string; to: string },
    weekly: readonly WeeklyRange[],
    busy: readonly (Interval | EpochInterval)[],
    now = this.clock.now().getTime(),
  ): EpochSlotQuery {
    const { minNoticeMinutes, horizonDays } = this.config.booking;
    return {
      timeZone: this.config.clinic.timeZone,
      slotMinutes: slotMinutesOf(professional),
      weekly,
      from: days.from,
      to: days.to,
      busy,
      earliest: new Date(now + minNoticeMinutes * 60_000),
      latest: new Date(now + horizonDays * 86_400_000),
    };
  }

  private timeOffIn(userIds: string[], start: Date, end: Date) {
    return this.db
      .select({ userId: timeOff.professionalUserId, start: timeOff.startsAt, end: timeOff.endsAt })
      .from(timeOff)
      .where(
        and(
          inArray(timeOff.professionalUserId, userIds),
          lt(timeOff.startsAt, end),
          gt(timeOff.endsAt, start),
        ),
      );
  }

  /**
   * Active appointments overlapping [start, end). An appointment lasts at most 12 hours (a
   * check constraint), so bounding its start from below keeps the search on the start index
   * however long the professional's history grows.
   */
  private appointmentsIn(userIds: string[], start: Date, end: Date) {
    return this.db
      .select({
        userId: appointments.professionalUserId,
        start: appointments.startsAt,
        end: appointments.endsAt,
      })
      .from(appointments)
      .where(
        and(
          inArray(appointments.professionalUserId, userIds),
          gt(appointments.startsAt, new Date(start.getTime() - MAX_APPOINTMENT_MS)),
          lt(appointments.startsAt, end),
          gt(appointments.endsAt, start),
          inArray(appointments.status, [...activeStatuses]),
        ),
      );
  }

  private async weekly(userIds: string[]): Promise<Map<string, WeeklyRange[]>> {
    const rows = await this.db
      .select()
      .from(workingHours)
      .where(inArray(workingHours.professionalUserId, userIds))
      .orderBy(asc(workingHours.weekday), asc(workingHours.start));
    const byProfessional = new Map<string, WeeklyRange[]>();
    for (const { professionalUserId, ...range } of rows) {
      const list = byProfessional.get(professionalUserId) ?? [];
      list.push(range);
      byProfessional.set(professionalUserId, list);
    }
    return byProfessional;
  }

  /**
   * The requested days, defaulting to a week from today, at most 62 days, with the instants they
   * cover in the clinic zone (epoch milliseconds): [start of from, start of to + 1).
   */
  private days(range: { from?: string; to?: string }): {
    from: string;
    to: string;
    start: number;
    end: number;
  } {
    const timeZone = this.config.clinic.timeZone;
    const from = range.from ?? todayIn(timeZone, this.clock);
    const to = range.to ?? plusDays(from, 6);
    const { days, start, end } = zonedDaySpan(from, to, timeZone);
    if (days < 0) throw fieldError('query.to', 'must not be before from');
    if (days >= MAX_RANGE_DAYS)
      throw fieldError('query.to', `must be within ${MAX_RANGE_DAYS} days of from`);
    return { from, to, start, end };
  }

  /** The instants a range of days covers in the clinic zone: [start of from, start of to + 1). */
  private span(range: { from?: string; to?: string }): { start: Date; end: Date } {
    const { start, end } = this.days(range);
    return { start: new Date(start), end: new Date(end) };
  }

  private timeOffView(row: typeof timeOff.$inferSelect): TimeOffView {
    const timeZone = this.config.clinic.timeZone;
    return {
      id: row.id,
      startsAt: toZonedIso(row.startsAt, timeZone),
      endsAt: toZonedIso(row.endsAt, timeZone),
      reason: row.reason,
    };
  }
}

export function slotMinutesOf(
  professional: Pick<ProfessionalRecord, 'slotMinutes' | 'appointmentMinutes'>,
): number {
  return professional.slotMinutes ?? professional.appointmentMinutes;
}
