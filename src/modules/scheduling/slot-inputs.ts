import type postgres from 'postgres';
import { activeStatuses } from './appointment-status.js';
import type { EpochInterval, WeeklyRange } from './slots.js';

/** What one professional's free slots are computed from. */
export interface SlotInputs {
  weekly: WeeklyRange[];
  /** Time off and active appointments overlapping the span, in no particular order. */
  busy: EpochInterval[];
}

/** Reads one professional's `SlotInputs` for a span of instants (epoch milliseconds). */
export type SlotInputsReader = (userId: string, start: number, end: number) => Promise<SlotInputs>;

/** The longest an appointment may last (the `appointments_length` check constraint). */
export const MAX_APPOINTMENT_MS = 12 * 3_600_000;

// Literals rather than a parameter: they are the code's own constants, and a generic plan
// sees exactly the statuses it filters on.
const active = activeStatuses.map((status) => `'${status}'`).join(', ');

// Instants as PostgreSQL's exact decimal seconds (`extract(epoch …)`, turned into milliseconds by
// `epochMs`): computing whole milliseconds in SQL took three more numeric operations per instant,
// about a fifth of the statement's time. An appointment lasts at most 12 hours, so bounding its
// start from below keeps the search on the start index however long the history grows.
const STATEMENT = `
select
  (select coalesce(json_agg(json_build_array(weekday, start, "end") order by weekday, start), '[]')
   from working_hours
   where professional_user_id = $1::uuid
  )::text as weekly,
  (select coalesce(json_agg(json_build_array(
            extract(epoch from busy.starts_at), extract(epoch from busy.ends_at))), '[]')
   from (
     select starts_at, ends_at from time_off
     where professional_user_id = $1::uuid
       and starts_at < $3::timestamptz and ends_at > $2::timestamptz
     union all
     select starts_at, ends_at from appointments
     where professional_user_id = $1::uuid
       and starts_at > $4::timestamptz and starts_at < $3::timestamptz
       and ends_at > $2::timestamptz
       and status in (${active})
   ) busy
  )::text as busy`;

/**
 * An instant's epoch milliseconds, truncated as a JavaScript Date holds them, from its epoch
 * seconds as JSON.parse reads PostgreSQL's exact decimal (microseconds): the nearest double.
 * Until 2242 (2^33 s) that double is within half a microsecond of the decimal, so its whole
 * seconds and its microseconds come back exactly.
 */
export function epochMs(seconds: number): number {
  const whole = Math.floor(seconds);
  return whole * 1000 + Math.floor(Math.round((seconds - whole) * 1e6) / 1000);
}

interface Row {
  weekly: string;
  busy: string;
}

/**
 * The free-slot route's one statement: hours, time off and appointments in a single round trip,
 * prepared once per connection, its JSON parsed in one go. Drizzle built three queries per
 * request and mapped every row (most of the route's time, before).
 */
export function slotInputsReader(sql: postgres.Sql): SlotInputsReader {
  return async (userId, start, end) => {
    const rows = await sql.unsafe<Row[]>(
      STATEMENT,
      [
        userId,
        new Date(start).toISOString(),
        new Date(end).toISOString(),
        new Date(start - MAX_APPOINTMENT_MS).toISOString(),
      ],
      { prepare: true },
    );
    const row = rows[0]!;
    return {
      weekly: (JSON.parse(row.weekly) as [number, string, string][]).map(([weekday, from, to]) => ({
        weekday,
        start: from,
        end: to,
      })),
      busy: (JSON.parse(row.busy) as [number, number][]).map(([start, end]): EpochInterval => [
        epochMs(start),
        epochMs(end),
      ]),
    };
  };
}
