CREATE TABLE "time_off" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"professional_user_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_off_order" CHECK ("time_off"."starts_at" < "time_off"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "working_hours" (
	"professional_user_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	CONSTRAINT "working_hours_weekday_range" CHECK ("working_hours"."weekday" between 0 and 6),
	CONSTRAINT "working_hours_order" CHECK ("working_hours"."start" < "working_hours"."end")
);
--> statement-breakpoint
ALTER TABLE "professionals" ADD COLUMN "slot_minutes" integer;--> statement-breakpoint
ALTER TABLE "time_off" ADD CONSTRAINT "time_off_professional_user_id_professionals_user_id_fk" FOREIGN KEY ("professional_user_id") REFERENCES "public"."professionals"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_off" ADD CONSTRAINT "time_off_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_hours" ADD CONSTRAINT "working_hours_professional_user_id_professionals_user_id_fk" FOREIGN KEY ("professional_user_id") REFERENCES "public"."professionals"("user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "time_off_professional_ends_idx" ON "time_off" USING btree ("professional_user_id","ends_at");--> statement-breakpoint
CREATE INDEX "working_hours_professional_idx" ON "working_hours" USING btree ("professional_user_id");