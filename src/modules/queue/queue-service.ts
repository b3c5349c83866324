import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { RequestContext } from '../../http/actor.js';
import type { Clock } from '../../lib/clock.js';
import { todayIn } from '../../lib/dates.js';
import { toZonedIso } from '../../lib/time.js';
import { usersRelation } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { ProfessionalRecord, ProfessionalsService } from '../people/index.js';
import { appointmentsRelation, slotMinutesOf, ticketLabel } from '../scheduling/index.js';
import { queueMessages } from './queue-messages.js';
import type { QueueSnapshot } from './queue-schemas.js';

const appointments = appointmentsRelation();
const users = usersRelation();

/** The window of finished consultations the average length is taken from. */
const HISTORY_DAYS = 30;
/** Shorter consultations are mistakes (called and finished at once), not history. */
const MIN_CONSULTATION_MINUTES = 3;
/** Consultations needed before their median replaces the slot length. */
const MIN_HISTORY = 5;
const DAY_MS = 86_400_000;

/**
 * A professional's queue today: who is being seen, who waits in what order (legal priority,
 * then arrival) and how long, and the sentence the front desk and the waiting room read.
 */
export class QueueService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly professionals: ProfessionalsService,
    private readonly audit: AuditService,
    private readonly config: Pick<Config, 'clinic'>,
  ) {}

  /** The snapshot for a caller allowed to read the queue (the professional or an admin). */
  async read(councilNumber: string, context: RequestContext): Promise<QueueSnapshot> {
    const professional = await this.authorize(councilNumber, context);
    const { snapshot, patientUserIds } = await this.snapshot(professional);
    await this.recordReading(patientUserIds, context);
    return snapshot;
  }

  async authorize(councilNumber: string, context: RequestContext) {
    return this.professionals.authorized(councilNumber, context, 'queue.read');
  }

  /** The patients on a snapshot were seen by the caller: the audit log says so. */
  async recordReading(patientUserIds: string[], context: RequestContext): Promise<void> {
    if (patientUserIds.length) await this.audit.record(context, 'queue.read', patientUserIds);
  }

  /** The queue now, and whose data it shows (for the audit log). */
  async snapshot(
    professional: ProfessionalRecord,
  ): Promise<{ snapshot: QueueSnapshot; patientUserIds: string[] }> {
    const timeZone = this.config.clinic.timeZone;
    const now = this.clock.now();
    const today = todayIn(timeZone, this.clock);
    const [rows, averageMinutes] = await Promise.all([
      this.db
        .select({
          id: appointments.id,
          status: appointments.status,
          ticket: appointments.ticket,
          priority: appointments.priority,
          checkedInAt: appointments.checkedInAt,
          calledAt: appointments.calledAt,
          patientUserId: appointments.patientUserId,
          patientName: users.name,
        })
        .from(appointments)
        .innerJoin(users, eq(users.id, appointments.patientUserId))
        .where(
          and(
            eq(appointments.professionalUserId, professional.userId),
            eq(appointments.ticketDay, today),
            inArray(appointments.status, ['checked_in', 'in_progress']),
          ),
        )
        // Tickets are numbered in the order of arrival, under the professional's lock.
        .orderBy(desc(appointments.priority), asc(appointments.ticket)),
      this.averageConsultationMinutes(professional, now),
    ]);

    const current = rows.find((row) => row.status === 'in_progress');
    // What is left of the consultation under way, as long as an average one lasts.
    const remaining = current
      ? Math.max(0, averageMinutes - (now.getTime() - current.calledAt!.getTime()) / 60_000)
      : 0;
    const waiting = rows
      .filter((row) => row.status === 'checked_in')
      .map((row, index) => ({
        ticket: ticketLabel(row.priority, row.ticket!),
        appointmentId: row.id,
        patientName: row.patientName,
        checkedInAt: toZonedIso(row.checkedInAt!, timeZone),
        position: index + 1,
        priority: row.priority > 0,
        estimatedWaitMinutes: Math.round(remaining + index * averageMinutes),
      }));
    const estimatedWaitMinutes = Math.round(remaining + waiting.length * averageMinutes);
    const snapshot: QueueSnapshot = {
      professional: {
        councilNumber: professional.councilNumber,
        name: professional.name,
        specialty: professional.specialty,
        officeNumber: professional.officeNumber,
      },
      date: today,
      inProgress: current
        ? {
            ticket: ticketLabel(current.priority, current.ticket!),
            appointmentId: current.id,
            patientName: current.patientName,
            calledAt: toZonedIso(current.calledAt!, timeZone),
          }
        : null,
      waiting,
      count: waiting.length,
      averageConsultationMinutes: Math.round(averageMinutes),
      estimatedWaitMinutes,
      ...queueMessages({
        waiting: waiting.length,
        waitMinutes: estimatedWaitMinutes,
        professionalName: professional.name,
        professionalGender: professional.gender,
      }),
    };
    return { snapshot, patientUserIds: rows.map((row) => row.patientUserId) };
  }

  /**
   * How long the professional's consultations really last, from the call to the finish over the
   * last 30 days. The median, not the mean, and only of consultations of at least three minutes:
   * a patient called and finished at once by mistake, or one left open all afternoon, must not
   * turn the estimate into "ca 0 minutes" or hours. Until there are five such consultations the
   * slot length stands in.
   */
  private async averageConsultationMinutes(
    professional: ProfessionalRecord,
    now: Date,
  ): Promise<number> {
    const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS);
    const seconds = sql`extract(epoch from ${appointments.finishedAt} - ${appointments.calledAt})`;
    const real = sql`${seconds} >= ${MIN_CONSULTATION_MINUTES * 60}`;
    const [row] = await this.db
      .select({
        count: sql<number>`count(*) filter (where ${real})`.mapWith(Number),
        minutes: sql<number | null>`(percentile_cont(0.5) within group (order by ${seconds})
          filter (where ${real})) / 60`.mapWith((value: string | null) =>
          value === null ? null : Number(value),
        ),
      })
      .from(appointments)
      .where(
        and(
          eq(appointments.professionalUserId, professional.userId),
          // Bounded by the start too, so the professional's start index finds the rows.
          gte(appointments.startsAt, new Date(since.getTime() - DAY_MS)),
          gte(appointments.finishedAt, since),
          eq(appointments.status, 'finished'),
          isNotNull(appointments.calledAt),
        ),
      );
    if (!row || row.minutes === null || row.count < MIN_HISTORY) {
      return slotMinutesOf(professional);
    }
    return row.minutes;
  }
}
