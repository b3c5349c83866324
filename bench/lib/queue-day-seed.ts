import type postgres from 'postgres';
import { seedPeople } from './seed-people.js';
import { seedSessions } from './seed-scheduling.js';

/** Declared at the desk (the API's `priorityReason`). */
export type DeclaredPriority = 'pregnant' | 'disability' | 'infant' | 'other';

export interface QueueDayOptions {
  /** The clinic's IANA zone: "today" and the times of the day are in it. */
  timeZone: string;
  /** Professionals whose day is driven. */
  professionals: number;
  /** Appointments of each of them today. */
  perProfessional: number;
  /** A professional more, with this many appointments, driven before measuring (0: none). */
  warmUpAppointments: number;
}

export interface DayProfessional {
  userId: string;
  councilNumber: string;
  name: string;
  officeNumber: string | null;
  /** Bearer token of the professional's session. */
  token: string;
}

export interface DayAppointment {
  id: string;
  /** Index of the professional in `QueueDay.professionals` (the warm-up one is last). */
  professional: number;
  /** Its place in the professional's day, 0 first. */
  slot: number;
  startsAt: Date;
  patientName: string;
  /** The patient's age today, from the birth date seeded. */
  age: number;
  /** What the desk declares at check-in, if anything. */
  declared: DeclaredPriority | undefined;
  /** The legal priority the app should give: 2 aged 80+, 1 aged 60+ or declared, 0 none. */
  expectedPriority: 0 | 1 | 2;
}

export interface QueueDay {
  /** Today in the clinic's zone, `YYYY-MM-DD`. */
  today: string;
  adminToken: string;
  /** The day's professionals, then the warm-up professional (when there is one). */
  professionals: DayProfessional[];
  /** The day's appointments by professional, in the order of their start. */
  appointments: DayAppointment[][];
  /** The warm-up professional's appointments (empty without warm-up). */
  warmUp: DayAppointment[];
}

/**
 * A day at the front desk, seeded straight into the tables: one admin, the professionals (with
 * working hours every day of the week, 07:00–19:00, and an office), one patient per appointment,
 * and today's appointments, all `scheduled`, spread from 08:00 over ten hours (8 a day: every
 * 75 minutes, 30 minutes long), so neither a professional's nor a patient's overlap. Birth
 * dates are set so that some patients have the legal priority by age (80+, 60+); others get it
 * declared at the desk. Sessions for the admin and the professionals (no sign-in).
 */
export async function seedQueueDay(sql: postgres.Sql, options: QueueDayOptions): Promise<QueueDay> {
  const { timeZone, professionals: count, perProfessional, warmUpAppointments } = options;
  const professionalCount = count + (warmUpAppointments > 0 ? 1 : 0);
  const patientCount = count * perProfessional + warmUpAppointments;
  const people = await seedPeople(sql, {
    patients: patientCount,
    professionals: professionalCount,
  });

  const [{ today } = { today: '' }] = await sql<{ today: string }[]>`
    select to_char((now() at time zone ${timeZone})::date, 'YYYY-MM-DD') as today`;
  const [admin] = await sql<{ id: string }[]>`
    select id from users where email = ${people.admin.email}`;
  const professionalRows = await sql<
    { userId: string; councilNumber: string; name: string; officeNumber: string | null }[]
  >`
    select p.user_id as "userId", p.council_number as "councilNumber", u.name,
      p.office_number as "officeNumber"
    from professionals p join users u on u.id = p.user_id order by p.council_number`;
  const patientRows = await sql<{ userId: string; name: string }[]>`
    select p.user_id as "userId", u.name
    from patients p join users u on u.id = p.user_id order by p.register_number`;
  if (!admin || professionalRows.length !== professionalCount) {
    throw new Error('seedPeople did not seed what was asked');
  }

  const tokens = await seedSessions(sql, [admin.id, ...professionalRows.map((p) => p.userId)]);
  const professionals = professionalRows.map((row, index) => ({
    ...row,
    token: tokens[index + 1]!,
  }));

  await sql`
    update professionals set slot_minutes = 30, appointment_minutes = 30`;
  await sql`
    insert into working_hours (professional_user_id, weekday, start, "end")
    select user_id, weekday, '07:00', '19:00'
    from professionals cross join generate_series(0, 6) as weekday`;

  // Patient n: ages by n mod 10 (3: 84, 7: 67, the rest 20–58), and n mod 10 = 5 declares a
  // pregnancy at the desk; the warm-up's patients are the last ones.
  const ages = patientRows.map((_, n) =>
    n % 10 === 3 ? 84 : n % 10 === 7 ? 67 : 20 + ((n * 7) % 39),
  );
  const declaredOf = (n: number): DeclaredPriority | undefined =>
    n % 10 === 5 ? 'pregnant' : undefined;
  // A month past the birthday, so the age is the same whatever the time of day.
  await sql`
    update patients p set birth_date = (${today}::date - make_interval(years => t.age, days => 30))::date
    from unnest(${sql.array(patientRows.map((p) => p.userId))}::uuid[],
      ${sql.array(ages)}::int[]) as t(user_id, age)
    where p.user_id = t.user_id`;

  const plan: { professional: number; slot: number; patient: number; minutes: number }[] = [];
  const interval = (slots: number) => Math.floor(600 / slots);
  for (let p = 0; p < count; p++) {
    for (let slot = 0; slot < perProfessional; slot++) {
      plan.push({
        professional: p,
        slot,
        patient: slot * count + p,
        minutes: slot * interval(perProfessional),
      });
    }
  }
  for (let slot = 0; slot < warmUpAppointments; slot++) {
    plan.push({
      professional: count,
      slot,
      patient: count * perProfessional + slot,
      minutes: slot * interval(warmUpAppointments),
    });
  }
  const length = (p: number) =>
    Math.min(30, interval(p === count ? warmUpAppointments : perProfessional));
  const rows = await sql<{ id: string; n: number; startsAtMs: number }[]>`
    with planned as (
      select * from unnest(
        ${sql.array(plan.map((_, n) => n))}::int[],
        ${sql.array(plan.map((a) => professionals[a.professional]!.userId))}::uuid[],
        ${sql.array(plan.map((a) => patientRows[a.patient]!.userId))}::uuid[],
        ${sql.array(plan.map((a) => a.minutes))}::int[],
        ${sql.array(plan.map((a) => length(a.professional)))}::int[])
        as t(n, professional_user_id, patient_user_id, minutes, length)
    ),
    inserted as (
      insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at,
        status, created_by, created_at, updated_at)
      select patient_user_id, professional_user_id,
        ((${today}::date + time '08:00') + minutes * interval '1 minute') at time zone ${timeZone},
        ((${today}::date + time '08:00') + (minutes + length) * interval '1 minute')
          at time zone ${timeZone},
        'scheduled', ${admin.id}, now() - interval '1 day', now() - interval '1 day'
      from planned order by n
      returning id, starts_at, professional_user_id, patient_user_id, created_at
    ),
    history as (
      insert into appointment_history (appointment_id, at, actor_user_id, action)
      select id, created_at, ${admin.id}, 'booked' from inserted
    )
    select i.id, p.n, (extract(epoch from i.starts_at) * 1000)::float8 as "startsAtMs"
    from inserted i join planned p
      on p.professional_user_id = i.professional_user_id
        and p.patient_user_id = i.patient_user_id`;
  const byPlan = new Map(rows.map((row) => [row.n, row]));
  const appointments: DayAppointment[][] = professionals.map(() => []);
  plan.forEach((planned, n) => {
    const row = byPlan.get(n);
    if (!row) throw new Error(`appointment ${n} was not inserted`);
    const age = ages[planned.patient]!;
    const declared = declaredOf(planned.patient);
    appointments[planned.professional]!.push({
      id: row.id,
      professional: planned.professional,
      slot: planned.slot,
      startsAt: new Date(row.startsAtMs),
      patientName: patientRows[planned.patient]!.name,
      age,
      declared,
      expectedPriority: age >= 80 ? 2 : age >= 60 || declared ? 1 : 0,
    });
  });
  await sql`vacuum (analyze)`;
  return {
    today,
    adminToken: tokens[0]!,
    professionals,
    appointments: appointments.slice(0, count),
    warmUp: appointments[count] ?? [],
  };
}
