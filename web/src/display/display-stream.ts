import type { paths } from '../api/schema';

const EVENTS_PATH = '/api/v1/display/events';

/** What the screen gets of a call: ticket, room and professional, never the patient. */
export type DisplayCall =
  paths['/api/v1/display/events']['get']['responses'][200]['content']['text/event-stream'];

/** A call with its place in the day's history (the event's id). */
export interface ReceivedCall extends DisplayCall {
  id: number;
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorised';

export interface StreamHandlers {
  /** Every call received, old or new, to show. */
  onCall(call: ReceivedCall): void;
  /** A call to chime and say aloud: made while the screen was watching (or just missed). */
  onAnnounce(call: ReceivedCall): void;
  /** The calls made before this connection are all in: what the screen shows is current. */
  onCaughtUp(): void;
  onStatus(status: StreamStatus): void;
}

export interface StreamTiming {
  /** The first wait before reconnecting; it doubles after each failure… */
  firstRetryMs: number;
  /** …up to this. */
  maxRetryMs: number;
  /**
   * A connection that hears nothing for this long is replaced (resuming where it was): a
   * half-dead connection (a Wi-Fi that dropped silently) would otherwise wait for days.
   */
  quietRecycleMs: number;
}

const TIMING: StreamTiming = { firstRetryMs: 1000, maxRetryMs: 30_000, quietRecycleMs: 5 * 60_000 };

/**
 * The screen's live stream of calls, for days on end: an EventSource that this module
 * reconnects itself (with a growing, capped wait, resuming after the last call received), and
 * that stops for good when the token is refused. EventSource cannot tell a refused token from a
 * lost network, so a connection that fails to open is probed with `fetch` to read its status.
 * Returns the function that stops everything (no timer or listener is left behind).
 */
export function openDisplayStream(
  token: string,
  handlers: StreamHandlers,
  timing: StreamTiming = TIMING,
): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let probe: AbortController | undefined;
  let lastEventId: number | undefined;
  let failures = 0;
  let stopped = false;
  /** Whether a connection ever caught up: later backlogs are calls this screen missed. */
  let everCaughtUp = false;

  const status = (value: StreamStatus) => {
    if (!stopped) handlers.onStatus(value);
  };

  const urlOf = (query: Record<string, string>) =>
    `${EVENTS_PATH}?${new URLSearchParams({ token, ...query }).toString()}`;

  const clearTimers = () => {
    clearTimeout(timer);
    clearTimeout(quiet);
    timer = quiet = undefined;
  };

  const closeSource = () => {
    source?.close();
    source = undefined;
  };

  const watchQuiet = () => {
    clearTimeout(quiet);
    quiet = setTimeout(() => {
      // Resumes after the last call: nothing is lost or repeated.
      closeSource();
      connect();
    }, timing.quietRecycleMs);
  };

  const connect = () => {
    if (stopped) return;
    clearTimers();
    closeSource();
    probe?.abort();
    probe = undefined;
    const query: Record<string, string> = { caughtUp: 'true' };
    if (lastEventId !== undefined) query.lastEventId = String(lastEventId);
    const es = new EventSource(urlOf(query));
    source = es;
    let opened = false;
    let caughtUp = false;
    let missed: ReceivedCall | undefined;

    es.onopen = () => {
      opened = true;
      status('live');
      watchQuiet();
    };
    es.addEventListener('called', (event) => {
      const call = parseCall(event);
      if (!call) return;
      watchQuiet();
      lastEventId = call.id;
      handlers.onCall(call);
      if (caughtUp) handlers.onAnnounce(call);
      else if (everCaughtUp) missed = call;
    });
    es.addEventListener('caught-up', () => {
      caughtUp = everCaughtUp = true;
      // Only a stream that works counts as a success: one that opens and drops at once (a
      // server failing on every request) keeps backing off.
      failures = 0;
      // Of the calls made while this screen was away, only the latest is still worth saying.
      if (missed) handlers.onAnnounce(missed);
      missed = undefined;
      handlers.onCaughtUp();
    });
    es.onerror = () => {
      if (source !== es) return;
      closeSource();
      clearTimers();
      status('reconnecting');
      // A stream that was open ended (the server restarted, the token was revoked, the network
      // dropped): try again soon. One that never opened: find out why before waiting longer.
      if (opened) retryLater();
      else void probeThenRetry();
    };
  };

  /** 1 s, 2 s, 4 s… up to the cap, with a little jitter so a clinic's screens spread out. */
  const retryLater = () => {
    const wait = Math.min(timing.maxRetryMs, timing.firstRetryMs * 2 ** failures);
    failures++;
    clearTimers();
    timer = setTimeout(connect, wait * (0.8 + Math.random() * 0.4));
  };

  const probeThenRetry = async () => {
    probe?.abort();
    const controller = new AbortController();
    probe = controller;
    let refused = false;
    try {
      const response = await fetch(urlOf({}), {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      refused = isRefusal(response.status);
    } catch {
      // The network or the server is down: wait and try again.
    } finally {
      // An accepted probe opened a stream of its own: end it.
      controller.abort();
    }
    // Aborted by a newer probe or connection: that one decides.
    if (probe !== controller) return;
    probe = undefined;
    if (stopped) return;
    if (refused) {
      stopped = true;
      clearTimers();
      handlers.onStatus('unauthorised');
      return;
    }
    retryLater();
  };

  // The browser knows first when the network goes or comes back.
  const offline = () => {
    if (source) source.dispatchEvent(new Event('error'));
  };
  const online = () => {
    if (source || stopped) return;
    failures = 0;
    connect();
  };
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);

  status('connecting');
  connect();

  return () => {
    stopped = true;
    clearTimers();
    closeSource();
    probe?.abort();
    window.removeEventListener('offline', offline);
    window.removeEventListener('online', online);
  };
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
