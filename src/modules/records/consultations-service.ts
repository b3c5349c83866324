import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { consultationVersions, type Diagnosis } from '../../db/schema/records.js';
import { authorize, type Actor } from '../../http/access.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import { offsetOf, type Page } from '../../http/pagination.js';
import { conflict } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { toZonedIso } from '../../lib/time.js';
import { usersRelation } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { PatientsService } from '../people/index.js';
import {
  appointmentById,
  finishedAppointmentsOf,
  type AppointmentRecord,
} from '../scheduling/index.js';
import type { CareTeam } from './care-team.js';
import type { ConsultationDetailView, ConsultationView } from './consultations-schemas.js';
import type { LabReportsService } from './lab-reports-service.js';
import type { PrescriptionsService } from './prescriptions-service.js';

const authors = usersRelation('consultation_authors');
const MISSING = 'There is no such consultation.';

type VersionRow = typeof consultationVersions.$inferSelect & { authorName: string | null };

/** What is written of a consultation: at finish, or later as a new version. */
export interface ConsultationText {
  notes?: string;
  diagnoses?: { description: string; code?: string | null }[];
  followUp?: string | null;
}

/**
 * Consultations: finished appointments with what their professional wrote. Nothing written is
 * ever overwritten: each change is a new version, and readers see the latest with its history.
 */
export class ConsultationsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly patients: PatientsService,
    private readonly careTeam: CareTeam,
    private readonly audit: AuditService,
    private readonly prescriptions: PrescriptionsService,
    private readonly labReports: LabReportsService,
    private readonly config: Pick<Config, 'clinic'>,
  ) {}

  /** A patient's consultations, latest first, each with its prescriptions and lab orders. */
  async listForPatient(
    registerNumber: string,
    query: { page: number; pageSize: number },
    context: RequestContext,
  ): Promise<Page<ConsultationView>> {
    const patient = await this.patients.authorized(registerNumber, context, 'consultations.list');
    const appointments = await finishedAppointmentsOf(this.db, patient.userId, {
      limit: query.pageSize,
      offset: offsetOf(query.page, query.pageSize),
    });
    const items = await this.views(appointments, context.actor);
    await this.audit.record(context, 'consultation.list', [patient.userId]);
    return {
      items,
      total: appointments[0]?.total ?? (await this.countFor(patient.userId)),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(id: string, context: RequestContext): Promise<ConsultationDetailView> {
    const appointment = await this.authorized(id, context, 'consultations.read');
    const [detail] = await this.details([appointment], context.actor);
    await this.audit.record(context, 'consultation.read', [appointment.patientUserId], {
      appointmentId: id,
    });
    return detail!;
  }

  /**
   * A new version by the professional who saw the patient. With `basedOnVersion`, a version saved
   * by someone else in between (another tab) is a 409 rather than silently superseded.
   */
  async amend(
    id: string,
    input: ConsultationText & { notes: string; basedOnVersion?: number },
    context: RequestContext,
  ): Promise<ConsultationDetailView> {
    const actor = actingUser(context);
    const appointment = await this.authorized(id, context, 'consultations.update');
    try {
      await this.db.transaction(async (tx) => {
        const latest = await this.latestVersion(tx, id);
        if (input.basedOnVersion !== undefined && input.basedOnVersion !== latest) {
          throw conflict(
            'This consultation was changed since you opened it. Reload it to see the latest version.',
          );
        }
        await this.insertVersion(tx, id, latest + 1, input, actor.userId, this.clock.now());
        await this.audit.record(
          context,
          'consultation.amend',
          [appointment.patientUserId],
          { appointmentId: id, version: latest + 1 },
          tx,
        );
      });
    } catch (error) {
      // Two saves at the same moment: the second is told, as if it had named its version.
      if (isUniqueViolation(error)) {
        throw conflict(
          'This consultation was changed since you opened it. Reload it to see the latest version.',
        );
      }
      throw error;
    }
    const [detail] = await this.details([appointment], actor);
    return detail!;
  }

  /** What the professional wrote when finishing: the first version, in the finish's transaction. */
  async recordAtFinish(
    tx: Executor,
    appointmentId: string,
    text: ConsultationText,
    writtenBy: string,
    at: Date,
  ): Promise<void> {
    if (!text.notes && !text.diagnoses?.length && !text.followUp) return;
    await this.insertVersion(tx, appointmentId, 1, text, writtenBy, at);
  }

  /** Every consultation of a patient, for their record's download (their own read). */
  async allOf(patientUserId: string, viewer: Actor): Promise<ConsultationDetailView[]> {
    const appointments = await finishedAppointmentsOf(this.db, patientUserId, {
      limit: 100_000,
      offset: 0,
    });
    return this.details(appointments, viewer);
  }

  private async authorized(
    id: string,
    context: RequestContext,
    action: 'consultations.read' | 'consultations.update',
  ): Promise<AppointmentRecord> {
    const actor = context.actor;
    return authorize(
      actor,
      action,
      async () => {
        const appointment = await appointmentById(this.db, id);
        if (appointment?.status !== 'finished') return undefined;
        const attendedBy = await this.careTeam.attendedBy(actor, appointment.patientUserId);
        return { ...appointment, userId: appointment.patientUserId, attendedBy };
      },
      MISSING,
    );
  }

  /** Consultations with every version: the latest of each is its history's first. */
  private async details(
    appointments: AppointmentRecord[],
    viewer: Actor,
  ): Promise<ConsultationDetailView[]> {
    const histories = new Map<string, VersionRow[]>();
    for (const version of await this.versions(
      this.db,
      appointments.map(({ id }) => id),
    )) {
      histories.set(version.appointmentId, [
        ...(histories.get(version.appointmentId) ?? []),
        version,
      ]);
    }
    const latest = new Map([...histories].map(([id, [first]]) => [id, first!]));
    const views = await this.views(appointments, viewer, latest);
    return views.map((view) => ({
      ...view,
      history: (histories.get(view.id) ?? []).map((version) => ({
        version: version.version,
        notes: version.notes,
        diagnoses: version.diagnoses,
        followUp: version.followUp,
        writtenAt: this.zoned(version.writtenAt),
        writtenBy: version.authorName === null ? null : { name: version.authorName },
      })),
    }));
  }

  /** Consultations with their latest version (read here unless the caller has it). */
  private async views(
    appointments: AppointmentRecord[],
    viewer: Actor,
    known?: Map<string, VersionRow>,
  ): Promise<ConsultationView[]> {
    const ids = appointments.map((appointment) => appointment.id);
    const [latest, prescriptions, labReports] = await Promise.all([
      known ?? this.latestVersions(ids),
      this.prescriptions.ofAppointments(ids),
      this.labReports.ofAppointments(ids, viewer),
    ]);
    return appointments.map((appointment) => {
      const version = latest.get(appointment.id);
      return {
        id: appointment.id,
        startsAt: this.zoned(appointment.startsAt),
        endsAt: this.zoned(appointment.endsAt),
        finishedAt: appointment.finishedAt ? this.zoned(appointment.finishedAt) : null,
        patient: {
          registerNumber: appointment.patientRegisterNumber,
          name: appointment.patientName,
        },
        professional: {
          councilNumber: appointment.professionalCouncilNumber,
          name: appointment.professionalName,
          specialty: appointment.specialty,
        },
        notes: version?.notes || null,
        diagnoses: version?.diagnoses ?? [],
        followUp: version?.followUp ?? null,
        version: version?.version ?? 0,
        updatedAt: version ? this.zoned(version.writtenAt) : null,
        updatedBy: version?.authorName ? { name: version.authorName } : null,
        prescriptions: prescriptions.filter((item) => item.appointmentId === appointment.id),
        labReports: labReports.filter((item) => item.appointmentId === appointment.id),
      };
    });
  }

  private async insertVersion(
    tx: Executor,
    appointmentId: string,
    version: number,
    text: ConsultationText,
    writtenBy: string,
    at: Date,
  ): Promise<void> {
    await tx.insert(consultationVersions).values({
      appointmentId,
      version,
      notes: text.notes?.trim() ?? '',
      diagnoses: (text.diagnoses ?? []).map(diagnosisOf),
      followUp: text.followUp?.trim() || null,
      writtenBy,
      writtenAt: at,
    });
  }

  private async latestVersion(executor: Executor, appointmentId: string): Promise<number> {
    const [row] = await executor
      .select({ version: sql<number>`coalesce(max(${consultationVersions.version}), 0)::int` })
      .from(consultationVersions)
      .where(eq(consultationVersions.appointmentId, appointmentId));
    return row?.version ?? 0;
  }

  private async latestVersions(ids: string[]): Promise<Map<string, VersionRow>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .selectDistinctOn([consultationVersions.appointmentId], {
        ...columnsOfVersions,
        authorName: authors.name,
      })
      .from(consultationVersions)
      .leftJoin(authors, eq(authors.id, consultationVersions.writtenBy))
      .where(inArray(consultationVersions.appointmentId, ids))
      .orderBy(consultationVersions.appointmentId, desc(consultationVersions.version));
    return new Map(rows.map((row) => [row.appointmentId, row]));
  }

  private versions(executor: Executor, ids: string[]): Promise<VersionRow[]> {
    return executor
      .select({ ...columnsOfVersions, authorName: authors.name })
      .from(consultationVersions)
      .leftJoin(authors, eq(authors.id, consultationVersions.writtenBy))
      .where(inArray(consultationVersions.appointmentId, ids))
      .orderBy(consultationVersions.appointmentId, desc(consultationVersions.version));
  }

  private async countFor(patientUserId: string): Promise<number> {
    // Past the last page the rows carry no total: count on its own then.
    const rows = await finishedAppointmentsOf(this.db, patientUserId, { limit: 1, offset: 0 });
    return rows[0]?.total ?? 0;
  }

  private zoned(instant: Date): string {
    return toZonedIso(instant, this.config.clinic.timeZone);
  }
}

const columnsOfVersions = {
  appointmentId: consultationVersions.appointmentId,
  version: consultationVersions.version,
  notes: consultationVersions.notes,
  diagnoses: consultationVersions.diagnoses,
  followUp: consultationVersions.followUp,
  writtenBy: consultationVersions.writtenBy,
  writtenAt: consultationVersions.writtenAt,
};

/** A diagnosis as stored: its code in upper case with the dot (`j069` → `J06.9`). */
export function diagnosisOf(input: { description: string; code?: string | null }): Diagnosis {
  const code = input.code?.toUpperCase().replace('.', '') ?? null;
  return {
    description: input.description.trim(),
    code: code && code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code,
  };
}
