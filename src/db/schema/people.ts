import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { timestamptz } from './columns.js';

export const gender = pgEnum('gender', ['female', 'male', 'other']);

/** Address columns shared by patients and professionals; `state` always comes from the CEP. */
const addressColumns = () => ({
  postCode: text('post_code').notNull(),
  street: text('street'),
  houseNumber: text('house_number').notNull(),
  complement: text('complement'),
  district: text('district'),
  city: text('city'),
  state: text('state').notNull(),
});

export const patients = pgTable(
  'patients',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    // Case-sensitive on purpose: `ZxcVaS-2` and `zxcvas-2` are different patients.
    registerNumber: text('register_number').notNull(),
    cpf: text('cpf'),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    gender: gender('gender').notNull(),
    ...addressColumns(),
    photoKey: text('photo_key'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('patients_register_number_key').on(table.registerNumber),
    uniqueIndex('patients_cpf_key').on(table.cpf),
    check('patients_register_number_format', sql`${table.registerNumber} ~ '^[A-Za-z]{6}-[0-9]$'`),
    check('patients_cpf_format', sql`${table.cpf} ~ '^[0-9]{11}$'`),
    check('patients_post_code_format', sql`${table.postCode} ~ '^[0-9]{8}$'`),
  ],
);

/** Specialties in their display form, keyed by the folded form used for matching. */
export const specialties = pgTable('specialties', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
});

export const professionals = pgTable(
  'professionals',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id),
    councilDigits: text('council_digits').notNull(),
    /** The current `dddd-UF`, stored upper-case. */
    councilNumber: text('council_number').notNull(),
    specialtyKey: text('specialty_key')
      .notNull()
      .references(() => specialties.key),
    gender: gender('gender'),
    birthDate: date('birth_date', { mode: 'string' }),
    experienceYears: integer('experience_years'),
    officeNumber: text('office_number'),
    bio: text('bio'),
    appointmentMinutes: integer('appointment_minutes').notNull().default(30),
    /** Length of a bookable slot; when unset, the appointment length. */
    slotMinutes: integer('slot_minutes'),
    ...addressColumns(),
    photoKey: text('photo_key'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('professionals_council_number_key').on(table.councilNumber),
    index('professionals_specialty_key_idx').on(table.specialtyKey),
    check('professionals_council_digits_format', sql`${table.councilDigits} ~ '^[0-9]{4}$'`),
    check(
      'professionals_appointment_minutes_range',
      sql`${table.appointmentMinutes} between 5 and 480`,
    ),
  ],
);

/**
 * Every council number a professional has held, the current one included: old numbers keep
 * resolving after a move to another state, and no one else can ever take them.
 */
export const councilNumbers = pgTable(
  'council_numbers',
  {
    number: text('number').primaryKey(),
    professionalUserId: uuid('professional_user_id')
      .notNull()
      .references(() => professionals.userId),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [index('council_numbers_professional_idx').on(table.professionalUserId)],
);

export type PatientRow = typeof patients.$inferSelect;
export type ProfessionalRow = typeof professionals.$inferSelect;
