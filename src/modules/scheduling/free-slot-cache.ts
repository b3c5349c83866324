import { CacheInvalidation } from '../../db/cache-invalidation.js';
import type { ChangeFeed } from '../../db/change-feed.js';

/**
 * The channel migration 0013's triggers notify, and a booking after its commit (migration 0014,
 * calendar-notices.ts). Payload: a professional's user id, or empty.
 */
export const SLOTS_CHANNEL = 'clinicdesk_slots';

/**
 * An answer is computed again after this long even without a notification: bounds how stale it
 * can be while the listening connection is down and its loss not yet noticed.
 */
const MAX_AGE_MS = 10_000;
/** Ranges kept per professional: a client asking for many ranges cannot fill the memory. */
const RANGES_PER_PROFESSIONAL = 8;

/** What one computation answers: the JSON, and until when (the app's clock) it stays true. */
export interface FreeSlotAnswer {
  json: Buffer;
  /** Epoch ms, exclusive: when the first slot falls inside the minimum notice. */
  validUntil: number;
}

interface Entry extends FreeSlotAnswer {
  computedAt: number;
  keptUntil: number;
}

interface Flight {
  answer: Promise<FreeSlotAnswer>;
  readStartedAt: number;
}

/**
 * The free slots of each professional as the API last answered them, per range of days. The
 * most requested read of all (every patient choosing a time, the directory's next free times),
 * and changed by a few bookings a minute. Kept only while the change feed is heard (see
 * `CacheInvalidation`), forgotten per professional on each notification, and never kept past
 * the moment the passing time alone would change it.
 */
export class FreeSlotCache {
  private readonly kept = new Map<string, Map<string, Entry>>();
  private readonly flights = new Map<string, Flight>();
  private readonly invalidation = new CacheInvalidation((payload) => this.forget(payload));

  /** Keeps answers while the feed reports changes; resolves once listening. */
  follow(feed: ChangeFeed): Promise<() => void> {
    return this.invalidation.follow(feed, SLOTS_CHANNEL);
  }

  /**
   * The answer for a professional and a range (`key`) at `now` (the app's clock, epoch ms):
   * kept, shared with a computation in progress, or computed.
   */
  async answer(
    userId: string,
    key: string,
    now: number,
    compute: () => Promise<FreeSlotAnswer>,
  ): Promise<Buffer> {
    const entryKey = `${userId} ${key}`;
    const entry = this.kept.get(userId)?.get(key);
    if (entry) {
      const fresh =
        now >= entry.computedAt && now < entry.validUntil && performance.now() < entry.keptUntil;
      if (fresh) return entry.json;
      this.kept.get(userId)!.delete(key);
    }
    const readStartedAt = this.invalidation.readStarted();
    if (!this.invalidation.mayKeep(readStartedAt)) {
      return (await compute()).json;
    }
    let flight = this.flights.get(entryKey);
    if (flight?.readStartedAt !== readStartedAt) {
      const answer = compute();
      flight = { answer, readStartedAt };
      this.flights.set(entryKey, flight);
      const own = flight;
      answer
        .then((computed) => {
          if (this.invalidation.mayKeep(readStartedAt)) {
            this.keep(userId, key, computed, now);
          }
        })
        .finally(() => {
          if (this.flights.get(entryKey) === own) this.flights.delete(entryKey);
        })
        .catch(() => {});
    }
    return (await flight.answer).json;
  }

  /**
   * A change of this instance to the professional's calendar, called once it is committed:
   * forgotten at once, so that the next request (a patient who just booked reads the slots
   * again) reads it without waiting for the change's notification. A read that began before is
   * then not kept.
   */
  changed(userId: string): void {
    this.invalidation.changed(userId);
  }

  private keep(userId: string, key: string, answer: FreeSlotAnswer, computedAt: number): void {
    if (answer.validUntil <= computedAt) return;
    let ranges = this.kept.get(userId);
    if (!ranges) {
      ranges = new Map();
      this.kept.set(userId, ranges);
    }
    ranges.delete(key);
    if (ranges.size >= RANGES_PER_PROFESSIONAL) ranges.delete(ranges.keys().next().value!);
    ranges.set(key, { ...answer, computedAt, keptUntil: performance.now() + MAX_AGE_MS });
  }

  /**
   * What a notification names is forgotten: one professional's answers, or everyone's. A
   * computation in progress is not joined after it (its `readStartedAt` is then old).
   */
  private forget(userId: string | undefined): void {
    if (userId) this.kept.delete(userId);
    else this.kept.clear();
  }
}
