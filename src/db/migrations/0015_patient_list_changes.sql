-- Instances keep patients' upcoming appointments in memory (src/modules/scheduling/
-- patient-list-cache.ts). These triggers tell every instance (LISTEN) whose list may have
-- changed, whoever changed it. The payload is the patient's user id; empty, anyone's. A booking
-- leaves its notice to a statement after its commit, as for the free slots (migration 0014);
-- the professionals' names and numbers in the lists are followed on the directory's channel
-- (migration 0008).

CREATE FUNCTION notify_patient_lists_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('clinicdesk_patient_lists', '');
    RETURN NULL;
  END IF;
  IF current_setting('clinicdesk.notify_after_commit', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('clinicdesk_patient_lists', OLD.patient_user_id::text);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('clinicdesk_patient_lists', NEW.patient_user_id::text);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER appointments_patient_lists AFTER INSERT OR UPDATE OR DELETE ON appointments
  FOR EACH ROW EXECUTE FUNCTION notify_patient_lists_change();--> statement-breakpoint
CREATE TRIGGER appointments_patient_lists_truncated AFTER TRUNCATE ON appointments
  FOR EACH STATEMENT EXECUTE FUNCTION notify_patient_lists_change();--> statement-breakpoint
-- A list shows its patient's name and register number, which the directory does not follow.
CREATE FUNCTION notify_patient_list_of_patient() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('clinicdesk_patient_lists', OLD.id::text);
  ELSE
    PERFORM pg_notify('clinicdesk_patient_lists', OLD.user_id::text);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER patients_patient_lists AFTER UPDATE OF register_number OR DELETE ON patients
  FOR EACH ROW EXECUTE FUNCTION notify_patient_list_of_patient();--> statement-breakpoint
CREATE TRIGGER users_patient_lists AFTER UPDATE OF name OR DELETE ON users
  FOR EACH ROW WHEN (OLD.role = 'patient')
  EXECUTE FUNCTION notify_patient_list_of_patient();
