import { sql } from 'drizzle-orm';
import { check, index, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { timestamptz } from './columns.js';
import { professionals } from './people.js';

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
