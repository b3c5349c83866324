import type { Readable } from 'node:stream';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import {
  labReportFiles,
  labReports,
  type LabReportFileRow,
  type LabReportRow,
} from '../../db/schema/records.js';
import { authorize, type Actor } from '../../http/access.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import type { Page } from '../../http/pagination.js';
import { offsetOf } from '../../http/pagination.js';
import { fieldError, notFound } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { randomToken } from '../../lib/crypto.js';
import type { FileStorage } from '../../lib/storage/index.js';
import { toZonedIso } from '../../lib/time.js';
import { foldText } from '../../lib/text.js';
import { extensionOf, verifiedStream, type SpooledFile } from '../../lib/uploads.js';
import { usersRelation } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import { recordOutboxEvent } from '../notifications/index.js';
import type { PatientsService } from '../people/index.js';
import { patientsRelation, professionalsRelation } from '../people/index.js';
import { appointmentById } from '../scheduling/index.js';
import type { CareTeam } from './care-team.js';
import type { LabReportView, NewLabReport } from './lab-reports-schemas.js';

const patientUsers = usersRelation('lab_report_patient_users');
const patientsOf = patientsRelation('lab_report_patients');
const orderingUsers = usersRelation('lab_report_ordering_users');
const orderingProfessionals = professionalsRelation('lab_report_ordering_professionals');
const MISSING = 'There is no such lab report.';

/** A lab report as read, with whose it is and its latest file. */
export interface LabReportRecord extends LabReportRow {
  patientName: string;
  patientRegisterNumber: string;
  orderedByName: string | null;
  orderedByCouncilNumber: string | null;
  file: LabReportFileRow | null;
}

/** A result file as it goes out: streamed, its checksum checked on the way. */
export interface LabReportDownload {
  stream: Readable;
  contentType: string;
  size: number;
  fileName: string;
}

/**
 * Lab reports: ordered by a professional or registered by the desk (pending), ready once a
 * result file is uploaded, which tells the patient and the professional who ordered it. Files
 * are streamed to and from storage, never held whole in memory, and every upload is kept.
 */
export class LabReportsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly patients: PatientsService,
    private readonly careTeam: CareTeam,
    private readonly audit: AuditService,
    private readonly storage: FileStorage,
    private readonly config: Pick<Config, 'clinic'>,
    private readonly log: Pick<Logger, 'warn' | 'error'>,
  ) {}

  async create(
    registerNumber: string,
    input: NewLabReport,
    context: RequestContext,
  ): Promise<LabReportView> {
    const actor = actingUser(context);
    const patient = await this.patients.authorized(registerNumber, context, 'labReports.create');
    const appointment = input.appointmentId
      ? await appointmentById(this.db, input.appointmentId)
      : undefined;
    if (input.appointmentId && appointment?.patientUserId !== patient.userId) {
      throw fieldError('appointmentId', 'is not an appointment of this patient');
    }
    // Ordered in a consultation: by its professional, who hears of the result.
    const orderedBy =
      actor.role === 'professional' ? actor.userId : (appointment?.professionalUserId ?? null);
    const id = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(labReports)
        .values({
          patientUserId: patient.userId,
          appointmentId: input.appointmentId ?? null,
          orderedBy,
          registeredBy: actor.userId,
          lab: input.lab.trim(),
          exam: input.exam.trim(),
          requestedAt: input.requestedAt ? new Date(input.requestedAt) : this.clock.now(),
        })
        .returning({ id: labReports.id });
      await this.audit.record(
        context,
        'lab_report.create',
        [patient.userId],
        { labReportId: row!.id },
        tx,
      );
      return row!.id;
    });
    return this.view((await this.find(id))!, actor);
  }

  async list(
    registerNumber: string,
    query: { status?: 'pending' | 'ready'; page: number; pageSize: number },
    context: RequestContext,
  ): Promise<Page<LabReportView>> {
    const patient = await this.patients.authorized(registerNumber, context, 'labReports.list');
    const conditions: SQL[] = [eq(labReports.patientUserId, patient.userId)];
    if (query.status) conditions.push(eq(labReports.status, query.status));
    const where = and(...conditions)!;
    const [records, [count]] = await Promise.all([
      this.select(this.db, where, {
        limit: query.pageSize,
        offset: offsetOf(query.page, query.pageSize),
      }),
      this.db
        .select({ total: sql<number>`count(*)::int` })
        .from(labReports)
        .where(where),
    ]);
    await this.audit.record(context, 'lab_report.list', [patient.userId]);
    return {
      items: records.map((record) => this.view(record, context.actor)),
      total: count?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Stores an upload as the report's newest file and marks it ready. `readFile` runs only once
   * the caller is known to be allowed; its temporary file is always removed, and a stored file
   * whose record does not commit is deleted again.
   */
  async upload(
    id: string,
    readFile: () => Promise<SpooledFile>,
    context: RequestContext,
  ): Promise<LabReportView> {
    const actor = actingUser(context);
    const report = await this.authorized(id, context, 'labReports.upload');
    const upload = await readFile();
    try {
      const key = `lab-reports/${report.patientUserId}/${report.id}/${randomToken(12)}.${upload.extension}`;
      await this.storage.putFile(key, upload.path, upload.contentType);
      try {
        await this.recordUpload(report, upload, key, context);
      } catch (error) {
        await this.storage.delete(key).catch((err: unknown) => {
          this.log.warn({ err, key }, 'could not delete the file of a failed lab report upload');
        });
        throw error;
      }
    } finally {
      await upload.discard();
    }
    return this.view((await this.find(id))!, actor);
  }

  /** The result file, for the patient and the professionals caring for them. */
  async download(id: string, context: RequestContext): Promise<LabReportDownload> {
    const report = await this.authorized(id, context, 'labReports.file.read');
    const file = report.file;
    if (!file) throw notFound('This lab report has no result yet.');
    const stream = await this.openStored(file);
    if (!stream) throw new Error('the stored lab report file is missing or has the wrong size');
    await this.audit.record(context, 'lab_report.file.read', [report.patientUserId], {
      labReportId: id,
      version: file.version,
    });
    return {
      stream,
      contentType: file.contentType,
      size: file.size,
      fileName: this.fileName(report, file),
    };
  }

  /** The lab reports ordered in these appointments, for their consultations. */
  async ofAppointments(ids: string[], viewer: Actor, executor: Executor = this.db) {
    if (!ids.length) return [];
    const records = await this.select(executor, inArray(labReports.appointmentId, ids));
    return records.map((record) => this.view(record, viewer));
  }

  /** Every lab report of a patient, for their record's download (the patient's own reads). */
  async allOf(patientUserId: string) {
    return this.select(this.db, eq(labReports.patientUserId, patientUserId));
  }

  /** Opens a report's file for the record's download; undefined when it has none. */
  async openFile(record: LabReportRecord) {
    if (!record.file) return undefined;
    const stream = await this.openStored(record.file);
    return stream && { name: this.fileName(record, record.file), stream };
  }

  /**
   * A stored result as it is read out: its size checked at once, its SHA-256 as it streams
   * (a corrupted file is cut off before its end). Undefined, and logged, when the file is gone
   * or has another size than was stored.
   */
  private async openStored(file: LabReportFileRow): Promise<Readable | undefined> {
    const stored = await this.storage.openRead(file.storageKey);
    if (stored?.size === file.size) return verifiedStream(stored.stream, file);
    stored?.stream.destroy();
    this.log.error(
      { labReportId: file.labReportId, key: file.storageKey },
      'a lab report file is missing or cut',
    );
    return undefined;
  }

  view(record: LabReportRecord, viewer: Actor): LabReportView {
    // Admins upload results and follow their status; what a result says is not theirs to read.
    const mayReadFile = viewer.kind === 'user' && viewer.role !== 'admin';
    return {
      id: record.id,
      patient: { registerNumber: record.patientRegisterNumber, name: record.patientName },
      appointmentId: record.appointmentId,
      orderedBy: record.orderedByName
        ? { name: record.orderedByName, councilNumber: record.orderedByCouncilNumber }
        : null,
      lab: record.lab,
      exam: record.exam,
      status: record.status,
      requestedAt: this.zoned(record.requestedAt),
      readyAt: record.readyAt ? this.zoned(record.readyAt) : null,
      file:
        record.file && mayReadFile
          ? {
              contentType: record.file.contentType,
              size: record.file.size,
              version: record.file.version,
              uploadedAt: this.zoned(record.file.uploadedAt),
            }
          : null,
    };
  }

  private async recordUpload(
    report: LabReportRecord,
    upload: SpooledFile,
    key: string,
    context: RequestContext,
  ): Promise<void> {
    const actor = actingUser(context);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      // The report's row, locked: two uploads at once get versions one after the other.
      const [current] = await tx
        .select({ status: labReports.status })
        .from(labReports)
        .where(eq(labReports.id, report.id))
        .for('update');
      const [latest] = await tx
        .select({ version: sql<number>`coalesce(max(${labReportFiles.version}), 0)::int` })
        .from(labReportFiles)
        .where(eq(labReportFiles.labReportId, report.id));
      const version = (latest?.version ?? 0) + 1;
      await tx.insert(labReportFiles).values({
        labReportId: report.id,
        version,
        storageKey: key,
        contentType: upload.contentType,
        size: upload.size,
        sha256: upload.sha256,
        uploadedBy: actor.userId,
        uploadedAt: now,
      });
      if (current?.status === 'pending') {
        await tx
          .update(labReports)
          .set({ status: 'ready', readyAt: now })
          .where(eq(labReports.id, report.id));
        await recordOutboxEvent(tx, {
          type: 'lab_report.ready',
          payload: {
            labReportId: report.id,
            patient: {
              userId: report.patientUserId,
              registerNumber: report.patientRegisterNumber,
              name: report.patientName,
            },
            orderedByUserId: report.orderedBy,
            lab: report.lab,
          },
        });
      }
      await this.audit.record(
        context,
        'lab_report.upload',
        [report.patientUserId],
        { labReportId: report.id, version, size: upload.size },
        tx,
      );
    });
  }

  private async authorized(
    id: string,
    context: RequestContext,
    action: 'labReports.upload' | 'labReports.file.read',
  ): Promise<LabReportRecord> {
    const actor = context.actor;
    return authorize(
      actor,
      action,
      async () => {
        const record = await this.find(id);
        if (!record) return undefined;
        const attendedBy = await this.careTeam.attendedBy(
          actor,
          record.patientUserId,
          record.orderedBy,
        );
        return { ...record, userId: record.patientUserId, attendedBy };
      },
      MISSING,
    );
  }

  private async find(id: string): Promise<LabReportRecord | undefined> {
    const [record] = await this.select(this.db, eq(labReports.id, id));
    return record;
  }

  /**
   * Reports with their patient, who ordered them, and their latest file: newest requested
   * first, or (`pendingFirst`, the desk's list) the pending ones oldest first, then the ready
   * ones latest first.
   */
  async select(
    executor: Executor,
    where: SQL,
    page?: { limit: number; offset: number },
    order: 'latest' | 'pendingFirst' = 'latest',
  ): Promise<LabReportRecord[]> {
    const base = executor
      .select({
        report: labReports,
        patientName: patientUsers.name,
        patientRegisterNumber: patientsOf.registerNumber,
        orderedByName: orderingUsers.name,
        orderedByCouncilNumber: orderingProfessionals.councilNumber,
      })
      .from(labReports)
      .innerJoin(patientUsers, eq(patientUsers.id, labReports.patientUserId))
      .innerJoin(patientsOf, eq(patientsOf.userId, labReports.patientUserId))
      .leftJoin(orderingUsers, eq(orderingUsers.id, labReports.orderedBy))
      .leftJoin(orderingProfessionals, eq(orderingProfessionals.userId, labReports.orderedBy))
      .where(where)
      .orderBy(
        ...(order === 'pendingFirst'
          ? [
              sql`${labReports.status} = 'pending' desc`,
              sql`case when ${labReports.status} = 'pending' then ${labReports.requestedAt} end asc`,
              desc(labReports.readyAt),
            ]
          : []),
        desc(labReports.requestedAt),
        desc(labReports.id),
      );
    const rows = page ? await base.limit(page.limit).offset(page.offset) : await base;
    const files = await this.latestFiles(
      executor,
      rows.map((row) => row.report.id),
    );
    return rows.map(({ report, ...names }) => ({
      ...report,
      ...names,
      file: files.get(report.id) ?? null,
    }));
  }

  private async latestFiles(executor: Executor, ids: string[]) {
    if (!ids.length) return new Map<string, LabReportFileRow>();
    const rows = await executor
      .selectDistinctOn([labReportFiles.labReportId])
      .from(labReportFiles)
      .where(inArray(labReportFiles.labReportId, ids))
      .orderBy(labReportFiles.labReportId, desc(labReportFiles.version));
    return new Map(rows.map((row) => [row.labReportId, row]));
  }

  /** `hemograma-2026-12-01.pdf`: the exam and the day of the result, safe in any file system. */
  private fileName(report: LabReportRecord, file: LabReportFileRow): string {
    const exam =
      foldText(report.exam)
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 60) || 'lab-report';
    const extension = extensionOf(file.contentType) ?? 'bin';
    return `${exam}-${this.zoned(file.uploadedAt).slice(0, 10)}.${extension}`;
  }

  private zoned(instant: Date): string {
    return toZonedIso(instant, this.config.clinic.timeZone);
  }
}
