import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { boardQuery } from './board-queries';
import type { Board } from './board-types';

const EVENTS_PATH = '/api/v1/board/events';
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
/** While the stream is down, the board is read this often instead. */
const FALLBACK_POLL_MS = 20_000;

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * Today's board, kept current by the one event stream for all professionals (a browser holds
 * only six connections per host). The stream's events replace the query's data; when the
 * stream drops, it is reopened with a growing, capped wait (EventSource's own retry never
 * grows), resuming with the last event's id, and meanwhile the board is polled.
 */
export function useLiveBoard() {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const query = useQuery({
    ...boardQuery,
    refetchInterval: status === 'live' ? false : FALLBACK_POLL_MS,
  });

  useEffect(() => {
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | undefined;
    let failures = 0;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      const url = lastEventId
        ? `${EVENTS_PATH}?${new URLSearchParams({ lastEventId }).toString()}`
        : EVENTS_PATH;
      const es = new EventSource(url);
      source = es;
      es.onopen = () => {
        failures = 0;
        setStatus('live');
      };
      es.addEventListener('board', (event) => {
        try {
          client.setQueryData(boardQuery.queryKey, JSON.parse(String(event.data)) as Board);
          lastEventId = event.lastEventId || lastEventId;
        } catch {
          // A malformed event: the next one (or the poll) brings the board.
        }
      });
      es.onerror = () => {
        if (source !== es) return;
        es.close();
        source = undefined;
        setStatus('reconnecting');
        // What changed while the stream was down comes with the snapshot.
        void client.invalidateQueries({ queryKey: boardQuery.queryKey });
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
  }, [client]);

  return { query, status };
}
