CREATE TYPE "public"."gender" AS ENUM('female', 'male', 'other');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_role" "user_role",
	"action" text NOT NULL,
	"patient_user_id" uuid NOT NULL,
	"ip" text,
	"request_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "council_numbers" (
	"number" text PRIMARY KEY NOT NULL,
	"professional_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"register_number" text NOT NULL,
	"cpf" text,
	"birth_date" date NOT NULL,
	"gender" "gender" NOT NULL,
	"post_code" text NOT NULL,
	"street" text,
	"house_number" text NOT NULL,
	"complement" text,
	"district" text,
	"city" text,
	"state" text NOT NULL,
	"photo_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patients_register_number_format" CHECK ("patients"."register_number" ~ '^[A-Za-z]{6}-[0-9]$'),
	CONSTRAINT "patients_cpf_format" CHECK ("patients"."cpf" ~ '^[0-9]{11}$'),
	CONSTRAINT "patients_post_code_format" CHECK ("patients"."post_code" ~ '^[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "professionals" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"council_digits" text NOT NULL,
	"council_number" text NOT NULL,
	"specialty_key" text NOT NULL,
	"gender" "gender",
	"birth_date" date,
	"experience_years" integer,
	"office_number" text,
	"bio" text,
	"appointment_minutes" integer DEFAULT 30 NOT NULL,
	"post_code" text NOT NULL,
	"street" text,
	"house_number" text NOT NULL,
	"complement" text,
	"district" text,
	"city" text,
	"state" text NOT NULL,
	"photo_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "professionals_council_digits_format" CHECK ("professionals"."council_digits" ~ '^[0-9]{4}$'),
	CONSTRAINT "professionals_appointment_minutes_range" CHECK ("professionals"."appointment_minutes" between 5 and 480)
);
--> statement-breakpoint
CREATE TABLE "specialties" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_patient_user_id_users_id_fk" FOREIGN KEY ("patient_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_numbers" ADD CONSTRAINT "council_numbers_professional_user_id_professionals_user_id_fk" FOREIGN KEY ("professional_user_id") REFERENCES "public"."professionals"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professionals" ADD CONSTRAINT "professionals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "professionals" ADD CONSTRAINT "professionals_specialty_key_specialties_key_fk" FOREIGN KEY ("specialty_key") REFERENCES "public"."specialties"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_patient_at_idx" ON "audit_log" USING btree ("patient_user_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_idx" ON "audit_log" USING btree ("actor_user_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "council_numbers_professional_idx" ON "council_numbers" USING btree ("professional_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_register_number_key" ON "patients" USING btree ("register_number");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_cpf_key" ON "patients" USING btree ("cpf");--> statement-breakpoint
CREATE UNIQUE INDEX "professionals_council_number_key" ON "professionals" USING btree ("council_number");--> statement-breakpoint
CREATE INDEX "professionals_specialty_key_idx" ON "professionals" USING btree ("specialty_key");