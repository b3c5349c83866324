import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { timeOff, workingHours } from '../../db/schema/index.js';
import type { RequestContext } from '../../http/actor.js';
import { badRequest, fieldError, notFound } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { todayIn } from '../../lib/dates.js';
import { addDays, daysBetween, startOfDay, toZonedIso } from '../../lib/time.js';
import type { ProfessionalRecord, ProfessionalsService } from '../people/professionals-service.js';
import type { AvailabilityInput, TimeOffInputValue, TimeOffView } from './schemas.js';
import { freeSlots, type Interval, type WeeklyRange } from './slots.js';
import { weeklyHoursProblems } from './weekly-hours.js';

/** The longest span one slots request may cover (the contract's limit). */
const MAX_RANGE_DAYS = 62;

/** Working hours, time off, and the free slots they leave. */
export class AvailabilityService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly professionals: ProfessionalsService,
    private readonly config: Pick<Config, 'clinic' | 'booking'>,
  ) {}

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
    await this.db.transaction(async (tx) => {
      await this.professionals.setSlotMinutes(professional.userId, input.slotMinutes, tx);
      await tx.delete(workingHours).where(eq(workingHours.professionalUserId, professional.userId));
      if (input.weekly.length) {
        await tx
          .insert(workingHours)
          .values(
            input.weekly.map((range) => ({ professionalUserId: professional.userId, ...range })),
          );
      }
    });
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
    const { start, end } = this.span({ from, to: range.to ?? addDays(from, MAX_RANGE_DAYS - 1) });
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
    if (!removed.length) throw notFound('There is no such time off.');
  }

  /** One professional's free slots: their hours minus their time off, in the booking window. */
  async slots(councilNumber: string, range: { from?: string; to?: string }) {
    const professional = await this.professionals.resolve(councilNumber);
    const [slots] = await this.slotsOf([professional], range);
    return (slots?.slots ?? []).map((slot) => this.slotView(slot));
  }

  /** Free slots of every active professional of a specialty, in time order. */
  async slotsForSpecialty(specialty: string, range: { from?: string; to?: string }) {
    const professionals = await this.professionals.activeOfSpecialty(specialty);
    const perProfessional = await this.slotsOf(professionals, range);
    return perProfessional
      .flatMap(({ professional, slots }) =>
        slots.map((slot) => ({
          professional: { councilNumber: professional.councilNumber, name: professional.name },
          ...this.slotView(slot),
          at: slot.start.getTime(),
        })),
      )
      .sort((a, b) => a.at - b.at || a.professional.name.localeCompare(b.professional.name))
      .map(({ at: _at, ...slot }) => slot);
  }

  /** Hours and time off of all the professionals in two queries, then a local computation. */
  private async slotsOf(
    professionals: ProfessionalRecord[],
    range: { from?: string; to?: string },
  ) {
    if (!professionals.length) return [];
    const days = this.days(range);
    const { start, end } = this.span(days);
    const ids = professionals.map((professional) => professional.userId);
    const [hours, absences] = await Promise.all([
      this.weekly(ids),
      this.db
        .select({
          userId: timeOff.professionalUserId,
          start: timeOff.startsAt,
          end: timeOff.endsAt,
        })
        .from(timeOff)
        .where(
          and(
            inArray(timeOff.professionalUserId, ids),
            lt(timeOff.startsAt, end),
            gt(timeOff.endsAt, start),
          ),
        ),
    ]);
    const now = this.clock.now().getTime();
    const { minNoticeMinutes, horizonDays } = this.config.booking;
    return professionals.map((professional) => ({
      professional,
      slots: freeSlots({
        timeZone: this.config.clinic.timeZone,
        slotMinutes: slotMinutesOf(professional),
        weekly: hours.get(professional.userId) ?? [],
        from: days.from,
        to: days.to,
        busy: absences.filter((absence) => absence.userId === professional.userId),
        earliest: new Date(now + minNoticeMinutes * 60_000),
        latest: new Date(now + horizonDays * 86_400_000),
      }),
    }));
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

  /** The requested days, defaulting to a week from today, at most 62 days. */
  private days(range: { from?: string; to?: string }): { from: string; to: string } {
    const from = range.from ?? todayIn(this.config.clinic.timeZone, this.clock);
    const to = range.to ?? addDays(from, 6);
    const span = daysBetween(from, to);
    if (span < 0) throw fieldError('query.to', 'must not be before from');
    if (span >= MAX_RANGE_DAYS)
      throw fieldError('query.to', `must be within ${MAX_RANGE_DAYS} days of from`);
    return { from, to };
  }

  /** The instants a range of days covers in the clinic zone: [start of from, start of to + 1). */
  private span(range: { from?: string; to?: string }): { start: Date; end: Date } {
    const days = this.days(range);
    const timeZone = this.config.clinic.timeZone;
    return {
      start: startOfDay(days.from, timeZone),
      end: startOfDay(addDays(days.to, 1), timeZone),
    };
  }

  private slotView(slot: Interval) {
    const timeZone = this.config.clinic.timeZone;
    return { startsAt: toZonedIso(slot.start, timeZone), endsAt: toZonedIso(slot.end, timeZone) };
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

function slotMinutesOf(professional: ProfessionalRecord): number {
  return professional.slotMinutes ?? professional.appointmentMinutes;
}
