import { forbidden, notFound, unauthenticated } from './problem.js';

export type Role = 'patient' | 'professional' | 'admin';
export const roles: readonly Role[] = ['patient', 'professional', 'admin'];

export interface UserActor {
  kind: 'user';
  userId: string;
  role: Role;
  sessionId: string;
  /** A patient's own register number, known from the session without a lookup. */
  registerNumber?: string;
  /** How the session was presented; cookie-borne unsafe requests need a CSRF token. */
  via: 'bearer' | 'cookie';
}

export type Actor = UserActor | { kind: 'anonymous' };
export const anonymous: Actor = Object.freeze({ kind: 'anonymous' });

/** A role's grant: every resource of the action (true), or those the predicate accepts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action has its own resource
type Grant = true | ((actor: UserActor, resource: any) => boolean);

/**
 * Whether a caller refused a resource may learn that it exists: a 403 then, else the same 404
 * as for a resource that does not exist. By default they may.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action has its own resource
type Reveal = (actor: UserActor, resource: any) => boolean;

/**
 * Settings of the clinic that open a rule to signed-out callers. The table stays static: the
 * access hook is handed the settings once, at start-up (src/http/authenticate.ts).
 */
export interface AccessSettings {
  /** PUBLIC_DIRECTORY: the professionals, their specialties and free slots, for anyone. */
  publicDirectory: boolean;
}
type Setting = keyof AccessSettings;
const settingNames: Record<Setting, string> = { publicDirectory: 'PUBLIC_DIRECTORY' };
/** What a caller of a service (with no settings at hand) assumes: nothing opened. */
export const closedSettings: AccessSettings = { publicDirectory: false };

type Rule =
  | { who: 'anyone'; identify: boolean }
  | {
      who: 'roles';
      grants: Partial<Record<Role, Grant>>;
      /** Signed-out callers too: always, or while the setting is on. */
      anonymous?: true | Setting;
      reveals?: Reveal;
    };

/** Anyone may call; `identify: false` skips even reading credentials (login, probes, docs). */
const anyone = (options: { identify: boolean } = { identify: true }): Rule => ({
  who: 'anyone',
  ...options,
});
const signedIn = (): Rule => ({
  who: 'roles',
  grants: { patient: true, professional: true, admin: true },
});
const only = (grants: Partial<Record<Role, Grant>>, options: { reveals?: Reveal } = {}): Rule => ({
  who: 'roles',
  grants,
  ...options,
});
/** Signed out, or signed in with one of the granted roles (sign-up, or an admin registering). */
const anonymousOr = (grants: Partial<Record<Role, Grant>>): Rule => ({
  who: 'roles',
  grants,
  anonymous: true,
});

/** Signed in, or signed out too while the clinic's `setting` is on (the public directory). */
const signedInOr = (setting: Setting): Rule => ({
  who: 'roles',
  grants: { patient: true, professional: true, admin: true },
  anonymous: setting,
});

/** The resource belongs to the caller. */
const own = (actor: UserActor, resource: { userId: string }) => actor.userId === resource.userId;
/** The caller is a professional who attends the patient (set by the patients service). */
const attends = (actor: UserActor, patient: { attendedBy?: readonly string[] }) =>
  patient.attendedBy?.includes(actor.userId) === true;
/** Patients never learn whether another patient exists; the staff may. */
const staffOnly: Reveal = (actor) => actor.role !== 'patient';
/** Only an appointment's own patient and professional, and admins, learn that it exists. */
const involved: Reveal = (
  actor,
  appointment: { patientUserId: string; professionalUserId: string },
) =>
  actor.role === 'admin' ||
  actor.userId === appointment.patientUserId ||
  actor.userId === appointment.professionalUserId;
/** Clinical records: nobody refused learns that one exists. */
const nobody: Reveal = () => false;
/** The patient and the professionals caring for them know of their records. */
const inRecord: Reveal = (actor, record: { userId: string; attendedBy?: readonly string[] }) =>
  own(actor, record) || attends(actor, record);
/** The caller is the appointment's patient. */
const asPatient = (actor: UserActor, appointment: { patientUserId: string }) =>
  actor.userId === appointment.patientUserId;
/** The caller is the appointment's professional. */
const asProfessional = (actor: UserActor, appointment: { professionalUserId: string }) =>
  actor.userId === appointment.professionalUserId;

/**
 * Who may do what: the one table every route and service consults, read like the contract's
 * "who" column. A route names its action in `config.action`; registering a route without one
 * fails at start-up.
 */
export const policy = {
  'system.health': anyone({ identify: false }),
  'system.metrics': anyone({ identify: false }),
  'system.docs': anyone({ identify: false }),
  // The web app's files and the clinic's public facts: the pages ask the API for the rest.
  'web.app': anyone({ identify: false }),
  'clinic.read': anyone({ identify: false }),
  'auth.login': anyone({ identify: false }),
  'auth.logout': signedIn(),
  'auth.me.read': signedIn(),
  'auth.me.update': signedIn(),
  // One-time codes: a reset is for those who cannot sign in; verifying is of one's own e-mail
  // or phone (the service takes them from the session, never from the request).
  'auth.password.forgot': anyone({ identify: false }),
  'auth.password.reset': anyone({ identify: false }),
  'auth.verify.request': signedIn(),
  'auth.verify.confirm': signedIn(),

  'addresses.lookup': anyone({ identify: false }),

  'patients.create': anonymousOr({ admin: true }),
  'patients.list': only({ admin: true }),
  // Professionals read the profile of the patients they attend, as they see their photos.
  'patients.read': only(
    { admin: true, patient: own, professional: attends },
    { reveals: staffOnly },
  ),
  'patients.update': only({ admin: true, patient: own }, { reveals: staffOnly }),
  'patients.deactivate': only({ admin: true }),
  'patients.reactivate': only({ admin: true }),
  'patients.photo.update': only({ admin: true, patient: own }, { reveals: staffOnly }),
  // Professionals see the photos of the patients they attend (who have appointments with them).
  'patients.photo.read': only(
    { admin: true, patient: own, professional: attends },
    { reveals: staffOnly },
  ),

  'professionals.create': only({ admin: true }),
  // The public directory: a clinic's website links here. Signed out, only the public profile
  // of the active professionals (the services answer what a patient sees, never contacts).
  'professionals.list': signedInOr('publicDirectory'),
  'professionals.read': signedInOr('publicDirectory'),
  'professionals.update': only({ admin: true, professional: own }),
  'professionals.deactivate': only({ admin: true }),
  'professionals.reactivate': only({ admin: true }),
  'professionals.photo.update': only({ admin: true, professional: own }),
  'professionals.photo.read': signedInOr('publicDirectory'),
  'specialties.list': signedInOr('publicDirectory'),

  'availability.read': signedIn(),
  'availability.update': only({ admin: true, professional: own }),
  'timeOff.read': only({ admin: true, professional: own }),
  'timeOff.create': only({ admin: true, professional: own }),
  'timeOff.delete': only({ admin: true, professional: own }),
  'slots.read': signedInOr('publicDirectory'),

  // A patient books for themselves; the service refuses a register number not their own.
  'appointments.create': only({ admin: true, patient: true }),
  // Booking outside the rules (walk-ins, extra patients): audited.
  'appointments.force': only({ admin: true }),
  // Scoped by the service: patients and professionals see only their own appointments.
  'appointments.list': signedIn(),
  'appointments.read': only(
    { admin: true, patient: asPatient, professional: asProfessional },
    { reveals: involved },
  ),
  // Its patient moves it to another slot of the same professional (the service enforces it).
  'appointments.update': only({ admin: true, patient: asPatient }, { reveals: involved }),
  'appointments.delete': only({ admin: true }),
  'appointments.cancel': only({ admin: true, patient: asPatient }, { reveals: involved }),
  'appointments.history.read': only({ admin: true }),
  // The day at the front desk: arrivals and no-shows are the desk's; calling in and finishing
  // are also the professional's own.
  'appointments.checkIn': only({ admin: true }),
  'appointments.walkIn': only({ admin: true }),
  'appointments.call': only({ admin: true, professional: asProfessional }, { reveals: involved }),
  'appointments.finish': only({ admin: true, professional: asProfessional }, { reveals: involved }),
  'appointments.noShow': only({ admin: true }),
  'queue.read': only({ admin: true, professional: own }),
  'queue.callNext': only({ admin: true, professional: own }),
  // The front desk's board of the whole day, every professional at once.
  'board.read': only({ admin: true }),
  'patients.appointments.read': only({ admin: true, patient: own }, { reveals: staffOnly }),
  'professionals.appointments.read': only({ admin: true, professional: own }),
  'calendar.read': only({ admin: true, professional: own }),
  'calendar.feed.create': only({ admin: true, professional: own }),
  // Calendar apps cannot sign in: the feed answers its secret token, or a signed-in caller
  // allowed `calendar.read`; the route checks which.
  'calendar.feed.read': anyone(),

  // Waiting-room screens: admins hand out and revoke their tokens. A screen cannot sign in: the
  // event stream answers its display token only, so it does not even read session credentials.
  'display.tokens.create': only({ admin: true }),
  'display.tokens.list': only({ admin: true }),
  'display.tokens.revoke': only({ admin: true }),
  'display.events': anyone({ identify: false }),

  // Clinical records are the patient's and their professionals' (an appointment together,
  // past or upcoming, or the lab report they ordered): resources carry the patient as `userId`
  // and the caring caller in `attendedBy`. Admins run the logistics of lab reports (register,
  // upload, status) and never read notes, diagnoses, prescriptions or result files.
  'consultations.list': only({ patient: own, professional: attends }, { reveals: nobody }),
  'consultations.read': only({ patient: own, professional: attends }, { reveals: nobody }),
  // Only the professional who saw the patient amends their consultation (a new version).
  'consultations.update': only({ professional: asProfessional }, { reveals: inRecord }),
  'prescriptions.create': only({ professional: asProfessional }, { reveals: involved }),
  'prescriptions.preview': only({ professional: asProfessional }, { reveals: involved }),
  'prescriptions.read': only({ patient: own, professional: attends }, { reveals: nobody }),
  'prescriptions.revoke': only({ professional: asProfessional }, { reveals: inRecord }),
  // A pharmacist checks a printed prescription: rate limited, and it tells only what the paper
  // already shows (and whether it was revoked).
  'prescriptions.verify': anyone({ identify: false }),
  'records.export': only({ patient: own }, { reveals: nobody }),
  'labReports.create': only({ admin: true, professional: attends }, { reveals: staffOnly }),
  'labReports.list': only(
    { admin: true, patient: own, professional: attends },
    { reveals: staffOnly },
  ),
  'labReports.upload': only({ admin: true, professional: attends }, { reveals: staffOnly }),
  // Across patients, for the desk's pending results: a professional gets only those of the
  // patients they care for (the service narrows it); a patient reads their own by register number.
  'labReports.listAll': only({ admin: true, professional: true }),
  'labReports.file.read': only({ patient: own, professional: attends }, { reveals: nobody }),

  'admins.create': only({ admin: true }),
  'admins.list': only({ admin: true }),
  'admins.read': only({ admin: true }),
  'admins.update': only({ admin: true }),
  'admins.deactivate': only({ admin: true }),

  'audit.read': only({ admin: true }),
  'notifications.list': only({ admin: true }),
  'notifications.retry': only({ admin: true }),
} satisfies Record<string, Rule>;

export type Action = keyof typeof policy;

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(policy, value);
}

export function ruleOf(action: Action): Rule {
  return policy[action];
}

/** Whether signed-out callers may call the action, with the clinic's settings. */
export function admitsAnonymous(
  action: Action,
  settings: AccessSettings = closedSettings,
): boolean {
  const rule: Rule = policy[action];
  if (rule.who === 'anyone') return true;
  return rule.anonymous === true || (rule.anonymous !== undefined && settings[rule.anonymous]);
}

/** Whether a setting, rather than the table alone, opens the action to signed-out callers. */
export function openedBySetting(action: Action): boolean {
  const rule: Rule = policy[action];
  return rule.who === 'roles' && typeof rule.anonymous === 'string';
}

/** Whether the actor's role may call the action at all (before any resource is loaded). */
export function mayCall(
  actor: Actor,
  action: Action,
  settings: AccessSettings = closedSettings,
): boolean {
  const rule: Rule = policy[action];
  if (rule.who === 'anyone') return true;
  if (actor.kind === 'anonymous') return admitsAnonymous(action, settings);
  return rule.grants[actor.role] !== undefined;
}

/** Whether the actor may do the action to this resource; a predicate grant needs the resource. */
export function can<R>(actor: Actor, action: Action, resource?: R): boolean {
  const rule: Rule = policy[action];
  if (rule.who === 'anyone') return true;
  // Services hold no settings: to them a rule a setting opens stays closed to signed-out
  // callers, whom only the access hook admits (src/http/authenticate.ts).
  if (actor.kind !== 'user') return admitsAnonymous(action);
  const grant = rule.grants[actor.role];
  if (grant === undefined) return false;
  if (grant === true) return true;
  return resource !== undefined && (grant as (a: UserActor, r: R) => boolean)(actor, resource);
}

/**
 * The one way to check a caller against a resource: loads it, and answers 404 when it does not
 * exist, the resource when the policy grants the action, else 403, or the same 404 for a caller
 * the policy does not let learn that it exists (`reveals`).
 */
export async function authorize<R extends object>(
  actor: Actor,
  action: Action,
  load: () => Promise<R | undefined>,
  missing = 'There is nothing here.',
): Promise<R> {
  const resource = await load();
  if (resource === undefined) throw notFound(missing);
  if (can(actor, action, resource)) return resource;
  if (actor.kind !== 'user') throw unauthenticated();
  const rule: Rule = policy[action];
  const reveals = rule.who === 'roles' && rule.reveals ? rule.reveals(actor, resource) : true;
  throw reveals ? forbidden() : notFound(missing);
}

/** A readable summary of who may call, for the OpenAPI description. */
export function describeAccess(action: Action): string {
  const rule: Rule = policy[action];
  if (rule.who === 'anyone') return 'anyone';
  const roles = Object.entries(rule.grants).map(([role, grant]) =>
    grant === true ? role : `${role} (own)`,
  );
  const signedOut =
    rule.anonymous === undefined
      ? []
      : rule.anonymous === true
        ? ['anyone signed out']
        : [`anyone signed out if ${settingNames[rule.anonymous]}`];
  return [...signedOut, ...roles].join(', ');
}
