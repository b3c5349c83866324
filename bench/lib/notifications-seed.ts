import { performance } from 'node:perf_hooks';
import type { Database } from '../../src/db/database.js';
import { selectAppointments } from '../../src/modules/scheduling/appointment-records.js';
import { eventPayload } from '../../src/modules/scheduling/appointment-events.js';
import { seedPeople } from './seed-people.js';

export interface NotificationSeedOptions {
  /** Appointments booked, one per patient: each becomes two e-mails (patient, professional). */
  bookings: number;
  professionals: number;
  timeZone: string;
  /** One patient in `englishEvery` reads English; the others Portuguese. */
  englishEvery: number;
  /** Days from today of the first appointments: beyond the reminders' window (24 h). */
  firstDay: number;
}

export interface NotificationSeed {
  bookings: number;
  patients: number;
  professionals: number;
  englishPatients: number;
  /** Outbox events written: one `appointment.booked` per booking. */
  events: number;
  /** From, to: the appointments' starts. */
  firstStart: string;
  lastStart: string;
  milliseconds: Record<string, number>;
}

/**
 * A clinic whose patients have just booked: `bookings` patients (seedPeople's Brazilian names),
 * one in `englishEvery` reading English, and professionals; one upcoming appointment per
 * patient, 30 minutes on a grid of 08:00–18:00 from `firstDay` days ahead, spread over the
 * professionals; and for each an `appointment.booked` event in the outbox with the payload the
 * app writes when it books (`eventPayload`, docs/events.md), as if just committed. Everyone
 * takes notices by e-mail only (SMS and WhatsApp off), so each event becomes two e-mails: the
 * patient's and the professional's, each with the `.ics` invitation.
 */
export async function seedBookedAppointments(
  database: Database,
  options: NotificationSeedOptions,
): Promise<NotificationSeed> {
  const { sql, db } = database;
  const milliseconds: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    milliseconds[name] = Math.round(now - mark);
    mark = now;
  };

  const people = await seedPeople(sql, {
    patients: options.bookings,
    professionals: options.professionals,
    seed: 20_261_201,
  });
  lap('people');
  const [english] = await sql<{ count: number }[]>`
    with numbered as (
      select id, row_number() over (order by email) as n from users where role = 'patient'
    ), changed as (
      update users u set language = 'en' from numbered
      where numbered.id = u.id and numbered.n % ${options.englishEvery} = 0
      returning 1
    )
    select count(*)::int as count from changed`;
  await sql`update users set notify_email = true, notify_sms = false, notify_whatsapp = false`;
  lap('preferences');

  // Patient k (in register-number order) sees professional k mod P, at slot floor(k / P) of the
  // grid: 20 slots a day from 08:00, day after day from `firstDay`. No professional and no
  // patient has two appointments at once.
  const tz = options.timeZone;
  if (!/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/.test(tz)) throw new Error(`Unexpected time zone ${tz}`);
  await sql.unsafe(
    `
    with pat as (
      select user_id, (row_number() over (order by register_number) - 1)::int as k from patients
    ), pro as (
      select user_id, (row_number() over (order by council_number) - 1)::int as n,
        count(*) over ()::int as total
      from professionals
    ), slots as (
      select pat.user_id as patient, pro.user_id as professional,
        (((now() at time zone '${tz}')::date + $1::int + (pat.k / pro.total) / 20)
          + time '08:00' + ((pat.k / pro.total) % 20) * interval '30 minutes')
          at time zone '${tz}' as starts_at,
        pat.k
      from pat join pro on pro.n = pat.k % pro.total
    )
    insert into appointments (patient_user_id, professional_user_id, starts_at, ends_at, reason,
      created_by, created_at, updated_at)
    select patient, professional, starts_at, starts_at + interval '30 minutes',
      case when k % 4 = 0 then 'Retorno' when k % 7 = 0 then 'Dor nas costas' end, patient,
      now(), now()
    from slots`,
    [options.firstDay],
  );
  lap('appointments');

  const records = await selectAppointments(db);
  const payloads = records.map((record) =>
    eventPayload(
      {
        action: 'booked',
        appointment: record,
        actor: {
          kind: 'user',
          userId: record.patientUserId,
          role: 'patient',
          sessionId: '00000000-0000-0000-0000-000000000000',
          via: 'bearer',
        },
      },
      [],
      tz,
    ),
  );
  // In booking order (by creation, then start), as the app would have written them.
  payloads.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  for (let offset = 0; offset < payloads.length; offset += 1000) {
    await sql`
      insert into outbox (type, payload)
      select 'appointment.booked', value
      from jsonb_array_elements(${JSON.stringify(payloads.slice(offset, offset + 1000))}::jsonb)
        with ordinality as t(value, n)
      order by n`;
  }
  lap('events');
  await sql`vacuum (analyze)`;
  lap('vacuumAnalyze');

  return {
    bookings: records.length,
    patients: people.patients,
    professionals: people.professionals,
    englishPatients: english?.count ?? 0,
    events: payloads.length,
    firstStart: payloads[0]?.startsAt ?? '',
    lastStart: payloads.at(-1)?.startsAt ?? '',
    milliseconds,
  };
}
