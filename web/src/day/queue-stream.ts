import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queueQuery, type QueueSnapshot } from './day-queries';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
/** While the stream is down, the queue is read this often instead. */
const FALLBACK_POLL_MS = 20_000;

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * A professional's queue, kept current by its event stream (a snapshot on every change). When
 * the stream drops it is reopened with a growing, capped wait (EventSource's own retry never
 * grows), resuming with the last event's id, and meanwhile the queue is polled. Each snapshot
 * also refreshes the day's list, whose states the queue's changes move.
 */
export function useLiveQueue(councilNumber: string) {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const options = queueQuery(councilNumber);
  const query = useQuery({
    ...options,
    refetchInterval: status === 'live' ? false : FALLBACK_POLL_MS,
  });

  useEffect(() => {
    const path = `/api/v1/queue/${encodeURIComponent(councilNumber)}/events`;
    const key = queueQuery(councilNumber).queryKey;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | undefined;
    let failures = 0;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      const url = lastEventId ? `${path}?${new URLSearchParams({ lastEventId })}` : path;
      const es = new EventSource(url, { withCredentials: true });
      source = es;
      es.onopen = () => {
        failures = 0;
        setStatus('live');
      };
      es.addEventListener('queue', (event) => {
        try {
          client.setQueryData(key, JSON.parse(String(event.data)) as QueueSnapshot);
          lastEventId = event.lastEventId || lastEventId;
          void client.invalidateQueries({ queryKey: ['appointments'] });
        } catch {
          // A malformed event: the next one (or the poll) brings the queue.
        }
      });
      es.onerror = () => {
        if (source !== es) return;
        es.close();
        source = undefined;
        setStatus('reconnecting');
        void client.invalidateQueries({ queryKey: key });
        failures++;
        const wait = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (failures - 1));
        timer = setTimeout(connect, wait * (0.8 + Math.random() * 0.4));
      };
    };

    const online = () => {
      if (source || stopped) return;
      clearTimeout(timer);
      failures = 0;
      connect();
    };
    window.addEventListener('online', online);
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      window.removeEventListener('online', online);
    };
  }, [client, councilNumber]);

  return { query, status };
}
