-- A booking's own write, as one call: the slot check, the calendar locks, then (with a
-- snapshot taken after them) the check that an unforced booking does not land on a forced
-- appointment, then the insert. One plain statement cannot do this: its snapshot would be taken
-- before the locks, and miss a forced appointment committed by the booking it waited for. A
-- VOLATILE plpgsql function takes a fresh snapshot for each statement it runs.

-- The slot check is `isFreeSlotStart` (src/modules/scheduling/slots.ts) for a day with one
-- offset, on the wall-clock position the app computes (`slotGridPoint`): the instant is the
-- start of a slot of one of the weekday's ranges that ends within it, and no time off overlaps
-- the slot. `HH:MM` is read as there (`minutesOf`): any `24:…` is the end of the day. With
-- p_weekday null (a forced booking, or a day whose offset changes, which the app checks
-- itself) it is skipped. Refused: SQLSTATE CDS01. (Two plain statements: as one `IF EXISTS …
-- AND NOT EXISTS …` with a helper SQL function it cost PostgreSQL four times the CPU.)
-- The lock classes are those of src/modules/scheduling/calendar-locks.ts (4101 the
-- professional, 4102 the patient, keyed by the hash of the id as text), taken in that order.
-- The forced clash raises 23P01 (as the exclusion constraints do for unforced rows) naming
-- `appointments_forced_overlap`. Either refusal fails the caller's statement whole.
CREATE FUNCTION book_appointment(
  p_id uuid,
  p_patient_user_id uuid,
  p_professional_user_id uuid,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_reason text,
  p_forced boolean,
  p_created_by uuid,
  p_created_at timestamptz,
  p_weekday smallint,
  p_local_ms bigint,
  p_end_of_day_ms bigint,
  p_slot_minutes integer
) RETURNS void
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  slot_ms bigint := p_slot_minutes::bigint * 60000;
BEGIN
  IF p_weekday IS NOT NULL THEN
    PERFORM FROM working_hours,
      LATERAL (SELECT least(split_part(start, ':', 1)::integer * 60
                              + split_part(start, ':', 2)::integer, 24 * 60)::bigint * 60000
                        AS from_ms,
                      least(split_part("end", ':', 1)::integer * 60
                              + split_part("end", ':', 2)::integer, 24 * 60) AS to_minutes
              ) AS range
    WHERE professional_user_id = p_professional_user_id
      AND weekday = p_weekday
      AND p_local_ms >= range.from_ms
      AND (p_local_ms - range.from_ms) % slot_ms = 0
      AND p_local_ms + slot_ms <= CASE WHEN range.to_minutes = 24 * 60 THEN p_end_of_day_ms
                                       ELSE range.to_minutes::bigint * 60000 END;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'the time is not on the professional''s slot grid' USING ERRCODE = 'CDS01';
    END IF;
    PERFORM FROM time_off
    WHERE professional_user_id = p_professional_user_id
      AND starts_at < p_ends_at
      AND ends_at > p_starts_at;
    IF FOUND THEN
      RAISE EXCEPTION 'the professional is away at that time' USING ERRCODE = 'CDS01';
    END IF;
  END IF;
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
