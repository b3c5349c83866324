import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { timestamptz } from './columns.js';
import { patients, professionals } from './people.js';

/** A professional's weekly working hours, in the clinic's wall-clock time. */
export const workingHours = pgTable(
  'working_hours',
  {
    professionalUserId: uuid('professional_user_id')
      .notNull()
      .references(() => professionals.userId),
    /** 0 is Sunday. */
    weekday: smallint('weekday').notNull(),
    /** `HH:MM`. */
    start: text('start').notNull(),
    /** `HH:MM`, or `24:00`. */
    end: text('end').notNull(),
  },
  (table) => [
    index('working_hours_professional_idx').on(table.professionalUserId),
    check('working_hours_weekday_range', sql`${table.weekday} between 0 and 6`),
    check('working_hours_order', sql`${table.start} < ${table.end}`),
  ],
);

/** One-off absences (holidays, congresses): no slots inside them. */
export const timeOff = pgTable(
  'time_off',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    professionalUserId: uuid('professional_user_id')
      .notNull()
      .references(() => professionals.userId),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [
    index('time_off_professional_ends_idx').on(table.professionalUserId, table.endsAt),
    check('time_off_order', sql`${table.startsAt} < ${table.endsAt}`),
  ],
);

export type TimeOffRow = typeof timeOff.$inferSelect;

export const appointmentStatus = pgEnum('appointment_status', [
  'scheduled',
  'checked_in',
  'in_progress',
  'finished',
  'cancelled',
  'no_show',
]);

/**
 * Booked consultations. Two hand-written exclusion constraints (migration 0005) keep the
 * calendar sound under any concurrency: a professional's active, unforced appointments never
 * overlap, and a patient's active appointments never overlap, forced or not.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientUserId: uuid('patient_user_id')
      .notNull()
      .references(() => patients.userId),
    professionalUserId: uuid('professional_user_id')
      .notNull()
      .references(() => professionals.userId),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    status: appointmentStatus('status').notNull().default('scheduled'),
    reason: text('reason'),
    /** Booked by an admin outside the rules on purpose (walk-in, extra patient). */
    forced: boolean('forced').notNull().default(false),
    cancelReason: text('cancel_reason'),
    /** The day's queue ticket, given at check-in: numbered per professional and day. */
    ticket: integer('ticket'),
    /** The clinic-zone day the ticket belongs to. */
    ticketDay: date('ticket_day', { mode: 'string' }),
    /**
     * Legal priority in the queue (Brazilian law): 2 for people aged 80 or more, 1 for 60 or
     * more, pregnant women, people with disabilities or with infants, 0 for everyone else.
     */
    priority: smallint('priority').notNull().default(0),
    priorityReason: text('priority_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    cancelledAt: timestamptz('cancelled_at'),
    checkedInAt: timestamptz('checked_in_at'),
    calledAt: timestamptz('called_at'),
    finishedAt: timestamptz('finished_at'),
    noShowAt: timestamptz('no_show_at'),
    /** Bumped by every change: the iCalendar SEQUENCE. */
    revision: integer('revision').notNull().default(0),
  },
  (table) => [
    index('appointments_professional_starts_idx').on(table.professionalUserId, table.startsAt),
    index('appointments_patient_starts_idx').on(table.patientUserId, table.startsAt),
    // A patient's upcoming appointments, without visiting years of finished ones.
    index('appointments_patient_open_starts_idx')
      .on(table.patientUserId, table.startsAt)
      .where(sql`${table.status} in ('scheduled', 'checked_in', 'in_progress')`),
    uniqueIndex('appointments_ticket_unique')
      .on(table.professionalUserId, table.ticketDay, table.ticket)
      .where(sql`${table.ticket} is not null`),
    // Reminders look for the active appointments starting within the next day or so.
    index('appointments_active_starts_idx')
      .on(table.startsAt)
      .where(sql`${table.status} in ('scheduled', 'checked_in')`),
    // The automatic no-show looks for scheduled appointments long over: few among millions.
    index('appointments_scheduled_ends_idx')
      .on(table.endsAt)
      .where(sql`${table.status} = 'scheduled'`),
    check('appointments_priority_range', sql`${table.priority} between 0 and 2`),
    check('appointments_order', sql`${table.startsAt} < ${table.endsAt}`),
    // Bounded length keeps overlap searches on the start index (start within a day before).
    check('appointments_length', sql`${table.endsAt} - ${table.startsAt} <= interval '12 hours'`),
  ],
);

/** Every change of an appointment: who, when, what (the "what changed" of update notices). */
export const appointmentHistory = pgTable(
  'appointment_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign key: the history outlives an appointment deleted as made in error.
    appointmentId: uuid('appointment_id').notNull(),
    at: timestamptz('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<AppointmentChange[]>().notNull().default([]),
    reason: text('reason'),
  },
  (table) => [index('appointment_history_appointment_idx').on(table.appointmentId, table.id)],
);

export interface AppointmentChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The secret that lets calendar apps read a professional's feed without signing in. */
export const calendarFeeds = pgTable('calendar_feeds', {
  professionalUserId: uuid('professional_user_id')
    .primaryKey()
    .references(() => professionals.userId),
  /** SHA-256 of the token; the token itself is shown once. */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export type AppointmentRow = typeof appointments.$inferSelect;
export type AppointmentStatus = AppointmentRow['status'];
