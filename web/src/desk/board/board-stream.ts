import { useLiveQuery } from '../../api/use-live-query';
import { boardQuery } from './board-queries';

export type { LiveStatus } from '../../api/use-live-query';

const liveBoard = { query: boardQuery, path: '/api/v1/board/events', event: 'board' };

/**
 * Today's board, kept current by the one event stream for all professionals (a browser holds
 * only six connections per host): each event is the whole board.
 */
export function useLiveBoard() {
  return useLiveQuery(liveBoard);
}
