import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLiveQuery } from '../api/use-live-query';
import { queueQuery } from './day-queries';

export type { LiveStatus } from '../api/use-live-query';

/**
 * A professional's queue, kept current by its event stream (a snapshot on every change). Each
 * snapshot also refreshes the day's list, whose states the queue's changes move.
 */
export function useLiveQueue(councilNumber: string) {
  const client = useQueryClient();
  const live = useMemo(
    () => ({
      query: queueQuery(councilNumber),
      path: `/api/v1/queue/${encodeURIComponent(councilNumber)}/events`,
      event: 'queue',
      withCredentials: true,
      onSnapshot: () => void client.invalidateQueries({ queryKey: ['appointments'] }),
    }),
    [client, councilNumber],
  );
  return useLiveQuery(live);
}
