import { Type, type TProperties, type TObjectOptions } from 'typebox';

/**
 * An object schema that rejects unknown fields (400) instead of silently dropping them, so a
 * client's typo or an attempt to set a protected field never passes unnoticed.
 */
export function StrictObject<T extends TProperties>(properties: T, options: TObjectOptions = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** The schema, or `null`. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/**
 * The dates and instants a request may name. Beyond them PostgreSQL and the zone arithmetic
 * fail ("time zone displacement out of range" at 9999-12-31), so every date input shares one
 * bound and answers 400 outside it; nobody alive was born before 1900 or books past 2199.
 */
export const EARLIEST_DAY = '1900-01-01';
export const LATEST_DAY = '2199-12-31';

/** A calendar day, `YYYY-MM-DD`, within the accepted range. */
export const DayInput = (description = 'YYYY-MM-DD') =>
  Type.String({
    format: 'date',
    formatMinimum: EARLIEST_DAY,
    formatMaximum: LATEST_DAY,
    description,
  });

/** An instant with its offset (ISO 8601), within the accepted range. */
export const InstantInput = (description = 'ISO 8601 with offset') =>
  Type.String({
    format: 'date-time',
    formatMinimum: `${EARLIEST_DAY}T00:00:00Z`,
    formatMaximum: `${LATEST_DAY}T23:59:59Z`,
    description,
  });

/** Problem responses a route can give, for its OpenAPI description (the shared `Problem`). */
export function problems(...statuses: number[]) {
  const problem = {
    description: 'A problem document (RFC 9457).',
    content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
  };
  return Object.fromEntries(statuses.map((status) => [status, problem]));
}
