/** How long a successful check answers for every `/health` request after it. */
export const PROBE_FRESH_MS = 1_000;

/**
 * Whether the database answers, as `/health` reports it: a load balancer or a monitor may ask
 * thousands of times a second, and each must not cost a round trip to PostgreSQL. A success
 * stands for PROBE_FRESH_MS; while a check is on its way, every request waits for that one. A
 * failure is never kept: the next request checks again, so recovery shows at once.
 */
export class DatabaseProbe {
  private upUntil = 0;
  private inFlight: Promise<boolean> | undefined;

  constructor(
    private readonly check: () => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the database answered now or less than PROBE_FRESH_MS ago. */
  up(): Promise<boolean> {
    if (this.now() < this.upUntil) return Promise.resolve(true);
    this.inFlight ??= this.check().then(
      () => {
        this.upUntil = this.now() + PROBE_FRESH_MS;
        this.inFlight = undefined;
        return true;
      },
      (error: unknown) => {
        this.inFlight = undefined;
        throw error;
      },
    );
    return this.inFlight;
  }
}
