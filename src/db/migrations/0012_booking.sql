-- A booking's own write, as one call: the calendar locks, then (with a snapshot taken after
-- them) the check that an unforced booking does not land on a forced appointment, then the
-- insert. One plain statement cannot do this: its snapshot would be taken before the locks, and
-- miss a forced appointment committed by the booking it waited for. A VOLATILE plpgsql function
-- takes a fresh snapshot for each statement it runs.
-- The lock classes are those of src/modules/scheduling/calendar-locks.ts (4101 the
-- professional, 4102 the patient, keyed by the hash of the id as text), taken in that order.
-- The forced clash raises 23P01 (as the exclusion constraints do for unforced rows) naming
-- `appointments_forced_overlap`, so the caller's statement, and its transaction, fail whole.
CREATE FUNCTION book_appointment(
  p_id uuid,
  p_patient_user_id uuid,
  p_professional_user_id uuid,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_reason text,
  p_forced boolean,
  p_created_by uuid,
  p_created_at timestamptz
) RETURNS void
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(4101, hashtext(p_professional_user_id::text)),
          pg_advisory_xact_lock(4102, hashtext(p_patient_user_id::text));
  -- An appointment lasts at most 12 hours (appointments_length): bounding the start keeps
  -- this on the start index.
  IF NOT p_forced AND EXISTS (
    SELECT 1 FROM appointments
    WHERE professional_user_id = p_professional_user_id
      AND forced
      AND status IN ('scheduled', 'checked_in', 'in_progress', 'finished')
      AND starts_at > p_starts_at - interval '12 hours'
      AND starts_at < p_ends_at
      AND ends_at > p_starts_at
  ) THEN
    RAISE EXCEPTION 'the time overlaps a forced appointment of the professional'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'appointments_forced_overlap',
            TABLE = 'appointments';
  END IF;
  INSERT INTO appointments (id, patient_user_id, professional_user_id, starts_at, ends_at,
    reason, forced, created_by, created_at, updated_at)
  VALUES (p_id, p_patient_user_id, p_professional_user_id, p_starts_at, p_ends_at,
    p_reason, p_forced, p_created_by, p_created_at, p_created_at);
END $$;
