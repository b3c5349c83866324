import { performance } from 'node:perf_hooks';

/** One Server-Sent Event as received, with when it arrived (`performance.now()`). */
export interface ReceivedEvent {
  event: string;
  id: string | undefined;
  data: string;
  receivedAt: number;
}

export interface EventStreamReader {
  /** Every event received so far, in order. */
  readonly events: ReceivedEvent[];
  /** Set when the stream could not be opened (non-200) or broke before `close()`. */
  readonly error: string | undefined;
  /** Resolves when an event satisfying `predicate` has arrived (or rejects after `timeoutMs`). */
  waitFor(predicate: (event: ReceivedEvent) => boolean, timeoutMs: number): Promise<ReceivedEvent>;
  close(): void;
}

/**
 * Opens an event stream with fetch and parses it line by line as the SSE specification says
 * (`event:`, `data:` lines joined by line breaks, `id:`, comments starting with `:`, an event
 * dispatched at the blank line). Resolves once the response headers are in: with `error` set
 * and no events when the answer is not a 200 `text/event-stream`.
 */
export async function openEventStream(
  url: string,
  headers: Record<string, string>,
): Promise<EventStreamReader> {
  const controller = new AbortController();
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  let error: string | undefined;
  let closed = false;
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const reader: EventStreamReader = {
    events,
    get error() {
      return error;
    },
    waitFor(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (found) {
            finish();
            resolve(found);
          } else if (error !== undefined || closed) {
            finish();
            reject(new Error(error ?? 'the stream is closed'));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no such event within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      closed = true;
      controller.abort();
      notify();
    },
  };

  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    });
  } catch (cause) {
    error = `could not connect: ${String(cause)}`;
    return reader;
  }
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/event-stream') || !response.body) {
    const body = await response.text().catch(() => '');
    error = `HTTP ${response.status} (${type || 'no content type'}): ${body.slice(0, 300)}`;
    return reader;
  }

  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = '';
    let id: string | undefined;
    let data: string[] = [];
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        const receivedAt = performance.now();
        buffer += decoder.decode(chunk, { stream: true });
        let lineEnd: number;
        while ((lineEnd = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, lineEnd);
          buffer = buffer.slice(lineEnd + (buffer.startsWith('\r\n', lineEnd) ? 2 : 1));
          if (line === '') {
            if (data.length) {
              events.push({ event: event || 'message', id, data: data.join('\n'), receivedAt });
            }
            event = '';
            data = [];
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value = colon < 0 ? '' : line.slice(colon + 1);
          if (value.startsWith(' ')) value = value.slice(1);
          if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id') id = value;
        }
        notify();
      }
      if (!closed) error = 'the server ended the stream';
    } catch (cause) {
      if (!closed) error = `the stream broke: ${String(cause)}`;
    }
    notify();
  })();
  return reader;
}
