import type { Clock } from '../../src/lib/clock.js';

/** A clock the test moves by hand; it starts at the real time. */
export class TestClock implements Clock {
  private current = Date.now();

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    this.current = instant.getTime();
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
