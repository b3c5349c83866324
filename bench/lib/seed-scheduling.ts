import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';

/**
 * Scheduling data for benchmarks, seeded with set-based SQL (INSERT … SELECT generate_series)
 * on top of seedPeople(): working hours, time off, a session per patient, and appointments on
 * the slot grid.
 *
 * The grid: every professional works Monday to Friday from 08:00 for `slotsPerDay` slots of
 * `slotMinutes` (08:00–18:00 in 30-minute slots by default) in the clinic's zone. A slot of the
 * grid is (instant, professional); its patient is a fixed function of the two:
 *
 *   x = ((days since 2000-01-01) × slotsPerDay + slot of the day) × professionals + professional
 *   patient = ((x mod patients) × multiplier) mod patients,  multiplier coprime with patients
 *
 * At one instant the professionals' x are consecutive, so (with professionals ≤ patients) their
 * patients are distinct; and all slots have the same length on the same grid, so two
 * appointments either start together or do not overlap. Hence whatever subset of the grid is
 * booked, active or not, neither exclusion constraint can ever be violated: no professional and
 * no patient has two appointments at once. The bench books free grid slots with the same
 * patient function, so its bookings cannot clash with the seeded ones either.
 */
export interface SchedulingGrid {
  timeZone: string;
  /** `HH:MM`, when the first slot of a working day starts. */
  dayStart: string;
  slotMinutes: number;
  slotsPerDay: number;
  patients: number;
  professionals: number;
  multiplier: number;
}

export function schedulingGrid(options: {
  timeZone: string;
  patients: number;
  professionals: number;
}): SchedulingGrid {
  if (!/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(options.timeZone)) {
    throw new Error(`Unexpected time zone name ${options.timeZone}`);
  }
  if (options.professionals > options.patients) {
    throw new Error('The grid needs at least as many patients as professionals');
  }
  let multiplier = 7919;
  while (gcd(multiplier, options.patients) !== 1) multiplier += 2;
  return { ...options, dayStart: '08:00', slotMinutes: 30, slotsPerDay: 20, multiplier };
}

export interface SeededPatient {
  /** Ordinal in the grid's patient function. */
  n: number;
  userId: string;
  registerNumber: string;
  /** Bearer token of the patient's session. */
  token: string;
}

export interface SeededProfessional {
  n: number;
  userId: string;
  councilNumber: string;
  specialty: string;
}

export interface PreparedScheduling {
  patients: SeededPatient[];
  professionals: SeededProfessional[];
  /** Rows of time off seeded. */
  timeOff: number;
  milliseconds: Record<string, number>;
}

/**
 * Numbers the seeded people (tables `bench.patients`, `bench.professionals`), gives every
 * professional the grid's slot length and working hours, seeds time off (a week a year in the
 * past, a day in the coming weeks for one professional in five), and one session per patient
 * (tokens made here, stored hashed as the app stores them).
 */
export async function prepareScheduling(
  sql: postgres.Sql,
  grid: SchedulingGrid,
): Promise<PreparedScheduling> {
  const milliseconds: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    milliseconds[name] = Math.round(now - mark);
    mark = now;
  };
  const tz = grid.timeZone;
  await sql.unsafe(`
    create schema if not exists bench;
    drop table if exists bench.patients, bench.professionals, bench.past_slots;
    create table bench.patients as
      select (row_number() over (order by p.register_number) - 1)::int as n, p.user_id,
        p.register_number
      from patients p join users u on u.id = p.user_id where u.active;
    alter table bench.patients add primary key (n);
    create table bench.professionals as
      select (row_number() over (order by p.council_number) - 1)::int as n, p.user_id,
        p.council_number, s.name as specialty
      from professionals p join users u on u.id = p.user_id
        join specialties s on s.key = p.specialty_key
      where u.active;
    alter table bench.professionals add primary key (n);
  `);
  const [counts] = await sql<{ patients: number; professionals: number }[]>`
    select (select count(*)::int from bench.patients) as patients,
      (select count(*)::int from bench.professionals) as professionals`;
  if (counts?.patients !== grid.patients || counts.professionals !== grid.professionals) {
    throw new Error(
      `Expected ${grid.patients} patients and ${grid.professionals} professionals, found ` +
        `${counts?.patients} and ${counts?.professionals}`,
    );
  }

  const dayEnd = addMinutes(grid.dayStart, grid.slotsPerDay * grid.slotMinutes);
  await sql`
    update professionals set slot_minutes = ${grid.slotMinutes},
      appointment_minutes = ${grid.slotMinutes}`;
  await sql`delete from working_hours`;
  await sql`
    insert into working_hours (professional_user_id, weekday, start, "end")
    select p.user_id, weekday, ${grid.dayStart}, ${dayEnd}
    from bench.professionals p cross join generate_series(1, 5) as weekday`;
  lap('workingHours');

  const timeOff = await sql.unsafe<{ count: number }[]>(`
    with today as (select (now() at time zone '${tz}')::date as day),
    inserted as (
      insert into time_off (professional_user_id, starts_at, ends_at, reason, created_at)
      select p.user_id, (first_day::timestamp) at time zone '${tz}',
        ((first_day + days)::timestamp) at time zone '${tz}', reason,
        (first_day::timestamp) at time zone '${tz}' - interval '30 days'
      from bench.professionals p cross join today,
        lateral (
          select today.day - 365 * year + (p.n * 37) % 300 as first_day, 7 as days,
            'Férias' as reason
          from generate_series(1, 6) as year
          union all
          select today.day + 5 + p.n / 5, 1, 'Congresso'
          where p.n % 5 = 0
        ) as absence
      returning 1
    )
    select count(*)::int as count from inserted`);
  lap('timeOff');

  const people = await sql<{ n: number; userId: string; registerNumber: string }[]>`
    select n, user_id as "userId", register_number as "registerNumber"
    from bench.patients order by n`;
  const tokens = await seedSessions(
    sql,
    people.map((row) => row.userId),
  );
  const patients: SeededPatient[] = people.map((row, index) => ({
    ...row,
    token: tokens[index]!,
  }));
  lap('sessions');

  const professionals = await sql<SeededProfessional[]>`
    select n, user_id as "userId", council_number as "councilNumber", specialty
    from bench.professionals order by n`;
  return { patients, professionals, timeOff: timeOff[0]?.count ?? 0, milliseconds };
}

/**
 * One session per user, straight into `sessions`: a bearer token made here for each, stored
 * hashed as the app stores it (SHA-256 of the token, and of a CSRF token), valid for 7 days.
 * No sign-in, so no argon2 and no login throttling. Returns the tokens, in the users' order.
 */
export async function seedSessions(sql: postgres.Sql, userIds: string[]): Promise<string[]> {
  const tokens = userIds.map(() => `cds_${randomBytes(32).toString('base64url')}`);
  const hex = (value: string) => createHash('sha256').update(value).digest('hex');
  await sql`
    insert into sessions (user_id, token_hash, csrf_token_hash, expires_at, last_seen_at, ip,
      user_agent)
    select user_id, decode(token_hash, 'hex'), decode(csrf_hash, 'hex'), now() + interval '7 days',
      now(), '127.0.0.1', 'clinicdesk-bench'
    from unnest(${sql.array(userIds)}::uuid[],
      ${sql.array(tokens.map((token) => hex(token)))}::text[],
      ${sql.array(tokens.map((token) => hex(`${token}:csrf`)))}::text[])
      as t(user_id, token_hash, csrf_hash)`;
  return tokens;
}

/** The grid's slots on working days between two days (SQL date expressions), as a CTE body. */
function gridSql(grid: SchedulingGrid, fromDay: string, toDay: string): string {
  const tz = grid.timeZone;
  return `
    select d::date as day, k, p.n as pn, p.user_id as professional_user_id,
      ((d::date + time '${grid.dayStart}') + k * interval '${grid.slotMinutes} minutes')
        at time zone '${tz}' as starts_at,
      ((d::date - date '2000-01-01')::bigint * ${grid.slotsPerDay} + k)
        * ${grid.professionals} + p.n as x
    from generate_series((${fromDay})::timestamp, (${toDay})::timestamp, interval '1 day') as d
      cross join generate_series(0, ${grid.slotsPerDay - 1}) as k
      cross join bench.professionals p
    where extract(isodow from d) < 6`;
}

/** The patient ordinal of a grid slot, from its `x` (see SchedulingGrid). */
function patientOf(grid: SchedulingGrid, x: string): string {
  return `((${x} % ${grid.patients}) * ${grid.multiplier}) % ${grid.patients}`;
}

function outsideTimeOff(grid: SchedulingGrid, slot: string): string {
  return `not exists (
    select 1 from time_off t
    where t.professional_user_id = ${slot}.professional_user_id
      and t.starts_at < ${slot}.starts_at + interval '${grid.slotMinutes} minutes'
      and t.ends_at > ${slot}.starts_at)`;
}

const TODAY = (grid: SchedulingGrid) => `(now() at time zone '${grid.timeZone}')::date`;

/**
 * Upcoming appointments, all `scheduled`, from tomorrow to `days` ahead: 39% of the slots
 * tomorrow, one point less each day after, 3% from five weeks on. Returns how many.
 */
export async function seedFutureAppointments(
  sql: postgres.Sql,
  grid: SchedulingGrid,
  days = 90,
): Promise<number> {
  const today = TODAY(grid);
  return insertAppointments(
    sql,
    grid,
    `
    select g.*, 'scheduled' as status,
      (case when (hashint8(g.x + 1)::bigint & 2147483647) % 4 = 0 then 'Retorno' end) as reason,
      now() - ((hashint8(g.x + 2)::bigint & 2147483647) % 20) * interval '1 day' - interval '1 hour' as created_at
    from (${gridSql(grid, `${today} + 1`, `${today} + ${days}`)}) as g
    where (hashint8(g.x)::bigint & 2147483647) % 100 < greatest(3, 40 - (g.day - ${today}))
      and ${outsideTimeOff(grid, 'g')}`,
  );
}

/**
 * Makes `bench.past_slots`: the past grid slots to seed, most recent first, enough for `count`
 * appointments. Three in four slots of each working day are taken, none during time off.
 */
export async function preparePastSlots(
  sql: postgres.Sql,
  grid: SchedulingGrid,
  count: number,
): Promise<void> {
  const perWorkingDay = grid.slotsPerDay * grid.professionals * 0.7;
  const calendarDays = Math.ceil((count / perWorkingDay) * (7 / 5)) + 21;
  const today = TODAY(grid);
  await sql`set work_mem = '512MB'`;
  await sql.unsafe(`
    drop table if exists bench.past_slots;
    create unlogged table bench.past_slots as
      select row_number() over (order by g.day desc, g.k, g.pn) as rank,
        g.professional_user_id, g.starts_at, g.x
      from (${gridSql(grid, `${today} - ${calendarDays}`, `${today} - 1`)}) as g
      where (hashint8(g.x)::bigint & 2147483647) % 100 < 75 and ${outsideTimeOff(grid, 'g')};
    create index on bench.past_slots (rank);
  `);
  await sql`reset work_mem`;
  const [row] = await sql<{ count: number }[]>`select count(*)::int from bench.past_slots`;
  if ((row?.count ?? 0) < count) {
    throw new Error(`Only ${row?.count} past slots for ${count} appointments`);
  }
}

/**
 * Past appointments from `bench.past_slots`, ranks (from, to]: 85% finished (checked in,
 * called and finished on time, with a ticket), 10% cancelled, 5% no-shows.
 */
export async function seedPastAppointments(
  sql: postgres.Sql,
  grid: SchedulingGrid,
  fromRank: number,
  toRank: number,
): Promise<number> {
  return insertAppointments(
    sql,
    grid,
    `
    select s.*,
      (case when (hashint8(s.x + 3)::bigint & 2147483647) % 100 < 85 then 'finished'
        when (hashint8(s.x + 3)::bigint & 2147483647) % 100 < 95 then 'cancelled' else 'no_show' end) as status,
      (case when (hashint8(s.x + 1)::bigint & 2147483647) % 4 = 0 then 'Retorno' end) as reason,
      s.starts_at - (1 + (hashint8(s.x + 2)::bigint & 2147483647) % 30) * interval '1 day' as created_at
    from bench.past_slots s
    where s.rank > ${fromRank} and s.rank <= ${toRank}`,
  );
}

/**
 * Inserts the slots a query selects (columns of the grid plus status, reason, created_at) as
 * appointments of the grid's patients, each with its `booked` history entry. The foreign keys'
 * triggers are skipped (session_replication_role): every id comes from the tables they point
 * to. The exclusion constraints are indexes, and still checked.
 */
async function insertAppointments(
  sql: postgres.Sql,
  grid: SchedulingGrid,
  slots: string,
): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`set local synchronous_commit = off`;
    const [row] = await tx.unsafe<{ count: number }[]>(`
      with slots as (${slots}),
      inserted as (
        insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at,
          status, reason, cancel_reason, ticket, created_by, created_at, updated_at,
          cancelled_at, checked_in_at, called_at, finished_at, revision)
        select pa.user_id, s.professional_user_id, s.starts_at,
          s.starts_at + interval '${grid.slotMinutes} minutes', s.status::appointment_status,
          s.reason,
          case when s.status = 'cancelled' and (hashint8(s.x + 4)::bigint & 2147483647) % 3 = 0
            then 'Imprevisto' end,
          case when s.status = 'finished' then 1 + (s.x / ${grid.professionals}) % ${grid.slotsPerDay} end,
          pa.user_id, s.created_at,
          case s.status when 'finished' then s.starts_at + interval '25 minutes'
            when 'cancelled' then s.starts_at - interval '1 day' when 'no_show' then s.starts_at
            else s.created_at end,
          case when s.status = 'cancelled' then s.starts_at - interval '1 day' end,
          case when s.status = 'finished' then s.starts_at - interval '10 minutes' end,
          case when s.status = 'finished' then s.starts_at + interval '2 minutes' end,
          case when s.status = 'finished' then s.starts_at + interval '25 minutes' end,
          case s.status when 'finished' then 3 when 'scheduled' then 0 else 1 end
        from slots s join bench.patients pa on pa.n = ${patientOf(grid, 's.x')}
        returning id, patient_user_id, created_at
      ),
      history as (
        insert into appointment_history (appointment_id, at, actor_user_id, action)
        select id, created_at, patient_user_id, 'booked' from inserted
        returning 1
      )
      select count(*)::int as count from history`);
    return row?.count ?? 0;
  });
}

export interface FreeSlot {
  startsAt: Date;
  /** Ordinals of the professional and of the grid's patient for the slot. */
  professional: number;
  patient: number;
}

/**
 * The grid's free slots from `earliest` to `days` ahead (no appointment, no time off), by day
 * and in a pseudo-random order within a day: what the bench books, each with its own patient.
 */
export async function freeSlots(
  sql: postgres.Sql,
  grid: SchedulingGrid,
  earliest: Date,
  days: number,
): Promise<FreeSlot[]> {
  const today = TODAY(grid);
  // Epoch milliseconds: Drizzle turns postgres.js's date parsing off on the pool it wraps.
  const rows = await sql.unsafe<{ startsAtMs: number; professional: number; patient: number }[]>(
    `
    select (extract(epoch from g.starts_at) * 1000)::float8 as "startsAtMs", g.pn as professional,
      (${patientOf(grid, 'g.x')})::int as patient
    from (${gridSql(grid, `${today}`, `${today} + ${days}`)}) as g
    where g.starts_at >= $1 and g.starts_at < now() + ${days} * interval '1 day'
      and not exists (
        select 1 from appointments a
        where a.professional_user_id = g.professional_user_id and a.starts_at = g.starts_at)
      and ${outsideTimeOff(grid, 'g')}
    order by g.day, hashint8(g.x)`,
    [earliest.toISOString()],
  );
  return rows.map(({ startsAtMs, professional, patient }) => ({
    startsAt: new Date(startsAtMs),
    professional,
    patient,
  }));
}

/**
 * Free slots of one professional over some days as the contract defines them (working hours
 * on the grid, minus active appointments and time off, from `earliest`), to check the app.
 */
export async function expectedFreeSlots(
  sql: postgres.Sql,
  grid: SchedulingGrid,
  professional: number,
  from: string,
  to: string,
  earliest: Date,
): Promise<number> {
  const [row] = await sql.unsafe<{ count: number }[]>(
    `
    select count(*)::int as count
    from (${gridSql(grid, `date '${from}'`, `date '${to}'`)}) as g
    where g.pn = $1 and g.starts_at >= $2
      and not exists (
        select 1 from appointments a
        where a.professional_user_id = g.professional_user_id and a.starts_at = g.starts_at
          and a.status not in ('cancelled', 'no_show'))
      and ${outsideTimeOff(grid, 'g')}`,
    [professional, earliest.toISOString()],
  );
  return row?.count ?? 0;
}

function addMinutes(time: string, minutes: number): string {
  const [hours, mins] = time.split(':').map(Number) as [number, number];
  const total = hours * 60 + mins + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
