/** The one source of "now": read per use, never captured at start-up; tests move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
