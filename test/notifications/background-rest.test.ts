import { describe, expect, it } from 'vitest';
import { restAfterRound } from '../../src/background.js';

describe('the rest between rounds of delivery', () => {
  it('rests half a second when a round found nothing, busy app or not', () => {
    expect(restAfterRound({ handled: 0, roundMs: 3, answeredDuring: false })).toBe(500);
    expect(restAfterRound({ handled: 0, roundMs: 3, answeredDuring: true })).toBe(500);
  });

  it('goes on at once while nobody is waiting on the app', () => {
    expect(restAfterRound({ handled: 60, roundMs: 40, answeredDuring: false })).toBe(0);
  });

  it('leaves four fifths of the time to the requests the app answers, at most a second', () => {
    expect(restAfterRound({ handled: 60, roundMs: 40, answeredDuring: true })).toBe(160);
    expect(restAfterRound({ handled: 1, roundMs: 0.5, answeredDuring: true })).toBe(2);
    expect(restAfterRound({ handled: 600, roundMs: 900, answeredDuring: true })).toBe(1000);
  });
});
