export type Role = 'patient' | 'professional' | 'admin';
export const roles: readonly Role[] = ['patient', 'professional', 'admin'];

export interface UserActor {
  kind: 'user';
  userId: string;
  role: Role;
  sessionId: string;
  /** How the session was presented; cookie-borne unsafe requests need a CSRF token. */
  via: 'bearer' | 'cookie';
}

export type Actor = UserActor | { kind: 'anonymous' };
export const anonymous: Actor = Object.freeze({ kind: 'anonymous' });

/** A role's grant: every resource of the action (true), or those the predicate accepts. */
type Grant = true | ((actor: UserActor, resource: never) => boolean);

type Rule =
  { who: 'anyone'; identify: boolean } | { who: 'roles'; grants: Partial<Record<Role, Grant>> };

/** Anyone may call; `identify: false` skips even reading credentials (login, probes, docs). */
const anyone = (options: { identify: boolean } = { identify: true }): Rule => ({
  who: 'anyone',
  ...options,
});
const signedIn = (): Rule => ({
  who: 'roles',
  grants: { patient: true, professional: true, admin: true },
});

/**
 * Who may do what: the one table every route and service consults, read like the contract's
 * "who" column. A route names its action in `config.action`; registering a route without one
 * fails at start-up.
 */
export const policy = {
  'system.health': anyone({ identify: false }),
  'system.metrics': anyone({ identify: false }),
  'system.docs': anyone({ identify: false }),
  'auth.login': anyone({ identify: false }),
  'auth.logout': signedIn(),
  'auth.me.read': signedIn(),
  'auth.me.update': signedIn(),
} satisfies Record<string, Rule>;

export type Action = keyof typeof policy;

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(policy, value);
}

export function ruleOf(action: Action): Rule {
  return policy[action];
}

/** Whether the actor's role may call the action at all (before any resource is loaded). */
export function mayCall(actor: Actor, action: Action): boolean {
  const rule: Rule = policy[action];
  if (rule.who === 'anyone') return true;
  return actor.kind === 'user' && rule.grants[actor.role] !== undefined;
}

/** Whether the actor may do the action to this resource; a predicate grant needs the resource. */
export function can<R>(actor: Actor, action: Action, resource?: R): boolean {
  const rule: Rule = policy[action];
  if (rule.who === 'anyone') return true;
  if (actor.kind !== 'user') return false;
  const grant = rule.grants[actor.role];
  if (grant === undefined) return false;
  if (grant === true) return true;
  return resource !== undefined && (grant as (a: UserActor, r: R) => boolean)(actor, resource);
}

/** A readable summary of who may call, for the OpenAPI description. */
export function describeAccess(action: Action): string {
  const rule: Rule = policy[action];
  if (rule.who === 'anyone') return 'anyone';
  return Object.entries(rule.grants)
    .map(([role, grant]) => (grant === true ? role : `${role} (own)`))
    .join(', ');
}
