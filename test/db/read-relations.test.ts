import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { patients, professionals, specialties } from '../../src/db/schema/people.js';
import { users } from '../../src/db/schema/accounts.js';
import { appointments } from '../../src/db/schema/scheduling.js';
import { selectAppointments } from '../../src/modules/scheduling/appointment-records.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

// Modules join each other's data through the owners' read-only relations (subqueries). They
// cost nothing only because PostgreSQL folds them into the query: the plan must be the one of
// the same joins written on the tables.

let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = openDatabase(testDatabase.connection, { poolSize: 1 });
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The plan's nodes, depth first: what each does and on which table or index. */
async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = query.toSQL();
  const [row] = await database.sql.unsafe<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
    `explain (format json) ${sql}`,
    params as never[],
  );
  const walk = (node: PlanNode): string[] => [
    [node['Node Type'], node['Relation Name'], node['Index Name']].filter(Boolean).join(' '),
    ...(node.Plans ?? []).flatMap(walk),
  ];
  return walk(row!['QUERY PLAN'][0].Plan);
}

describe('the read relations other modules join', () => {
  it('plan an appointment with its people exactly like the joins on the tables', async () => {
    const id = '00000000-0000-0000-0000-000000000001';
    const patientUser = alias(users, 'patient_user');
    const professionalUser = alias(users, 'professional_user');
    const onTables = database.db
      .select({
        id: appointments.id,
        registerNumber: patients.registerNumber,
        patientName: patientUser.name,
        councilNumber: professionals.councilNumber,
        professionalName: professionalUser.name,
        specialty: specialties.name,
        total: sql<number>`count(*) over ()`,
      })
      .from(appointments)
      .innerJoin(patients, eq(patients.userId, appointments.patientUserId))
      .innerJoin(patientUser, eq(patientUser.id, appointments.patientUserId))
      .innerJoin(professionals, eq(professionals.userId, appointments.professionalUserId))
      .innerJoin(professionalUser, eq(professionalUser.id, appointments.professionalUserId))
      .innerJoin(specialties, eq(specialties.key, professionals.specialtyKey))
      .where(eq(appointments.id, id));
    const throughRelations = selectAppointments(database.db).where(eq(appointments.id, id));

    const plan = await planOf(throughRelations);
    expect(plan.some((node) => node.startsWith('Subquery Scan'))).toBe(false);
    expect(plan).toEqual(await planOf(onTables));
  });
});
