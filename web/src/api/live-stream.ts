export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorised';

export interface StreamTiming {
  /** The first wait before reconnecting; it doubles after each failure… */
  firstRetryMs: number;
  /** …up to this. */
  maxRetryMs: number;
  /**
   * A connection that hears nothing for this long is replaced (resuming where it was): a
   * half-dead connection (a Wi-Fi that dropped silently) would otherwise wait for days.
   * Without it, a connection is kept as long as the browser says it is open.
   */
  quietRecycleMs?: number;
}

export interface LiveStreamOptions {
  /** The stream's address, resuming after the last event received when there is one. */
  url(lastEventId: string | undefined): string;
  withCredentials?: boolean;
  /**
   * The events listened to, by name. A handler that returns `false` refused the event
   * (malformed): the stream does not resume after it.
   */
  events: Record<string, (event: MessageEvent) => boolean | void>;
  onStatus(status: StreamStatus): void;
  /** Each time a new connection starts: what a handler counts per connection starts over. */
  onConnect?(): void;
  /** The stream dropped, before the wait to reconnect: what it would have said is read now. */
  onDrop?(): void;
  /**
   * The event that shows a connection works, ending the back-off. By default its opening; a
   * server that fails on every request may open and drop at once, which this can tell apart.
   */
  workingOn?: string;
  /**
   * Asked when a connection fails to open (EventSource cannot tell a refused request from a
   * lost network): whether the server refuses it for good. Then the stream stops, `unauthorised`.
   */
  isRefused?: (signal: AbortSignal) => Promise<boolean>;
  /** Whether the browser's going offline drops the connection at once. */
  dropWhenOffline?: boolean;
  timing?: StreamTiming;
}

const TIMING: StreamTiming = { firstRetryMs: 1000, maxRetryMs: 30_000 };

/**
 * An EventSource that this module reconnects itself, with a growing, capped wait (its own retry
 * never grows), resuming after the last event received, and again at once when the browser is
 * back online. Returns the function that stops everything (no timer or listener is left behind).
 */
export function openLiveStream(options: LiveStreamOptions): () => void {
  const timing = options.timing ?? TIMING;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let probe: AbortController | undefined;
  let lastEventId: string | undefined;
  let failures = 0;
  let stopped = false;

  const status = (value: StreamStatus) => {
    if (!stopped) options.onStatus(value);
  };

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
    if (timing.quietRecycleMs === undefined) return;
    clearTimeout(quiet);
    quiet = setTimeout(() => {
      // Resumes after the last event: nothing is lost or repeated.
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
    options.onConnect?.();
    const es = new EventSource(options.url(lastEventId), {
      withCredentials: options.withCredentials ?? false,
    });
    source = es;
    let opened = false;

    es.onopen = () => {
      opened = true;
      if (options.workingOn === undefined) failures = 0;
      status('live');
      watchQuiet();
    };
    for (const [name, handle] of Object.entries(options.events)) {
      es.addEventListener(name, (event) => {
        if (handle(event) === false) return;
        lastEventId = event.lastEventId || lastEventId;
        if (name === options.workingOn) failures = 0;
        watchQuiet();
      });
    }
    es.onerror = () => {
      if (source !== es) return;
      closeSource();
      clearTimers();
      status('reconnecting');
      options.onDrop?.();
      // A stream that was open ended (the server restarted, the network dropped): try again
      // soon. One that never opened may be refused: find out why before waiting longer.
      if (opened || !options.isRefused) retryLater();
      else void probeThenRetry(options.isRefused);
    };
  };

  /** 1 s, 2 s, 4 s… up to the cap, with a little jitter so a clinic's browsers spread out. */
  const retryLater = () => {
    const wait = Math.min(timing.maxRetryMs, timing.firstRetryMs * 2 ** failures);
    failures++;
    clearTimers();
    timer = setTimeout(connect, wait * (0.8 + Math.random() * 0.4));
  };

  const probeThenRetry = async (isRefused: (signal: AbortSignal) => Promise<boolean>) => {
    probe?.abort();
    const controller = new AbortController();
    probe = controller;
    let refused = false;
    try {
      refused = await isRefused(controller.signal);
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
      status('unauthorised');
      stopped = true;
      clearTimers();
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
  if (options.dropWhenOffline) window.addEventListener('offline', offline);
  window.addEventListener('online', online);

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
