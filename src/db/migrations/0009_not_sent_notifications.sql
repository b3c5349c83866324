-- A message on a channel with no provider configured: kept in the delivery log, never sent or retried.
ALTER TYPE "public"."notification_status" ADD VALUE 'not_sent';
