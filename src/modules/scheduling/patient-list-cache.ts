import { CacheInvalidation } from '../../db/cache-invalidation.js';
import type { ChangeFeed } from '../../db/change-feed.js';
import { DIRECTORY_CHANNEL } from '../people/index.js';

/**
 * The channel migration 0015's triggers notify when a patient's appointments change, and a
 * booking after its commit (calendar-notices.ts). Payload: the patient's user id, or empty.
 */
export const PATIENT_LISTS_CHANNEL = 'clinicdesk_patient_lists';

/** Read again after this long even without a notification (see FreeSlotCache's MAX_AGE_MS). */
const MAX_AGE_MS = 10_000;
/** Patients whose lists are kept at once: the oldest kept is forgotten first. */
const MAX_PATIENTS = 2_000;

/** A patient's upcoming list as JSON, and until when (epoch ms) the passing time leaves it true. */
export interface UpcomingList {
  json: Buffer;
  /** Exclusive; a list answered at `now` with `validUntil` not past it is not kept. */
  validUntil: number;
}

interface Entry extends UpcomingList {
  pageSize: number;
  computedAt: number;
  keptUntil: number;
}

/**
 * Patients' upcoming appointments as their own portal last read them, when the whole list fits
 * the page asked for: what a patient opens most, and changed by a few writes a day. Kept only
 * while both feeds are heard (the patient's appointments, and the names in them: the directory
 * channel of people), forgotten per patient on each notification, and never past the first
 * end among them.
 */
export class PatientListCache {
  private readonly kept = new Map<string, Entry>();
  private readonly appointments = new CacheInvalidation((payload) => this.forget(payload));
  private readonly names = new CacheInvalidation(() => this.kept.clear());

  /** Keeps lists while the feeds report changes; resolves once listening to both. */
  async follow(feed: ChangeFeed): Promise<() => void> {
    const stops = await Promise.all([
      this.appointments.follow(feed, PATIENT_LISTS_CHANNEL),
      this.names.follow(feed, DIRECTORY_CHANNEL),
    ]);
    return () => stops.forEach((stop) => stop());
  }

  /** The list of a patient for a page size at `now` (the app's clock, epoch ms): kept, or computed. */
  async upcoming(
    patientUserId: string,
    pageSize: number,
    now: number,
    compute: () => Promise<UpcomingList>,
  ): Promise<Buffer> {
    const entry = this.kept.get(patientUserId);
    if (entry) {
      const fresh =
        entry.pageSize === pageSize &&
        now >= entry.computedAt &&
        now < entry.validUntil &&
        performance.now() < entry.keptUntil;
      if (fresh) return entry.json;
      this.kept.delete(patientUserId);
    }
    const readStartedAt = [this.appointments.readStarted(), this.names.readStarted()] as const;
    const computed = await compute();
    if (
      computed.validUntil > now &&
      this.appointments.mayKeep(readStartedAt[0]) &&
      this.names.mayKeep(readStartedAt[1])
    ) {
      if (this.kept.size >= MAX_PATIENTS) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(patientUserId, {
        ...computed,
        pageSize,
        computedAt: now,
        keptUntil: performance.now() + MAX_AGE_MS,
      });
    }
    return computed.json;
  }

  /**
   * A change of this instance to a patient's appointments, called once it is committed: the
   * patient who just booked or cancelled reads the list again at once, without waiting for the
   * notification. A read that began before is then not kept.
   */
  changed(patientUserId: string): void {
    this.appointments.changed(patientUserId);
  }

  private forget(patientUserId: string | undefined): void {
    if (patientUserId) this.kept.delete(patientUserId);
    else this.kept.clear();
  }
}
