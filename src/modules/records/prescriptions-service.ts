import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Db, Executor } from '../../db/database.js';
import { prescriptions, type PrescriptionRow } from '../../db/schema/records.js';
import { authorize } from '../../http/access.js';
import { actingUser, type RequestContext } from '../../http/actor.js';
import { conflict, notFound, tooManyRequests, unprocessable } from '../../http/problem.js';
import type { Clock } from '../../lib/clock.js';
import { toZonedIso } from '../../lib/time.js';
import { usersRelation, type RateLimit } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { Language } from '../notifications/index.js';
import { appointmentById } from '../scheduling/index.js';
import type { CareTeam } from './care-team.js';
import type { PrescriptionDocument } from './prescription-pdf.js';
import type {
  PrescriptionCheckView,
  PrescriptionItemInput,
  PrescriptionView,
} from './prescriptions-schemas.js';
import { newVerificationCode, normalizeVerificationCode } from './verification-codes.js';

const users = usersRelation('prescription_patients');

const MISSING = 'There is no such prescription.';

/**
 * Prescriptions: written by the professional of an appointment once the patient is in the
 * room, immutable once issued (a mistaken one is revoked with a reason, never deleted), printed
 * as a PDF with a code a pharmacist can check.
 */
export class PrescriptionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly careTeam: CareTeam,
    private readonly audit: AuditService,
    private readonly verifyLimit: RateLimit,
    private readonly config: Pick<Config, 'clinic' | 'publicUrl'>,
  ) {}

  async issue(
    appointmentId: string,
    items: PrescriptionItemInput[],
    context: RequestContext,
  ): Promise<PrescriptionView> {
    const appointment = await this.prescribable(appointmentId, context, 'prescriptions.create');
    const row = await this.db.transaction(async (tx) => {
      const [issued] = await tx
        .insert(prescriptions)
        .values({
          appointmentId,
          patientUserId: appointment.patientUserId,
          professionalUserId: appointment.professionalUserId,
          items: items.map(trimmed),
          patientName: appointment.patientName,
          patientRegisterNumber: appointment.patientRegisterNumber,
          professionalName: appointment.professionalName,
          professionalCouncilNumber: appointment.professionalCouncilNumber,
          professionalSpecialty: appointment.specialty,
          verificationCode: newVerificationCode(),
          issuedAt: this.clock.now(),
        })
        .returning();
      await this.audit.record(
        context,
        'prescription.issue',
        [appointment.patientUserId],
        { prescriptionId: issued!.id, appointmentId },
        tx,
      );
      return issued!;
    });
    return this.view(row);
  }

  /**
   * The PDF as issuing these items would print it, marked as a preview and with no code to
   * check: nothing is stored, so the professional may look as often as they like.
   */
  async preview(
    appointmentId: string,
    items: PrescriptionItemInput[],
    context: RequestContext,
  ): Promise<Buffer> {
    const appointment = await this.prescribable(appointmentId, context, 'prescriptions.preview');
    return this.renderDocument({
      professional: {
        name: appointment.professionalName,
        specialty: appointment.specialty,
        councilNumber: appointment.professionalCouncilNumber,
      },
      patient: {
        name: appointment.patientName,
        registerNumber: appointment.patientRegisterNumber,
      },
      issuedAt: this.clock.now(),
      language: await this.languageOf(appointment.patientUserId),
      items: items.map(trimmed),
      verification: null,
      revoked: null,
      preview: true,
    });
  }

  async get(id: string, context: RequestContext): Promise<PrescriptionView> {
    const row = await this.authorized(id, context, 'prescriptions.read');
    await this.audit.record(context, 'prescription.read', [row.patientUserId], {
      prescriptionId: id,
    });
    return this.view(row);
  }

  /** The printable PDF, in the patient's language. */
  async pdf(id: string, context: RequestContext): Promise<{ data: Buffer; fileName: string }> {
    const row = await this.authorized(id, context, 'prescriptions.read');
    const data = await this.render(row, await this.languageOf(row.patientUserId));
    await this.audit.record(context, 'prescription.pdf', [row.patientUserId], {
      prescriptionId: id,
    });
    return { data, fileName: this.fileName(row) };
  }

  async revoke(id: string, reason: string, context: RequestContext): Promise<PrescriptionView> {
    const actor = actingUser(context);
    const current = await this.authorized(id, context, 'prescriptions.revoke');
    if (current.revokedAt) throw conflict('This prescription was already revoked.');
    const row = await this.db.transaction(async (tx) => {
      const [revoked] = await tx
        .update(prescriptions)
        .set({ revokedAt: this.clock.now(), revokedBy: actor.userId, revokeReason: reason.trim() })
        .where(and(eq(prescriptions.id, id), isNull(prescriptions.revokedAt)))
        .returning();
      if (!revoked) throw conflict('This prescription was already revoked.');
      await this.audit.record(
        context,
        'prescription.revoke',
        [revoked.patientUserId],
        { prescriptionId: id },
        tx,
      );
      return revoked;
    });
    return this.view(row);
  }

  /**
   * What a pharmacist learns from a code: whether the paper is valid, its date and professional,
   * and the patient's initials. Counted per client IP whether or not the code exists.
   */
  async verify(code: string, ip: string): Promise<PrescriptionCheckView> {
    const wait = await this.verifyLimit(ip);
    if (wait > 0) throw tooManyRequests(wait, 'Too many checks from here. Try again later.');
    const normalized = normalizeVerificationCode(code);
    const [row] = normalized
      ? await this.db
          .select()
          .from(prescriptions)
          .where(eq(prescriptions.verificationCode, normalized))
      : [];
    if (!row) throw notFound('No prescription has this code. Check it as printed.');
    return {
      status: row.revokedAt ? 'revoked' : 'valid',
      issuedAt: this.zoned(row.issuedAt),
      revokedAt: row.revokedAt ? this.zoned(row.revokedAt) : null,
      professional: {
        name: row.professionalName,
        councilNumber: row.professionalCouncilNumber,
        specialty: row.professionalSpecialty,
      },
      patientInitials: initialsOf(row.patientName),
      itemCount: row.items.length,
    };
  }

  /** The prescriptions of these appointments (consultations show theirs), oldest first. */
  async ofAppointments(ids: string[], executor: Executor = this.db): Promise<PrescriptionView[]> {
    if (!ids.length) return [];
    const rows = await executor
      .select()
      .from(prescriptions)
      .where(inArray(prescriptions.appointmentId, ids))
      .orderBy(prescriptions.issuedAt, prescriptions.id);
    return rows.map((row) => this.view(row));
  }

  /** Every prescription of a patient with its PDF, for their record's download. */
  async *documentsOf(
    patientUserId: string,
  ): AsyncGenerator<{ view: PrescriptionView; fileName: string; pdf: Buffer }> {
    const rows = await this.db
      .select()
      .from(prescriptions)
      .where(eq(prescriptions.patientUserId, patientUserId))
      .orderBy(desc(prescriptions.issuedAt), desc(prescriptions.id));
    const language = await this.languageOf(patientUserId);
    for (const row of rows) {
      yield {
        view: this.view(row),
        fileName: this.fileName(row),
        pdf: await this.render(row, language),
      };
    }
  }

  /** The appointment, once the caller may prescribe in it and the patient was called in. */
  private async prescribable(
    appointmentId: string,
    context: RequestContext,
    action: 'prescriptions.create' | 'prescriptions.preview',
  ) {
    const appointment = await authorize(
      actingUser(context),
      action,
      () => appointmentById(this.db, appointmentId),
      'There is no such appointment.',
    );
    if (appointment.status !== 'in_progress' && appointment.status !== 'finished') {
      throw unprocessable('A prescription is written once the patient has been called in.');
    }
    return appointment;
  }

  private async authorized(
    id: string,
    context: RequestContext,
    action: 'prescriptions.read' | 'prescriptions.revoke',
  ): Promise<PrescriptionRow> {
    const actor = context.actor;
    return authorize(
      actor,
      action,
      async () => {
        const [row] = await this.db.select().from(prescriptions).where(eq(prescriptions.id, id));
        if (!row) return undefined;
        const attendedBy = await this.careTeam.attendedBy(actor, row.patientUserId);
        return { ...row, userId: row.patientUserId, attendedBy };
      },
      MISSING,
    );
  }

  private async render(row: PrescriptionRow, language: Language): Promise<Buffer> {
    return this.renderDocument({
      professional: {
        name: row.professionalName,
        specialty: row.professionalSpecialty,
        councilNumber: row.professionalCouncilNumber,
      },
      patient: { name: row.patientName, registerNumber: row.patientRegisterNumber },
      issuedAt: row.issuedAt,
      language,
      items: row.items,
      verification: { code: row.verificationCode, url: this.verificationUrl(row) },
      revoked: row.revokedAt ? { at: row.revokedAt } : null,
    });
  }

  /** The clinic's letterhead and zone around what is prescribed. */
  private async renderDocument(
    document: Omit<PrescriptionDocument, 'clinic' | 'timeZone'>,
  ): Promise<Buffer> {
    const { clinic } = this.config;
    return (await pdfRenderer()).renderPrescriptionPdf({
      ...document,
      clinic: { name: clinic.name, address: clinic.address, phone: clinic.phone },
      timeZone: clinic.timeZone,
    });
  }

  private async languageOf(userId: string): Promise<Language> {
    const [row] = await this.db
      .select({ language: users.language })
      .from(users)
      .where(eq(users.id, userId));
    return row?.language ?? this.config.clinic.defaultLanguage;
  }

  private fileName(row: PrescriptionRow): string {
    return `prescription-${this.zoned(row.issuedAt).slice(0, 10)}-${row.verificationCode}.pdf`;
  }

  /**
   * The web app's check page (web/src/pages/prescription-check-page.tsx), not the API: the
   * pharmacist who scans the QR code reads an answer, not JSON.
   */
  private verificationUrl(row: PrescriptionRow): string {
    return `${this.config.publicUrl}/prescriptions/verify/${row.verificationCode}`;
  }

  private zoned(instant: Date): string {
    return toZonedIso(instant, this.config.clinic.timeZone);
  }

  view(row: PrescriptionRow): PrescriptionView {
    return {
      id: row.id,
      appointmentId: row.appointmentId,
      status: row.revokedAt ? 'revoked' : 'valid',
      issuedAt: this.zoned(row.issuedAt),
      patient: { registerNumber: row.patientRegisterNumber, name: row.patientName },
      professional: {
        councilNumber: row.professionalCouncilNumber,
        name: row.professionalName,
        specialty: row.professionalSpecialty,
      },
      items: row.items,
      verificationCode: row.verificationCode,
      verificationUrl: this.verificationUrl(row),
      revokedAt: row.revokedAt ? this.zoned(row.revokedAt) : null,
      revokeReason: row.revokeReason,
    };
  }
}

/**
 * The PDF library and its fonts load with the first prescription printed, not at start-up: an
 * app that prints none (a worker, a test) neither waits for them nor holds them in memory.
 */
const pdfRenderer = () => import('./prescription-pdf.js');

const trimmed = (item: PrescriptionItemInput): PrescriptionDocument['items'][number] => ({
  drug: item.drug.trim(),
  dosage: item.dosage.trim(),
  instructions: item.instructions.trim(),
  quantity: item.quantity?.trim() ?? null,
});

/** "J. C." for "João Câmara", "M. S. S." for "Maria da Silva Souza": particles are left out. */
export function initialsOf(name: string): string {
  const particles = new Set(['da', 'das', 'de', 'do', 'dos', 'e']);
  return name
    .split(/\s+/)
    .filter((word) => word && !particles.has(word.toLowerCase()))
    .map((word) => `${word[0]!.toUpperCase()}.`)
    .join(' ');
}
