CREATE TYPE "public"."lab_report_status" AS ENUM('pending', 'ready');--> statement-breakpoint
CREATE TABLE "consultation_versions" (
	"appointment_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"notes" text NOT NULL,
	"diagnoses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"follow_up" text,
	"written_by" uuid,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_versions_appointment_id_version_pk" PRIMARY KEY("appointment_id","version"),
	CONSTRAINT "consultation_versions_version_positive" CHECK ("consultation_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "lab_report_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lab_report_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_report_files_storage_key_unique" UNIQUE("storage_key"),
	CONSTRAINT "lab_report_files_version_unique" UNIQUE("lab_report_id","version")
);
--> statement-breakpoint
CREATE TABLE "lab_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_user_id" uuid NOT NULL,
	"appointment_id" uuid,
	"ordered_by" uuid,
	"registered_by" uuid,
	"lab" text NOT NULL,
	"exam" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"status" "lab_report_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ready_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "prescriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid NOT NULL,
	"patient_user_id" uuid NOT NULL,
	"professional_user_id" uuid NOT NULL,
	"items" jsonb NOT NULL,
	"patient_name" text NOT NULL,
	"patient_register_number" text NOT NULL,
	"professional_name" text NOT NULL,
	"professional_council_number" text NOT NULL,
	"professional_specialty" text NOT NULL,
	"verification_code" text NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoke_reason" text,
	CONSTRAINT "prescriptions_verification_code_unique" UNIQUE("verification_code"),
	CONSTRAINT "prescriptions_revocation_complete" CHECK (("prescriptions"."revoked_at" is null) = ("prescriptions"."revoke_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "consultation_versions" ADD CONSTRAINT "consultation_versions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_versions" ADD CONSTRAINT "consultation_versions_written_by_users_id_fk" FOREIGN KEY ("written_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_report_files" ADD CONSTRAINT "lab_report_files_lab_report_id_lab_reports_id_fk" FOREIGN KEY ("lab_report_id") REFERENCES "public"."lab_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_report_files" ADD CONSTRAINT "lab_report_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_reports" ADD CONSTRAINT "lab_reports_patient_user_id_users_id_fk" FOREIGN KEY ("patient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_reports" ADD CONSTRAINT "lab_reports_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_reports" ADD CONSTRAINT "lab_reports_ordered_by_users_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_reports" ADD CONSTRAINT "lab_reports_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_patient_user_id_users_id_fk" FOREIGN KEY ("patient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_professional_user_id_users_id_fk" FOREIGN KEY ("professional_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriptions" ADD CONSTRAINT "prescriptions_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lab_reports_patient_requested_idx" ON "lab_reports" USING btree ("patient_user_id","requested_at");--> statement-breakpoint
CREATE INDEX "lab_reports_appointment_idx" ON "lab_reports" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "prescriptions_patient_issued_idx" ON "prescriptions" USING btree ("patient_user_id","issued_at");--> statement-breakpoint
CREATE INDEX "prescriptions_appointment_idx" ON "prescriptions" USING btree ("appointment_id");--> statement-breakpoint
-- The notes written at finish until now become the first version of their consultation.
INSERT INTO "consultation_versions" ("appointment_id", "version", "notes", "written_by", "written_at")
  SELECT "appointment_id", 1, "notes", "written_by", "written_at" FROM "consultation_notes";--> statement-breakpoint
-- Clinical records are never overwritten: versions and uploaded files are append-only, whoever
-- connects; a prescription may only be revoked, once, and nothing else of it ever changes.
CREATE OR REPLACE FUNCTION clinical_record_is_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;--> statement-breakpoint
CREATE TRIGGER consultation_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON consultation_versions
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_is_append_only();--> statement-breakpoint
CREATE TRIGGER lab_report_files_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON lab_report_files
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_is_append_only();--> statement-breakpoint
CREATE TRIGGER prescriptions_not_deleted BEFORE DELETE OR TRUNCATE ON prescriptions
  FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_is_append_only();--> statement-breakpoint
CREATE OR REPLACE FUNCTION prescription_only_revoked() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.revoked_at IS NOT NULL
     OR NEW.revoked_at IS NULL
     OR (to_jsonb(NEW) - 'revoked_at' - 'revoked_by' - 'revoke_reason')
        IS DISTINCT FROM (to_jsonb(OLD) - 'revoked_at' - 'revoked_by' - 'revoke_reason') THEN
    RAISE EXCEPTION 'an issued prescription is immutable: it can only be revoked, once';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER prescriptions_only_revoked BEFORE UPDATE ON prescriptions
  FOR EACH ROW EXECUTE FUNCTION prescription_only_revoked();
