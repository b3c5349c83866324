import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/database.js';
import { councilNumbers, patients, professionals, specialties } from '../../db/schema/people.js';

/*
 * What other modules read of people's tables. The relations are read-only subqueries that
 * PostgreSQL folds into the query that joins them, so a join keeps the plan and the indexes
 * of a join on the table; `alias` names each in its query.
 */

const query = new QueryBuilder();

export function patientsRelation(alias = 'patients') {
  return query
    .select({
      userId: patients.userId,
      registerNumber: patients.registerNumber,
      birthDate: patients.birthDate,
    })
    .from(patients)
    .as(alias);
}

export function professionalsRelation(alias = 'professionals') {
  return query
    .select({
      userId: professionals.userId,
      councilNumber: professionals.councilNumber,
      specialtyKey: professionals.specialtyKey,
      gender: professionals.gender,
      officeNumber: professionals.officeNumber,
    })
    .from(professionals)
    .as(alias);
}

export function specialtiesRelation(alias = 'specialties') {
  return query.select({ key: specialties.key, name: specialties.name }).from(specialties).as(alias);
}

/** A user's register number when they are a patient, else null: an expression of the caller's statement. */
export function registerNumberOf(userId: SQLWrapper): SQL<string | null> {
  return sql<
    string | null
  >`(select ${patients.registerNumber} from ${patients} where ${patients.userId} = ${userId})`;
}

/**
 * The professional who holds or held a council number, with their specialty and office (what
 * the notifications' `RecipientDirectory` asks of a moved appointment's former professional).
 */
export async function professionalByCouncilNumber(
  executor: Executor,
  councilNumber: string,
): Promise<{ userId: string; specialty: string; officeNumber: string | null } | undefined> {
  const [professional] = await executor
    .select({
      userId: councilNumbers.professionalUserId,
      specialty: specialties.name,
      officeNumber: professionals.officeNumber,
    })
    .from(councilNumbers)
    .innerJoin(professionals, eq(professionals.userId, councilNumbers.professionalUserId))
    .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey))
    .where(eq(councilNumbers.number, councilNumber));
  return professional;
}
