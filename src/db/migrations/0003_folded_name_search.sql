ALTER TABLE "users" ADD COLUMN "name_folded" text GENERATED ALWAYS AS (fold_text(name)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "users_name_folded_trgm_idx" ON "users" USING gin ("name_folded" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_name_folded_idx" ON "users" USING btree ("name_folded");--> statement-breakpoint
CREATE INDEX "users_email_prefix_idx" ON "users" USING btree ("email" text_pattern_ops);--> statement-breakpoint
-- Replaced by the index on the stored column: searching and sorting no longer call unaccent per row.
DROP INDEX IF EXISTS "users_name_search_idx";
