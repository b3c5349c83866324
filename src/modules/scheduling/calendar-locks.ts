import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.js';

/**
 * Advisory lock classes (the first key of the two-key form) of the booking locks. A booking
 * takes them inside `book_appointment` (migration 0012), with the same keys and order: a change
 * to either must be made in both.
 */
const LOCK_PROFESSIONAL = 4101;
const LOCK_PATIENT = 4102;

/**
 * Takes the professional's and then the patient's booking lock, to the end of the transaction.
 * The exclusion constraints alone would stay correct, but two bookings that clash on both (the
 * same patient twice at one professional) wait on each other's index entries and deadlock.
 * Bookings that could clash share one of the two locks and so run one after the other, and
 * since every booking takes them in the same order, none waits in a circle.
 */
export async function lockCalendars(
  tx: Executor,
  professionalUserId: string,
  patientUserId: string,
) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${LOCK_PROFESSIONAL}, hashtext(${professionalUserId})),
               pg_advisory_xact_lock(${LOCK_PATIENT}, hashtext(${patientUserId}))`,
  );
}

/**
 * Takes the professional's lock alone, to the end of the transaction: the day's tickets and the
 * one consultation in progress are decided one change at a time per professional.
 */
export async function lockProfessional(tx: Executor, professionalUserId: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${LOCK_PROFESSIONAL}, hashtext(${professionalUserId}))`,
  );
}
