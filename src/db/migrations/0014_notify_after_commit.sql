-- A transaction that runs NOTIFY holds a lock for the whole cluster from its commit's start to
-- its end, WAL flush included: such commits run one at a time and never share a flush. With a
-- NOTIFY in every booking, bookings were bounded by one WAL flush each (pgbench on a 2-core
-- machine: 15,719 durable inserts a second without it, 2,137 with it). A booking therefore says
-- `clinicdesk.notify_after_commit` = on for its own transaction (set_config, local) and sends
-- the same notices in a statement of its own once it has committed
-- (src/modules/scheduling/calendar-notices.ts); every other write, the SQL prompt's included,
-- is still told by these triggers in its own transaction.

CREATE OR REPLACE FUNCTION notify_free_slots_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('clinicdesk_slots', '');
    RETURN NULL;
  END IF;
  IF current_setting('clinicdesk.notify_after_commit', true) = 'on' THEN
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
END $$;
