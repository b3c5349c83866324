import { CacheInvalidation } from '../../db/cache-invalidation.js';
import type { ChangeFeed } from '../../db/change-feed.js';

/** The channel the directory triggers notify (migration 0008). */
export const DIRECTORY_CHANNEL = 'clinicdesk_directory';

/**
 * Reloaded after this long even without a notification: bounds how stale the directory can be
 * while the listening connection is down and its loss not yet noticed.
 */
const MAX_AGE_MS = 60_000;

export interface DirectoryEntry<T> {
  record: T;
  specialtyKey: string;
  /** Every council number the professional has held, the current one included, upper-case. */
  councilNumbers: string[];
}

export interface DirectorySnapshot<T> {
  /** By current or former council number, upper-case. */
  byCouncilNumber: ReadonlyMap<string, T>;
  /** The active professionals of each specialty (by folded name), in the listing's order. */
  activeBySpecialty: ReadonlyMap<string, readonly T[]>;
}

/**
 * The clinic's professionals in memory: a few hundred rows at most, read by every search,
 * free-slot query and booking, and changed a few times a week. Loaded whole, kept while the
 * change feed reports changes, and forgotten on any change (triggers notify whoever made it).
 */
export class ProfessionalDirectory<T extends { active: boolean }> {
  private kept?: { snapshot: DirectorySnapshot<T>; loadedAt: number };
  private loading?: { promise: Promise<DirectorySnapshot<T>>; readStartedAt: number };
  private pendingChanges = 0;
  private readonly invalidation = new CacheInvalidation(() => {
    this.kept = undefined;
  });

  /** `load` returns every professional, in the listing's order (folded name, council number). */
  constructor(private readonly load: () => Promise<DirectoryEntry<T>[]>) {}

  /** Keeps the directory in memory while the feed reports its changes; resolves once listening. */
  followChanges(feed: ChangeFeed): Promise<() => void> {
    return this.invalidation.follow(feed, DIRECTORY_CHANNEL);
  }

  /**
   * The directory, or undefined when it cannot be kept (not listening yet, or a change of this
   * instance in progress): callers then ask the database for just what they need.
   */
  async current(): Promise<DirectorySnapshot<T> | undefined> {
    if (this.kept && performance.now() - this.kept.loadedAt < MAX_AGE_MS) return this.kept.snapshot;
    const readStartedAt = this.invalidation.readStarted();
    if (!this.invalidation.mayKeep(readStartedAt) || this.pendingChanges > 0) return undefined;
    // Concurrent requests share one load.
    let loading = this.loading;
    if (loading?.readStartedAt !== readStartedAt) {
      const loadedAt = performance.now();
      const promise = this.load().then((entries) => {
        const snapshot = toSnapshot(entries);
        if (this.invalidation.mayKeep(readStartedAt) && this.pendingChanges === 0) {
          this.kept = { snapshot, loadedAt };
        }
        return snapshot;
      });
      loading = { promise, readStartedAt };
      this.loading = loading;
      promise
        .finally(() => {
          if (this.loading?.promise === promise) this.loading = undefined;
        })
        .catch(() => {});
    }
    return loading.promise;
  }

  /**
   * Runs a change of this instance (usually a transaction). Until it ends the directory is not
   * kept, and it is forgotten once more after: a request right after the change reads the
   * change, without waiting for the notification of its commit.
   */
  async changing<R>(change: () => Promise<R>): Promise<R> {
    this.pendingChanges += 1;
    this.invalidation.changed(undefined);
    try {
      return await change();
    } finally {
      this.pendingChanges -= 1;
      this.invalidation.changed(undefined);
    }
  }
}

function toSnapshot<T extends { active: boolean }>(
  entries: DirectoryEntry<T>[],
): DirectorySnapshot<T> {
  const byCouncilNumber = new Map<string, T>();
  const activeBySpecialty = new Map<string, T[]>();
  for (const { record, specialtyKey, councilNumbers } of entries) {
    // Shared by every request: a change would leak into the others.
    Object.freeze(record);
    for (const number of councilNumbers) byCouncilNumber.set(number, record);
    if (!record.active) continue;
    const ofSpecialty = activeBySpecialty.get(specialtyKey);
    if (ofSpecialty) ofSpecialty.push(record);
    else activeBySpecialty.set(specialtyKey, [record]);
  }
  return { byCouncilNumber, activeBySpecialty };
}
