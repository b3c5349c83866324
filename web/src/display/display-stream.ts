import { openLiveStream, type StreamStatus, type StreamTiming } from '../api/live-stream';
import type { paths } from '../api/schema';

export type { StreamStatus, StreamTiming } from '../api/live-stream';

const EVENTS_PATH = '/api/v1/display/events';

/** What the screen gets of a call: ticket, room and professional, never the patient. */
export type DisplayCall =
  paths['/api/v1/display/events']['get']['responses'][200]['content']['text/event-stream'];

/** A call with its place in the day's history (the event's id). */
export interface ReceivedCall extends DisplayCall {
  id: number;
}

export interface StreamHandlers {
  /** Every call received, old or new, to show. */
  onCall(call: ReceivedCall): void;
  /** A call to chime and say aloud: made while the screen was watching (or just missed). */
  onAnnounce(call: ReceivedCall): void;
  /** The calls made before this connection are all in: what the screen shows is current. */
  onCaughtUp(): void;
  onStatus(status: StreamStatus): void;
}

const TIMING: StreamTiming = { firstRetryMs: 1000, maxRetryMs: 30_000, quietRecycleMs: 5 * 60_000 };

/**
 * The screen's live stream of calls, for days on end (see openLiveStream): a connection that
 * hears nothing for `quietRecycleMs` is replaced, and the stream stops for good when the token
 * is refused (a connection that fails to open is probed with `fetch` to read its status).
 * Returns the function that stops everything.
 */
export function openDisplayStream(
  token: string,
  handlers: StreamHandlers,
  timing: StreamTiming = TIMING,
): () => void {
  /** Whether a connection ever caught up: later backlogs are calls this screen missed. */
  let everCaughtUp = false;
  let caughtUp = false;
  let missed: ReceivedCall | undefined;

  const urlOf = (query: Record<string, string>) =>
    `${EVENTS_PATH}?${new URLSearchParams({ token, ...query }).toString()}`;

  handlers.onStatus('connecting');
  return openLiveStream({
    url: (lastEventId) => urlOf({ caughtUp: 'true', ...(lastEventId ? { lastEventId } : {}) }),
    onConnect: () => {
      caughtUp = false;
      missed = undefined;
    },
    events: {
      called: (event) => {
        const call = parseCall(event);
        if (!call) return false;
        handlers.onCall(call);
        if (caughtUp) handlers.onAnnounce(call);
        else if (everCaughtUp) missed = call;
      },
      'caught-up': () => {
        caughtUp = everCaughtUp = true;
        // Of the calls made while this screen was away, only the latest is still worth saying.
        if (missed) handlers.onAnnounce(missed);
        missed = undefined;
        handlers.onCaughtUp();
      },
    },
    // Only a stream that works counts as a success: one that opens and drops at once (a server
    // failing on every request) keeps backing off.
    workingOn: 'caught-up',
    isRefused: async (signal) => {
      const response = await fetch(urlOf({}), {
        headers: { accept: 'text/event-stream' },
        signal,
        cache: 'no-store',
      });
      return isRefusal(response.status);
    },
    dropWhenOffline: true,
    onStatus: (status) => handlers.onStatus(status),
    timing,
  });
}

/** The token is wrong, revoked or malformed: retrying cannot help. */
function isRefusal(status: number): boolean {
  return status === 400 || status === 401 || status === 403;
}

function parseCall(event: MessageEvent): ReceivedCall | undefined {
  const id = Number(event.lastEventId);
  if (!Number.isSafeInteger(id)) return undefined;
  try {
    const data = JSON.parse(String(event.data)) as DisplayCall;
    return typeof data.ticket === 'string' ? { ...data, id } : undefined;
  } catch {
    return undefined;
  }
}
