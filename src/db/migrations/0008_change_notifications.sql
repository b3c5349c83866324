CREATE INDEX "appointments_patient_open_starts_idx" ON "appointments" USING btree ("patient_user_id","starts_at") WHERE "appointments"."status" in ('scheduled', 'checked_in', 'in_progress');--> statement-breakpoint
-- Instances keep sessions and the professionals' directory in memory. These triggers tell every
-- instance (LISTEN) when a cached fact changes, whoever changed it: the app through any code
-- path, another instance, or someone at the SQL prompt. PostgreSQL delivers a notification on
-- commit only, and once per transaction for equal payloads.

-- A session stops being valid: signed out, expiry moved, or deleted while still live.
CREATE FUNCTION notify_session_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('clinicdesk_sessions', OLD.user_id::text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER UPDATE OF revoked_at, expires_at ON sessions
  FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
  EXECUTE FUNCTION notify_session_change();--> statement-breakpoint
-- Housekeeping deletes sessions long over: those were never served from memory again.
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
  FOR EACH ROW
  WHEN (OLD.revoked_at IS NULL AND OLD.expires_at > now())
  EXECUTE FUNCTION notify_session_change();--> statement-breakpoint
-- A user's sessions carry the role and stop with deactivation.
CREATE FUNCTION notify_user_sessions_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('clinicdesk_sessions', OLD.id::text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER users_sessions_changed AFTER UPDATE OF active, role ON users
  FOR EACH ROW
  WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role)
  EXECUTE FUNCTION notify_user_sessions_change();--> statement-breakpoint
CREATE TRIGGER users_sessions_deleted AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_user_sessions_change();--> statement-breakpoint
-- The directory of professionals: who they are, their specialty, numbers and photo.
CREATE FUNCTION notify_directory_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('clinicdesk_directory', '');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER professionals_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON professionals
  FOR EACH STATEMENT EXECUTE FUNCTION notify_directory_change();--> statement-breakpoint
CREATE TRIGGER council_numbers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON council_numbers
  FOR EACH STATEMENT EXECUTE FUNCTION notify_directory_change();--> statement-breakpoint
CREATE TRIGGER specialties_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON specialties
  FOR EACH STATEMENT EXECUTE FUNCTION notify_directory_change();--> statement-breakpoint
CREATE TRIGGER users_directory_changed AFTER UPDATE OR DELETE ON users
  FOR EACH ROW WHEN (OLD.role = 'professional')
  EXECUTE FUNCTION notify_directory_change();
