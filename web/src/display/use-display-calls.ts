import { useEffect, useReducer } from 'react';
import type { Announcer } from './announce';
import { openDisplayStream, type ReceivedCall, type StreamStatus } from './display-stream';

/** The call shown large and the last calls under it: all the screen keeps, for days on end. */
export const KEPT_CALLS = 6;

interface DisplayState {
  /** Newest first, at most KEPT_CALLS. */
  calls: ReceivedCall[];
  status: StreamStatus;
  /** Whether the day's calls so far have arrived (until then the board is loading). */
  loaded: boolean;
}

type Action =
  | { type: 'call'; call: ReceivedCall }
  | { type: 'status'; status: StreamStatus }
  | { type: 'caught-up' };

function reduce(state: DisplayState, action: Action): DisplayState {
  switch (action.type) {
    case 'call': {
      if (state.calls.some((call) => call.id === action.call.id)) return state;
      const calls = [...state.calls, action.call].sort((a, b) => b.id - a.id);
      return { ...state, calls: calls.slice(0, KEPT_CALLS) };
    }
    case 'status':
      return { ...state, status: action.status };
    case 'caught-up':
      return state.loaded ? state : { ...state, loaded: true };
  }
}

/** The screen's calls and connection, announcing each new call through `announcer`. */
export function useDisplayCalls(token: string, announcer: Announcer): DisplayState {
  const [state, dispatch] = useReducer(reduce, { calls: [], status: 'connecting', loaded: false });
  useEffect(
    () =>
      openDisplayStream(token, {
        onCall: (call) => dispatch({ type: 'call', call }),
        onAnnounce: (call) => announcer.announce(call),
        onCaughtUp: () => dispatch({ type: 'caught-up' }),
        onStatus: (status) => dispatch({ type: 'status', status }),
      }),
    [token, announcer],
  );
  return state;
}
