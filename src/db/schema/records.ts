import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { timestamptz } from './columns.js';
import { appointments } from './scheduling.js';

/** A diagnosis as written: free text, with a CID-10 (ICD-10) code when the professional gave one. */
export interface Diagnosis {
  description: string;
  /** `J06.9`: upper case, with the dot. */
  code: string | null;
}

/**
 * The clinical record of a finished appointment (a consultation), one row per version: the
 * notes written at finish are version 1, and every later change by the professional who saw the
 * patient is a new version. Rows are never changed or deleted (a trigger refuses it), so every
 * earlier text stays readable with its author and time.
 */
export const consultationVersions = pgTable(
  'consultation_versions',
  {
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    version: integer('version').notNull(),
    notes: text('notes').notNull(),
    diagnoses: jsonb('diagnoses').$type<Diagnosis[]>().notNull().default([]),
    followUp: text('follow_up'),
    writtenBy: uuid('written_by').references(() => users.id),
    writtenAt: timestamptz('written_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.appointmentId, table.version] }),
    check('consultation_versions_version_positive', sql`${table.version} >= 1`),
  ],
);

/** One line of a prescription. */
export interface PrescriptionItem {
  drug: string;
  dosage: string;
  instructions: string;
  quantity: string | null;
}

/**
 * Prescriptions as issued. The names and numbers printed on them are kept as they were that day
 * (a professional's later change of name or council number does not rewrite a signed paper).
 * Immutable: a trigger refuses deletes and any update but the one that revokes it.
 */
export const prescriptions = pgTable(
  'prescriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    patientUserId: uuid('patient_user_id')
      .notNull()
      .references(() => users.id),
    professionalUserId: uuid('professional_user_id')
      .notNull()
      .references(() => users.id),
    items: jsonb('items').$type<PrescriptionItem[]>().notNull(),
    patientName: text('patient_name').notNull(),
    patientRegisterNumber: text('patient_register_number').notNull(),
    professionalName: text('professional_name').notNull(),
    professionalCouncilNumber: text('professional_council_number').notNull(),
    professionalSpecialty: text('professional_specialty').notNull(),
    /** What a pharmacist types or scans to check the paper (the QR code holds it). */
    verificationCode: text('verification_code').notNull().unique(),
    issuedAt: timestamptz('issued_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revokeReason: text('revoke_reason'),
  },
  (table) => [
    index('prescriptions_patient_issued_idx').on(table.patientUserId, table.issuedAt),
    index('prescriptions_appointment_idx').on(table.appointmentId),
    check(
      'prescriptions_revocation_complete',
      sql`(${table.revokedAt} is null) = (${table.revokeReason} is null)`,
    ),
  ],
);

export const labReportStatus = pgEnum('lab_report_status', ['pending', 'ready']);

/**
 * Lab reports: ordered by a professional or registered by the desk (`pending`), `ready` once
 * their result file is uploaded. The files are in `lab_report_files`.
 */
export const labReports = pgTable(
  'lab_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientUserId: uuid('patient_user_id')
      .notNull()
      .references(() => users.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    /** The professional who ordered it: they hear when it is ready and may read it. */
    orderedBy: uuid('ordered_by').references(() => users.id),
    registeredBy: uuid('registered_by').references(() => users.id),
    lab: text('lab').notNull(),
    exam: text('exam').notNull(),
    requestedAt: timestamptz('requested_at').notNull(),
    status: labReportStatus('status').notNull().default('pending'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    readyAt: timestamptz('ready_at'),
  },
  (table) => [
    index('lab_reports_patient_requested_idx').on(table.patientUserId, table.requestedAt),
    index('lab_reports_appointment_idx').on(table.appointmentId),
  ],
);

/**
 * Every file uploaded for a lab report, one version per upload: the latest is the result, the
 * earlier ones stay (a replaced file is not lost). The checksum is checked when it is read.
 * Append-only.
 */
export const labReportFiles = pgTable(
  'lab_report_files',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    labReportId: uuid('lab_report_id')
      .notNull()
      .references(() => labReports.id),
    version: integer('version').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamptz('uploaded_at').notNull().defaultNow(),
  },
  (table) => [unique('lab_report_files_version_unique').on(table.labReportId, table.version)],
);

export type PrescriptionRow = typeof prescriptions.$inferSelect;
export type LabReportRow = typeof labReports.$inferSelect;
export type LabReportFileRow = typeof labReportFiles.$inferSelect;
