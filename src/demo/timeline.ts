import type { Clock } from '../lib/clock.js';

/** The clock the demo's services read: set to each step's moment before the step runs. */
export class DemoClock implements Clock {
  constructor(private current: number) {}

  now(): Date {
    return new Date(this.current);
  }

  set(instant: number): void {
    this.current = instant;
  }
}

interface Step {
  at: number;
  order: number;
  what: string;
  run: () => Promise<unknown>;
}

/**
 * What happened in the clinic, in the order it happened: each step runs at its own moment (the
 * clock moved there first), so every rule about time (minimum notice, check-in on the day,
 * no-shows after the end) is applied as it would have been then.
 */
export class Timeline {
  private readonly steps: Step[] = [];

  constructor(private readonly clock: DemoClock) {}

  at(instant: number, what: string, run: () => Promise<unknown>): void {
    this.steps.push({ at: instant, order: this.steps.length, what, run });
  }

  async play(): Promise<void> {
    const steps = [...this.steps].sort((a, b) => a.at - b.at || a.order - b.order);
    this.steps.length = 0;
    for (const step of steps) {
      this.clock.set(step.at);
      try {
        await step.run();
      } catch (error) {
        const when = new Date(step.at).toISOString();
        throw new Error(`the demo stopped at ${step.what} (${when})`, { cause: error });
      }
    }
  }
}
