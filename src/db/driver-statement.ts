import { is, Placeholder } from 'drizzle-orm';
import type postgres from 'postgres';

/**
 * A statement that Drizzle writes once and the driver runs itself, prepared once per
 * connection: for hot reads whose rows the driver makes as they are wanted (their columns named
 * and converted in the statement), with no mapping by Drizzle per column of every row.
 * Placeholders are filled by name, in the order Drizzle wrote them.
 */
export function driverStatement<Row extends object>(
  sql: postgres.Sql,
  query: { toSQL(): { sql: string; params: unknown[] } },
): (values: Record<string, unknown>) => Promise<Row[]> {
  const { sql: text, params } = query.toSQL();
  return async (values) =>
    sql.unsafe<Row[]>(
      text,
      params.map((param) =>
        is(param, Placeholder) ? values[param.name] : param,
      ) as postgres.ParameterOrJSON<never>[],
      { prepare: true },
    );
}
