import { and, asc, desc, eq, gt, gte, lt, not, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type postgres from 'postgres';
import type { Db } from '../../db/database.js';
import { driverStatement } from '../../db/driver-statement.js';
import { appointmentHistory, appointments } from '../../db/schema/scheduling.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import type { Clock } from '../../lib/clock.js';
import { todayIn } from '../../lib/dates.js';
import { addDays, epochOf, startOfDay, toZonedIso } from '../../lib/time.js';
import { usersRelation } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { PatientsService, ProfessionalsService } from '../people/index.js';
import {
  selectAppointmentFields,
  selectAppointments,
  toAppointmentView,
  type AppointmentFields,
  type AppointmentRecord,
} from './appointment-records.js';
import { openStatuses } from './appointment-status.js';
import type {
  AppointmentHistoryView,
  AppointmentsFilter,
  AppointmentView,
} from './appointments-schemas.js';
import type { AppointmentsService } from './appointments-service.js';

const actors = usersRelation('actor');

type PageRequest = { page: number; pageSize: number };
type PatientListQuery = { when?: 'upcoming' | 'past' } & PageRequest;
/** An appointment of a page, with the count of all that match (before the page's limit). */
type AppointmentPageRow = AppointmentFields & { total: number };

/** Reading appointments: one, a filtered list, a patient's, a professional's day, a history. */
export class AppointmentListsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly booking: AppointmentsService,
    private readonly patients: PatientsService,
    private readonly professionals: ProfessionalsService,
    private readonly audit: AuditService,
    private readonly config: Pick<Config, 'clinic'>,
    driver: postgres.Sql,
  ) {
    // A patient's lists are what patients open most: built and planned once, and run by the
    // driver, whose rows toAppointmentView reads as they come (selectAppointmentFields).
    const ofPatient = (when: SQL | undefined, order: SQL) =>
      selectAppointmentFields(db)
        .where(and(eq(appointments.patientUserId, sql.placeholder('patient')), when))
        .orderBy(order, asc(appointments.id))
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset'));
    const now = sql.placeholder('now');
    this.patientUpcoming = driverStatement<AppointmentPageRow>(
      driver,
      ofPatient(upcomingAt(now), asc(appointments.startsAt)),
    );
    this.patientPast = driverStatement<AppointmentPageRow>(
      driver,
      ofPatient(not(upcomingAt(now)!), desc(appointments.startsAt)),
    );
  }

  private readonly patientUpcoming;
  private readonly patientPast;

  async get(id: string, context: RequestContext): Promise<AppointmentView> {
    const appointment = await this.booking.visible(id, actingUser(context), 'appointments.read');
    await this.audit.record(context, 'appointment.read', [appointment.patientUserId], {
      appointmentId: appointment.id,
    });
    return this.booking.view(appointment);
  }

  /** All appointments for the staff; patients and professionals see their own only. */
  async list(filter: AppointmentsFilter, context: RequestContext): Promise<Page<AppointmentView>> {
    const actor = actingUser(context);
    const conditions: (SQL | undefined)[] = [];
    if (actor.role === 'patient') conditions.push(eq(appointments.patientUserId, actor.userId));
    if (actor.role === 'professional') {
      conditions.push(eq(appointments.professionalUserId, actor.userId));
    }
    if (filter.patient !== undefined) {
      const patient = await this.patients.identity({ registerNumber: filter.patient });
      if (!patient) return emptyPage(filter);
      conditions.push(eq(appointments.patientUserId, patient.userId));
    }
    if (filter.professional !== undefined) {
      const professional = await this.professionals.resolve(filter.professional).catch(() => null);
      if (!professional) return emptyPage(filter);
      conditions.push(eq(appointments.professionalUserId, professional.userId));
    }
    if (filter.status !== undefined) conditions.push(eq(appointments.status, filter.status));
    const timeZone = this.config.clinic.timeZone;
    // Unfiltered, the clinic's whole history (millions of rows) would be counted on every
    // call: the list then starts today, the front desk's usual question.
    const unfiltered = [filter.patient, filter.professional, filter.from, filter.to].every(
      (value) => value === undefined,
    );
    const from = filter.from ?? (unfiltered ? todayIn(timeZone, this.clock) : undefined);
    if (from !== undefined) {
      conditions.push(gte(appointments.startsAt, startOfDay(from, timeZone)));
    }
    if (filter.to !== undefined) {
      conditions.push(lt(appointments.startsAt, startOfDay(addDays(filter.to, 1), timeZone)));
    }
    return this.page(and(...conditions), [asc(appointments.startsAt)], filter, context);
  }

  /**
   * A patient's upcoming appointments (still to be attended, soonest first) or past ones (the
   * rest, cancelled ones with their reason included, latest first).
   */
  async forPatient(
    registerNumber: string,
    query: PatientListQuery,
    context: RequestContext,
  ): Promise<Page<AppointmentView>> {
    const patientUserId = await this.authorizedPatient(registerNumber, context);
    return (await this.patientPage(patientUserId, query, context)).page;
  }

  /**
   * `forPatient` as JSON, written by `write` (the route's compiled serializer). The patient's
   * own portal asking for the first page of what is ahead, the most frequent read of all, is
   * answered from memory when the whole list is on that page (see PatientListCache; one's own
   * reads write no audit entry).
   */
  async forPatientJson(
    registerNumber: string,
    query: PatientListQuery,
    context: RequestContext,
    write: (page: Page<AppointmentView>) => string,
  ): Promise<string | Buffer> {
    const patientUserId = await this.authorizedPatient(registerNumber, context);
    const own = context.actor.kind === 'user' && context.actor.userId === patientUserId;
    const upcoming = (query.when ?? 'upcoming') === 'upcoming';
    if (!own || !upcoming || query.page !== 1) {
      return write((await this.patientPage(patientUserId, query, context)).page);
    }
    const now = this.clock.now().getTime();
    return this.booking.patientLists.upcoming(patientUserId, query.pageSize, now, async () => {
      const { rows, page } = await this.patientPage(patientUserId, query, context);
      const whole = page.total <= query.pageSize;
      return {
        json: Buffer.from(write(page)),
        // The first of them to end leaves the list then, with no write to tell of it.
        validUntil: whole ? Math.min(Infinity, ...rows.map((row) => epochOf(row.endsAt))) : now,
      };
    });
  }

  private authorizedPatient(registerNumber: string, context: RequestContext): Promise<string> {
    return this.patients.authorizedUserId(registerNumber, context, 'patients.appointments.read');
  }

  private async patientPage(
    patientUserId: string,
    query: PatientListQuery,
    context: RequestContext,
  ): Promise<{ rows: AppointmentPageRow[]; page: Page<AppointmentView> }> {
    const now = this.clock.now();
    const upcoming = (query.when ?? 'upcoming') === 'upcoming';
    const rows = await (upcoming ? this.patientUpcoming : this.patientPast)({
      patient: patientUserId,
      now: now.toISOString(),
      limit: query.pageSize,
      offset: offsetOf(query.page, query.pageSize),
    });
    // Built only for a page past the end (see pageOf): not on every request.
    const count = () =>
      this.db.$count(
        appointments,
        and(
          eq(appointments.patientUserId, patientUserId),
          upcoming ? upcomingAt(now) : not(upcomingAt(now)!),
        ),
      );
    return { rows, page: await this.pageOf(rows, count, query, context) };
  }

  /** A professional's day (today by default), in time order. */
  async forProfessional(
    councilNumber: string,
    query: { date?: string; status?: string } & PageRequest,
    context: RequestContext,
  ): Promise<Page<AppointmentView>> {
    const professional = await this.professionals.authorized(
      councilNumber,
      context,
      'professionals.appointments.read',
    );
    const timeZone = this.config.clinic.timeZone;
    const day = query.date ?? todayIn(timeZone, this.clock);
    const status =
      query.status === undefined
        ? undefined
        : query.status === 'open'
          ? isOpen
          : eq(appointments.status, query.status as AppointmentRecord['status']);
    return this.page(
      and(
        eq(appointments.professionalUserId, professional.userId),
        gte(appointments.startsAt, startOfDay(day, timeZone)),
        lt(appointments.startsAt, startOfDay(addDays(day, 1), timeZone)),
        status,
      ),
      [asc(appointments.startsAt)],
      query,
      context,
    );
  }

  /** Every change of an appointment, oldest first. */
  async history(id: string, context: RequestContext): Promise<AppointmentHistoryView[]> {
    const appointment = await this.booking.visible(id, actingUser(context), 'appointments.read');
    const rows = await this.db
      .select({
        at: appointmentHistory.at,
        action: appointmentHistory.action,
        actorName: actors.name,
        actorRole: actors.role,
        changes: appointmentHistory.changes,
        reason: appointmentHistory.reason,
      })
      .from(appointmentHistory)
      .leftJoin(actors, eq(actors.id, appointmentHistory.actorUserId))
      .where(eq(appointmentHistory.appointmentId, appointment.id))
      .orderBy(asc(appointmentHistory.id));
    await this.audit.record(context, 'appointment.history.read', [appointment.patientUserId], {
      appointmentId: appointment.id,
    });
    return rows.map((row) => ({
      at: toZonedIso(row.at, this.config.clinic.timeZone),
      action: row.action,
      actor: row.actorName ? { name: row.actorName, role: row.actorRole! } : null,
      changes: row.changes,
      reason: row.reason,
    }));
  }

  /** One page and its total in one query; the patients on it are recorded as read. */
  private async page(
    where: SQL | undefined,
    orderBy: SQL[],
    request: PageRequest,
    context: RequestContext,
  ): Promise<Page<AppointmentView>> {
    const rows = await selectAppointments(this.db)
      .where(where)
      .orderBy(...orderBy, asc(appointments.id))
      .limit(request.pageSize)
      .offset(offsetOf(request.page, request.pageSize));
    return this.pageOf(rows, () => this.db.$count(appointments, where), request, context);
  }

  /** A page and its total; the patients on it are recorded as read. */
  private async pageOf(
    rows: AppointmentPageRow[],
    count: () => Promise<number>,
    request: PageRequest,
    context: RequestContext,
  ): Promise<Page<AppointmentView>> {
    // A page past the end has no row to carry the total: count separately then.
    const total = rows[0]?.total ?? (request.page > 1 ? await count() : 0);
    const patientIds = [...new Set(rows.map((row) => row.patientUserId))];
    if (patientIds.length) await this.audit.record(context, 'appointments.list', patientIds);
    return {
      items: rows.map((row) => toAppointmentView(row, this.config.clinic.timeZone)),
      total,
      page: request.page,
      pageSize: request.pageSize,
    };
  }
}

/**
 * The open statuses written into the statement rather than bound: a prepared statement's
 * generic plan can then use the partial index on them (appointments_patient_open_starts_idx).
 */
const isOpen = sql`${appointments.status} in (${sql.raw(openStatuses.map((s) => `'${s}'`).join(', '))})`;

/** Still to be attended at `now` (a placeholder in prepared statements). */
function upcomingAt(now: Date | ReturnType<typeof sql.placeholder>) {
  return and(isOpen, gt(appointments.endsAt, now));
}

function emptyPage(request: PageRequest): Page<AppointmentView> {
  return { items: [], total: 0, page: request.page, pageSize: request.pageSize };
}
