import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ChangeFeed } from '../../db/change-feed.js';
import type { RequestContext } from '../../http/actor.js';
import type { EventStream } from '../../http/sse.js';
import { coalescing } from '../../lib/coalescing.js';
import { QUEUE_CHANNEL } from '../scheduling/index.js';
import type { BoardService } from './board-service.js';

/** Estimates count down with the clock, and the day rolls over: a fresh board this often. */
const REFRESH_MS = 60_000;

/**
 * Feeds the front desk's board: today's board now, then a new one within a second of any
 * appointment change of any professional made through any app instance, and every minute.
 * As for a queue (queue-stream.ts), each event's id fingerprints the board, though without
 * `now`, which changes every time: a client reconnecting with `Last-Event-ID` gets nothing
 * until something changed. Patients newly shown are audited.
 */
export async function streamBoard(input: {
  board: BoardService;
  changeFeed: ChangeFeed;
  stream: EventStream;
  context: RequestContext;
  log: FastifyBaseLogger;
}): Promise<void> {
  const { board, changeFeed, stream, context, log } = input;
  let lastId = stream.lastEventId;
  const audited = new Set<string>();
  const push = coalescing(
    async () => {
      if (stream.closed) return;
      const { board: snapshot, patientUserIds } = await board.snapshot();
      const { now: _now, ...content } = snapshot;
      const id = createHash('sha256')
        .update(JSON.stringify(content))
        .digest('base64url')
        .slice(0, 22);
      if (id === lastId) return;
      const unseen = patientUserIds.filter((patient) => !audited.has(patient));
      if (unseen.length) {
        await board.recordReading(unseen, context);
        unseen.forEach((patient) => audited.add(patient));
      }
      lastId = id;
      stream.send({ event: 'board', id, data: snapshot });
    },
    (err) => log.error({ err }, 'board stream failed to read the board'),
  );
  // Listen before the first read, so no change made in between is missed. Every
  // professional's changes concern the board.
  const unsubscribe = await changeFeed.subscribe(QUEUE_CHANNEL, () => push(), {
    onResume: push,
  });
  const refresh = setInterval(push, REFRESH_MS);
  refresh.unref();
  stream.onClose(() => {
    clearInterval(refresh);
    unsubscribe();
  });
  push();
}
