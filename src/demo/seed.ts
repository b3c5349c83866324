import { eq, ne, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { anonymous, type UserActor } from '../http/access.js';
import type { RequestContext } from '../http/actor.js';
import { randomToken } from '../lib/crypto.js';
import { ageOn } from '../lib/dates.js';
import { addDays, startOfDay, toZonedIso } from '../lib/time.js';
import { usersRelation } from '../modules/accounts/index.js';
import { closeServices, createServices, type Services } from '../services.js';
import {
  DEMO_ADMIN,
  deskCancelReasons,
  notes,
  patientCancelReasons,
  patients as demoPatients,
  professionals as demoProfessionals,
  reasons,
  walkInReason,
  type DemoPatient,
  type DemoProfessional,
} from './clinic.js';
import { planDemo, type PlannedAppointment } from './plan.js';
import { DemoRandom } from './random.js';
import { DemoClock, Timeline } from './timeline.js';

/** How far back the demo's history begins. */
const HISTORY_DAYS = 15;
const HOUR = 3_600_000;
const CLIENT = { ip: '127.0.0.1', userAgent: 'clinicdesk-demo' };

/** The database already holds a clinic: the demo fills only an empty one. */
export class DemoRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRefused';
  }
}

export interface DemoSignIn {
  email: string;
  password: string;
  name: string;
}

export interface DemoClinic {
  admin: DemoSignIn;
  professional: DemoSignIn & { councilNumber: string; specialty: string };
  patient: DemoSignIn & { registerNumber: string };
  professionals: number;
  patients: number;
  appointments: number;
}

export interface SeedOptions {
  config: Config;
  database: Database;
  log: Logger;
  /** The present of the demo (the real time by default; tests fix it). */
  now?: Date;
}

interface Seeded<T> {
  data: T;
  actor?: UserActor;
}

/**
 * Fills an empty database with a small clinic through the app's own services, as its people
 * would have: two weeks of history replayed at their moments on a moving clock, then today's
 * queue and the weeks ahead. Messages go nowhere (every channel without a provider, so the
 * delivery log holds them as not sent) whatever the configuration says: the addresses are
 * fictitious.
 */
export async function seedDemoClinic(options: SeedOptions): Promise<DemoClinic> {
  const { database } = options;
  await refuseUnlessEmpty(database);
  const timeZone = options.config.clinic.timeZone;
  const now = (options.now ?? new Date()).getTime();
  const start = DateTime.fromMillis(now, { zone: timeZone })
    .minus({ days: HISTORY_DAYS })
    .set({ hour: 7, minute: 0, second: 0, millisecond: 0 })
    .toMillis();
  const clock = new DemoClock(start);
  const config: Config = {
    ...options.config,
    channels: { email: undefined, whatsapp: undefined, sms: undefined },
  };
  // One line per message not sent would drown the output: only problems are shown.
  const services = createServices(
    config,
    database,
    clock,
    options.log.child({}, { level: 'warn' }),
  );
  try {
    return await seed(services, config, clock, start, now);
  } finally {
    await closeServices(services);
  }
}

async function seed(
  services: Services,
  config: Config,
  clock: DemoClock,
  start: number,
  now: number,
): Promise<DemoClinic> {
  const timeZone = config.clinic.timeZone;
  const random = new DemoRandom(
    Number(toZonedIso(new Date(now), timeZone).slice(0, 10).replace(/-/g, '')),
  );
  const password = `vida-${randomToken(9)}`;
  let requests = 0;
  const context = (actor: UserActor | undefined): RequestContext => ({
    actor: actor ?? anonymous,
    ip: CLIENT.ip,
    requestId: `demo-${++requests}`,
  });
  const signIn = async (email: string): Promise<UserActor> => {
    const { session } = await services.accounts.login({ email, password }, CLIENT);
    const resolved = await services.sessions.resolve(session.token);
    if (!resolved) throw new Error(`the demo could not sign in as ${email}`);
    return { ...resolved.actor, via: 'bearer' };
  };

  // The day the clinic opened its books: the desk, the professionals and their hours, patients.
  await services.accounts.createUser({ role: 'admin', password, ...DEMO_ADMIN });
  const desk = await signIn(DEMO_ADMIN.email);
  const staff: Seeded<DemoProfessional & { councilNumber: string }>[] = [];
  for (const professional of demoProfessionals) {
    clock.set(clock.now().getTime() + 60_000);
    staff.push(await registerProfessional(services, professional, context(desk), password));
  }
  for (const member of staff) member.actor = await signIn(member.data.email);
  const orthopaedist = staff.find(({ data }) => data.specialty === 'Ortopedia')!.data;
  await congressLeave(services, orthopaedist.councilNumber, now, timeZone, context(desk));

  const today = toZonedIso(new Date(now), timeZone).slice(0, 10);
  const people: Seeded<DemoPatient & { registerNumber: string }>[] = [];
  for (const patient of demoPatients) {
    clock.set(clock.now().getTime() + 90_000);
    const registerNumber = await registerPatient(
      services,
      patient,
      random,
      password,
      context(patient.signedUp ? undefined : desk),
    );
    const actor = patient.signedUp ? await signIn(patient.email) : undefined;
    if (actor && patient.whatsapp) {
      // WhatsApp only after the patient's own opt-in, recorded with its time.
      await services.accounts.updateMe(actor, { notify: { whatsapp: true } });
    }
    people.push({ data: { ...patient, registerNumber }, ...(actor ? { actor } : {}) });
  }

  const from = addDays(toZonedIso(new Date(start), timeZone).slice(0, 10), 1);
  const slots = await Promise.all(
    staff.map(async ({ data }) =>
      (
        await services.availability.slots(
          data.councilNumber,
          { from, to: addDays(today, 14) },
          context(desk),
        )
      ).map((slot) => ({ start: Date.parse(slot.startsAt), end: Date.parse(slot.endsAt) })),
    ),
  );
  const plan = planDemo({
    start,
    now,
    timeZone,
    professionals: staff.map(({ data }, index) => ({
      slotMinutes: data.slotMinutes,
      children: data.children,
      slots: slots[index]!,
    })),
    patients: people.map(({ data }) => ({
      child: ageOn(data.birthDate, today) < 14,
      signedUp: data.signedUp,
      age: ageOn(data.birthDate, today),
      declaresPriority: data.declares !== undefined,
    })),
    featuredPatient: 0,
    random,
  });

  const timeline = new Timeline(clock);
  for (const planned of plan.appointments) {
    replay(timeline, services, planned, {
      professional: staff[planned.professional]!,
      patient: people[planned.patient]!,
      desk,
      context,
      random,
    });
  }
  if (plan.walkIn) {
    const { professional, patient, at } = plan.walkIn;
    timeline.at(at, 'a walk-in', () =>
      services.queueTransitions.walkIn(
        {
          professional: staff[professional]!.data.councilNumber,
          patient: people[patient]!.data.registerNumber,
          reason: walkInReason,
        },
        context(desk),
      ),
    );
  }
  // What the app's background work does (there every minute, here every hour of the past):
  // reminders, automatic no-shows, and the messages of every change.
  for (let at = start + HOUR; at < now; at += HOUR) {
    timeline.at(at, 'the background work', () => backgroundWork(services));
  }
  timeline.at(now, 'the background work', () => backgroundWork(services));
  await timeline.play();

  clock.set(now);
  for (const actor of [desk, ...[...staff, ...people].map((who) => who.actor)]) {
    if (actor) await services.accounts.logout(actor.sessionId);
  }
  const featured = people[0]!.data;
  const cardiologist = staff[0]!.data;
  return {
    admin: { email: DEMO_ADMIN.email, password, name: DEMO_ADMIN.name },
    professional: {
      email: cardiologist.email,
      password,
      name: cardiologist.name,
      councilNumber: cardiologist.councilNumber,
      specialty: cardiologist.specialty,
    },
    patient: {
      email: featured.email,
      password,
      name: featured.name,
      registerNumber: featured.registerNumber,
    },
    professionals: staff.length,
    patients: people.length,
    appointments: plan.appointments.length + (plan.walkIn ? 1 : 0),
  };
}

/** Anyone but admins (a first admin from an earlier start is fine) means a clinic is there. */
async function refuseUnlessEmpty(database: Database): Promise<void> {
  const users = usersRelation();
  const [someone] = await database.db
    .select({ email: users.email, role: users.role })
    .from(users)
    .where(or(ne(users.role, 'admin'), eq(users.email, DEMO_ADMIN.email)))
    .limit(1);
  if (someone) {
    throw new DemoRefused(
      'This database already holds a clinic (it has patients, professionals or the demo itself), ' +
        'and the demo fills only an empty one. Point DATA_DIR (or DATABASE_URL) to a new place, ' +
        'e.g. DATA_DIR=./demo-data npm run demo, then start the app with the same DATA_DIR.',
    );
  }
}

async function registerProfessional(
  services: Services,
  professional: DemoProfessional,
  desk: RequestContext,
  password: string,
): Promise<Seeded<DemoProfessional & { councilNumber: string }>> {
  const view = await services.professionals.register(
    {
      name: professional.name,
      email: professional.email,
      password,
      phone: professional.phone,
      specialty: professional.specialty,
      councilNumber: professional.councilDigits,
      address: professional.address,
      language: 'pt-BR',
      gender: professional.gender,
      birthDate: professional.birthDate,
      experienceYears: professional.experienceYears,
      officeNumber: professional.officeNumber,
      bio: professional.bio,
      appointmentMinutes: professional.slotMinutes,
    },
    desk,
  );
  await services.availability.replace(
    view.councilNumber,
    { slotMinutes: professional.slotMinutes, weekly: professional.weekly },
    desk,
  );
  return { data: { ...professional, councilNumber: view.councilNumber } };
}

/** The orthopaedist is away at a congress on Thursday and Friday next week. */
async function congressLeave(
  services: Services,
  councilNumber: string,
  now: number,
  timeZone: string,
  desk: RequestContext,
): Promise<void> {
  const thursday = DateTime.fromMillis(now, { zone: timeZone })
    .plus({ weeks: 1 })
    .set({ weekday: 4 })
    .toISODate()!;
  await services.availability.addTimeOff(
    councilNumber,
    {
      startsAt: startOfDay(thursday, timeZone).toISOString(),
      endsAt: startOfDay(addDays(thursday, 2), timeZone).toISOString(),
      reason: 'Congresso Brasileiro de Ortopedia',
    },
    desk,
  );
}

/** Signed up online (with the demo password) or registered at the desk (without one). */
async function registerPatient(
  services: Services,
  patient: DemoPatient,
  random: DemoRandom,
  password: string,
  context: RequestContext,
): Promise<string> {
  const view = await services.patients.register(
    {
      name: patient.name,
      email: patient.email,
      ...(patient.signedUp ? { password } : {}),
      phone: random.mobile(),
      birthDate: patient.birthDate,
      gender: patient.gender,
      cpf: random.cpf(),
      address: patient.address,
      language: patient.language ?? 'pt-BR',
    },
    context,
  );
  return view.registerNumber;
}

interface Cast {
  professional: Seeded<DemoProfessional & { councilNumber: string }>;
  patient: Seeded<DemoPatient & { registerNumber: string }>;
  desk: UserActor;
  context: (actor: UserActor | undefined) => RequestContext;
  random: DemoRandom;
}

/** The planned appointment's life, each step at its moment, by whom it would be done. */
function replay(
  timeline: Timeline,
  services: Services,
  planned: PlannedAppointment,
  cast: Cast,
): void {
  const { professional, patient, desk, context, random } = cast;
  const specialty = professional.data.specialty;
  const byPatient = planned.byPatient && patient.actor !== undefined;
  let id = '';
  timeline.at(planned.bookedAt, `booking for ${patient.data.name}`, async () => {
    const booked = await services.appointments.book(
      {
        professional: professional.data.councilNumber,
        patient: patient.data.registerNumber,
        startsAt: new Date(planned.startsAt).toISOString(),
        reason: random.pick(reasons[specialty]),
        ...(planned.force ? { force: true } : {}),
      },
      context(byPatient ? patient.actor : desk),
    );
    id = booked.id;
  });
  const at = (instant: number | undefined, what: string, run: () => Promise<unknown>) => {
    if (instant !== undefined) timeline.at(instant, `${what} of ${patient.data.name}`, run);
  };
  at(planned.moveTo?.at, 'the move', () =>
    services.appointments.reschedule(
      id,
      { startsAt: new Date(planned.moveTo!.startsAt).toISOString() },
      context(desk),
    ),
  );
  at(planned.cancelAt, 'the cancellation', () => {
    const own = planned.outcome === 'cancelled_by_patient' && patient.actor;
    return services.appointments.cancel(
      id,
      { reason: random.pick(own ? patientCancelReasons : deskCancelReasons) },
      context(own ? patient.actor : desk),
    );
  });
  const declared = patient.data.declares;
  at(planned.checkInAt, 'the check-in', () =>
    services.queueTransitions.checkIn(
      id,
      declared ? { priority: true, priorityReason: declared } : {},
      context(desk),
    ),
  );
  at(planned.callAt, 'the call', () =>
    services.queueTransitions.call(id, context(professional.actor)),
  );
  at(planned.finishAt, 'the end', () =>
    services.queueTransitions.finish(
      id,
      { notes: random.pick(notes[specialty]) },
      context(professional.actor),
    ),
  );
  at(planned.noShowAt, 'the no-show', () =>
    services.queueTransitions.markNoShow(id, context(desk)),
  );
}

async function backgroundWork(services: Services): Promise<void> {
  await services.reminders.run();
  await services.appointments.sweepNoShows();
  await services.notificationWorker.drain();
}
