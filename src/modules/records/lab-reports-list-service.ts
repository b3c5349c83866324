import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { labReports } from '../../db/schema/records.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import type { AuditService } from '../audit/index.js';
import { appointmentsRelation } from '../scheduling/index.js';
import type { LabReportsListFilter, LabReportView } from './lab-reports-schemas.js';
import type { LabReportsService } from './lab-reports-service.js';

const careAppointments = appointmentsRelation('lab_report_care_appointments');

/**
 * Lab reports across patients: the desk follows the pending results, a professional those of
 * the patients they care for (as `CareTeam` reads it: an appointment not cancelled, or the
 * report ordered by them). Each report shows as `labReports.list` shows it to the caller.
 */
export class LabReportsListService {
  constructor(
    private readonly db: Db,
    private readonly reports: Pick<LabReportsService, 'select' | 'view'>,
    private readonly audit: Pick<AuditService, 'record'>,
    private readonly patientUserId: (registerNumber: string) => Promise<string | undefined>,
  ) {}

  async list(filter: LabReportsListFilter, context: RequestContext): Promise<Page<LabReportView>> {
    const actor = actingUser(context);
    const { page, pageSize } = filter;
    const conditions: (SQL | undefined)[] = [];
    if (filter.status) conditions.push(eq(labReports.status, filter.status));
    if (filter.patient !== undefined) {
      const patientId = await this.patientUserId(filter.patient);
      if (!patientId) return { items: [], total: 0, page, pageSize };
      conditions.push(eq(labReports.patientUserId, patientId));
    }
    if (actor.role === 'professional') {
      conditions.push(
        or(
          eq(labReports.orderedBy, actor.userId),
          inArray(
            labReports.patientUserId,
            this.db
              .select({ id: careAppointments.patientUserId })
              .from(careAppointments)
              .where(
                and(
                  eq(careAppointments.professionalUserId, actor.userId),
                  ne(careAppointments.status, 'cancelled'),
                ),
              ),
          ),
        ),
      );
    }
    const where = and(...conditions) ?? sql`true`;
    const [records, [count]] = await Promise.all([
      this.reports.select(
        this.db,
        where,
        { limit: pageSize, offset: offsetOf(page, pageSize) },
        'pendingFirst',
      ),
      this.db
        .select({ total: sql<number>`count(*)::int` })
        .from(labReports)
        .where(where),
    ]);
    const patientIds = [...new Set(records.map((record) => record.patientUserId))];
    if (patientIds.length) await this.audit.record(context, 'lab_report.list', patientIds);
    return {
      items: records.map((record) => this.reports.view(record, actor)),
      total: count?.total ?? 0,
      page,
      pageSize,
    };
  }
}
