import type { ChangeFeed } from './change-feed.js';

/**
 * Decides when facts read from the database may be kept in memory: only while this instance
 * hears the notifications that say they changed (triggers send them on commit, see migration
 * 0008), and only when no change was heard while they were being read. A read that started
 * before a commit and ended after it could otherwise keep the old value for good.
 */
export class CacheInvalidation {
  private generation = 0;
  private hearing = false;

  /** `onChange` forgets what the payload names (everything when it is undefined). */
  constructor(private readonly onChange: (payload: string | undefined) => void) {}

  /** Listens on `channel`; until it does, and after the returned function is called, nothing is kept. */
  async follow(feed: ChangeFeed, channel: string): Promise<() => void> {
    const stop = await feed.subscribe(channel, (payload) => this.changed(payload), {
      // Notifications sent while the connection was lost are gone: forget everything.
      onResume: () => this.changed(undefined),
    });
    this.hearing = true;
    return () => {
      this.hearing = false;
      stop();
      this.changed(undefined);
    };
  }

  /** Taken before reading the database; handed to `mayKeep` after. */
  readStarted(): number {
    return this.generation;
  }

  mayKeep(readStartedAt: number): boolean {
    return this.hearing && readStartedAt === this.generation;
  }

  /** A change made here: forgotten at once, without waiting for the notification. */
  changed(payload: string | undefined): void {
    this.generation += 1;
    this.onChange(payload);
  }
}
