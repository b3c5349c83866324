import type { Logger } from 'pino';
import type { QueueTransitionsService } from './transitions-service.js';

const EVERY_MS = 60_000;

/**
 * The background job that marks overdue appointments as no-shows, once a minute. Runs never
 * overlap; a failed run is logged and the next one tries again. Any number of app instances may
 * run it at once: each appointment is claimed by one of them.
 */
export function startNoShowSweeper(
  transitions: Pick<QueueTransitionsService, 'sweepNoShows'>,
  log: Logger,
  everyMs = EVERY_MS,
): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sweep = async () => {
    try {
      const marked = await transitions.sweepNoShows();
      if (marked > 0) log.info({ marked }, 'appointments marked as no-shows');
    } catch (err) {
      log.error({ err }, 'the no-show sweep failed; it runs again in a minute');
    }
  };
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(sweep);
  }, everyMs);
  timer.unref();
  running = running.then(sweep);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
