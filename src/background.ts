import type { Logger } from 'pino';
import type { Services } from './services.js';

/** How long the worker rests when there was nothing to send. */
const IDLE_MS = 500;
/**
 * While the app answers requests, the worker rests this many times as long as its last round
 * took, at most YIELD_MAX_MS: delivery then takes at most a fifth of the time, and bookings and
 * reads keep the machine. Its messages wait in the outbox meanwhile, nothing is lost; at a
 * clinic's pace a round takes milliseconds and so does the rest.
 */
const YIELD_FACTOR = 4;
const YIELD_MAX_MS = 1000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface PeriodicJob {
  name: string;
  everyMs: number;
  run(): Promise<number>;
}

/**
 * The background work of the app, or of a separate `npm run worker` process: delivering
 * notifications as soon as their events commit, once a minute the reminders and the automatic
 * no-shows, once an hour the deletion of ended sessions and codes and of the delivery log past
 * its retention, and once a day the audit log's size in the log. Safe with any number of
 * processes at once (rows are claimed with `SKIP LOCKED`); a failure is logged and the loop goes
 * on. In the app's process, delivery yields to the requests it is answering (YIELD_FACTOR).
 */
export function startBackgroundWork(
  services: Pick<
    Services,
    | 'notificationWorker'
    | 'appointments'
    | 'reminders'
    | 'accountsHousekeeping'
    | 'notificationRetention'
    | 'audit'
  >,
  log: Logger,
  /** In the app's process: how many requests it has answered so far (countAnsweredRequests). */
  answeredRequests?: () => number,
): { stop(): Promise<void> } {
  const jobs: (PeriodicJob & { lastRun: number })[] = [
    {
      name: 'reminders',
      everyMs: MINUTE,
      run: () => services.reminders.run(),
    },
    {
      name: 'no-shows',
      everyMs: MINUTE,
      run: () => services.appointments.sweepNoShows(),
    },
    {
      name: 'ended sessions and codes',
      everyMs: HOUR,
      run: () => services.accountsHousekeeping.run(),
    },
    {
      name: 'notification retention',
      everyMs: HOUR,
      run: async () => {
        const deleted = await services.notificationRetention.run();
        return deleted.messages + deleted.events;
      },
    },
    {
      // Kept for good: no retention reaches it, so its growth is what an operator is told of.
      name: 'audit log size',
      everyMs: DAY,
      run: async () => {
        log.info({ auditLog: await services.audit.size() }, 'the audit log is kept for good');
        return 0;
      },
    },
  ].map((job) => ({ ...job, lastRun: 0 }));
  let stopped = false;
  let wake: (() => void) | undefined;

  const runJobs = async () => {
    for (const job of jobs) {
      if (Date.now() - job.lastRun < job.everyMs) continue;
      job.lastRun = Date.now();
      const done = await job.run().catch((err: unknown) => {
        log.error({ err, job: job.name }, 'a background job failed; it runs again later');
        return 0;
      });
      if (done > 0) log.info({ job: job.name, done }, 'background job done');
    }
  };
  const deliver = async () => {
    try {
      const events = await services.notificationWorker.dispatchEvents();
      const messages = await services.notificationWorker.deliverDue();
      return events + messages;
    } catch (err) {
      log.error({ err }, 'the notification worker failed; it tries again shortly');
      return 0;
    }
  };
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      await runJobs();
      const answeredBefore = answeredRequests?.();
      const started = performance.now();
      const handled = await deliver();
      const ms = restAfterRound({
        handled,
        roundMs: performance.now() - started,
        answeredDuring: answeredRequests !== undefined && answeredRequests() !== answeredBefore,
      });
      if (ms > 0) await rest(ms);
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/**
 * How long the worker rests after a round of delivery: idle when it found nothing, a share of
 * the round when the app answered requests meanwhile (YIELD_FACTOR), else not at all.
 */
export function restAfterRound(round: {
  handled: number;
  roundMs: number;
  answeredDuring: boolean;
}): number {
  if (round.handled === 0) return IDLE_MS;
  if (!round.answeredDuring) return 0;
  return Math.min(YIELD_MAX_MS, round.roundMs * YIELD_FACTOR);
}
