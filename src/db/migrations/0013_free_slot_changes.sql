-- Instances keep professionals' free slots in memory (src/modules/scheduling/free-slot-cache.ts).
-- These triggers tell every instance (LISTEN) whose free slots may have changed, whoever changed
-- them: the app through any code path, another instance, or someone at the SQL prompt. The
-- payload is the professional's user id; empty, anyone's. PostgreSQL delivers on commit only,
-- and once per transaction for equal payloads.

CREATE FUNCTION notify_free_slots_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('clinicdesk_slots', '');
    RETURN NULL;
  END IF;
  -- A move to another professional changes both calendars; equal payloads are sent once.
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('clinicdesk_slots', OLD.professional_user_id::text);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('clinicdesk_slots', NEW.professional_user_id::text);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- An appointment takes or frees time by being written, moved, cancelled or marked a no-show, or
-- deleted. Its other columns, and a status that still holds the time (checked in, called,
-- finished: `activeStatuses` in src/modules/scheduling/appointment-status.ts), change no slot.
CREATE TRIGGER appointments_free_slots_inserted AFTER INSERT OR DELETE ON appointments
  FOR EACH ROW EXECUTE FUNCTION notify_free_slots_change();--> statement-breakpoint
CREATE TRIGGER appointments_free_slots_updated
  AFTER UPDATE OF professional_user_id, starts_at, ends_at, status ON appointments
  FOR EACH ROW
  WHEN (OLD.professional_user_id IS DISTINCT FROM NEW.professional_user_id
     OR OLD.starts_at IS DISTINCT FROM NEW.starts_at
     OR OLD.ends_at IS DISTINCT FROM NEW.ends_at
     OR (OLD.status IN ('scheduled', 'checked_in', 'in_progress', 'finished'))
        IS DISTINCT FROM (NEW.status IN ('scheduled', 'checked_in', 'in_progress', 'finished')))
  EXECUTE FUNCTION notify_free_slots_change();--> statement-breakpoint
CREATE TRIGGER appointments_free_slots_truncated AFTER TRUNCATE ON appointments
  FOR EACH STATEMENT EXECUTE FUNCTION notify_free_slots_change();--> statement-breakpoint
CREATE TRIGGER working_hours_free_slots AFTER INSERT OR UPDATE OR DELETE ON working_hours
  FOR EACH ROW EXECUTE FUNCTION notify_free_slots_change();--> statement-breakpoint
CREATE TRIGGER working_hours_free_slots_truncated AFTER TRUNCATE ON working_hours
  FOR EACH STATEMENT EXECUTE FUNCTION notify_free_slots_change();--> statement-breakpoint
CREATE TRIGGER time_off_free_slots AFTER INSERT OR UPDATE OR DELETE ON time_off
  FOR EACH ROW EXECUTE FUNCTION notify_free_slots_change();--> statement-breakpoint
CREATE TRIGGER time_off_free_slots_truncated AFTER TRUNCATE ON time_off
  FOR EACH STATEMENT EXECUTE FUNCTION notify_free_slots_change();
