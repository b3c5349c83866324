import type { Logger } from 'pino';
import type { Services } from './services.js';

/** How long the worker rests when there was nothing to send. */
const IDLE_MS = 500;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface PeriodicJob {
  name: string;
  everyMs: number;
  run(): Promise<number>;
}

/**
 * The background work of the app, or of a separate `npm run worker` process: delivering
 * notifications as soon as their events commit, once a minute the reminders and the automatic
 * no-shows, and once an hour the deletion of ended sessions and codes. Safe with any number of processes at once (rows are claimed with
 * `SKIP LOCKED`); a failure is logged and the loop goes on.
 */
export function startBackgroundWork(
  services: Pick<
    Services,
    'notificationWorker' | 'appointments' | 'reminders' | 'accountsHousekeeping'
  >,
  log: Logger,
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
  const loop = (async () => {
    while (!stopped) {
      await runJobs();
      if ((await deliver()) > 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
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
