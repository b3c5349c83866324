import { queryOptions } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/**
 * Today's board. The live stream writes its events under the same key, so this read is the
 * first paint and the fallback while the stream is down; `['board']` is what a change at the
 * desk invalidates.
 */
export const boardQuery = queryOptions({
  queryKey: ['board', 'today'],
  queryFn: () => call(api.GET('/api/v1/board', {})),
});
