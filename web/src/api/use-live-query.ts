import {
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseQueryOptions,
} from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { openLiveStream, type StreamStatus } from './live-stream';

/** While the stream is down, the query is read this often instead. */
const FALLBACK_POLL_MS = 20_000;

export type LiveStatus = Exclude<StreamStatus, 'unauthorised'>;

export interface LiveQuery<Data, Key extends QueryKey> {
  /** The read that is the first paint, and the fallback while the stream is down. */
  query: UseQueryOptions<Data, Error, Data, Key> & { queryKey: Key };
  /** The event stream, whose `event` carries the query's whole data each time. */
  path: string;
  event: string;
  withCredentials?: boolean;
  /** After each snapshot: what else its change moves. */
  onSnapshot?(): void;
}

/**
 * A query kept current by an event stream (see openLiveStream): the stream's snapshots replace
 * the query's data, and while the stream is down the query is polled. `live` is used as an
 * effect's dependency: a constant, or memoised.
 */
export function useLiveQuery<Data, Key extends QueryKey>(live: LiveQuery<Data, Key>) {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const query = useQuery({
    ...live.query,
    refetchInterval: status === 'live' ? false : FALLBACK_POLL_MS,
  });

  useEffect(() => {
    const { queryKey } = live.query;
    return openLiveStream({
      url: (lastEventId) =>
        lastEventId ? `${live.path}?${new URLSearchParams({ lastEventId }).toString()}` : live.path,
      withCredentials: live.withCredentials,
      events: {
        [live.event]: (event) => {
          let data: Data;
          try {
            data = JSON.parse(String(event.data)) as Data;
          } catch {
            // A malformed event: the next one (or the poll) brings the data.
            return false;
          }
          client.setQueryData<Data>(queryKey, data);
          live.onSnapshot?.();
        },
      },
      onStatus: (next) => {
        if (next !== 'unauthorised') setStatus(next);
      },
      // What changed while the stream was down comes with the snapshot.
      onDrop: () => void client.invalidateQueries({ queryKey }),
    });
  }, [client, live]);

  return { query, status };
}
