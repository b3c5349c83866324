import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ChangeFeed } from '../../db/change-feed.js';
import type { RequestContext } from '../../http/actor.js';
import type { EventStream } from '../../http/sse.js';
import { coalescing } from '../../lib/coalescing.js';
import type { ProfessionalRecord } from '../people/index.js';
import { QUEUE_CHANNEL } from '../scheduling/index.js';
import type { QueueService } from './queue-service.js';

/** Estimates count down with the clock: a fresh snapshot at least this often. */
const REFRESH_MS = 60_000;

/**
 * Feeds a queue screen: the snapshot now, then a new one within a second of any change to the
 * professional's queue made through any app instance (PostgreSQL NOTIFY), and every minute
 * for the estimates. Each event's id is the snapshot's fingerprint: a client reconnecting with
 * `Last-Event-ID` gets nothing until something changed. Patients newly shown are audited.
 */
export async function streamQueue(input: {
  professional: ProfessionalRecord;
  queue: QueueService;
  changeFeed: ChangeFeed;
  stream: EventStream;
  context: RequestContext;
  log: FastifyBaseLogger;
}): Promise<void> {
  const { professional, queue, changeFeed, stream, context, log } = input;
  let lastId = stream.lastEventId;
  const audited = new Set<string>();
  const push = coalescing(
    async () => {
      if (stream.closed) return;
      const { snapshot, patientUserIds } = await queue.snapshot(professional);
      const data = JSON.stringify(snapshot);
      const id = createHash('sha256').update(data).digest('base64url').slice(0, 22);
      if (id === lastId) return;
      const unseen = patientUserIds.filter((patient) => !audited.has(patient));
      if (unseen.length) {
        await queue.recordReading(unseen, context);
        unseen.forEach((patient) => audited.add(patient));
      }
      lastId = id;
      stream.send({ event: 'queue', id, data: snapshot });
    },
    (err) => log.error({ err }, 'queue stream failed to read the queue'),
  );
  // Listen before the first read, so no change made in between is missed.
  const unsubscribe = await changeFeed.subscribe(
    QUEUE_CHANNEL,
    (professionalUserId) => {
      if (professionalUserId === professional.userId) push();
    },
    { onResume: push },
  );
  const refresh = setInterval(push, REFRESH_MS);
  refresh.unref();
  stream.onClose(() => {
    clearInterval(refresh);
    unsubscribe();
  });
  push();
}
