/** A Server-Sent Event as a client sees it (`event` is `message` when the server names none). */
export interface ReceivedEvent {
  event: string;
  id: string | undefined;
  /** The raw data lines, joined by line breaks. */
  data: string;
}

export interface EventStreamClient {
  status: number;
  headers: Headers;
  /** The next event; rejects after `timeoutMs` or when the stream ends first. */
  next(timeoutMs?: number): Promise<ReceivedEvent>;
  /** The `data` of the next event, parsed as JSON. */
  nextData<T = unknown>(timeoutMs?: number): Promise<T>;
  /** Resolves when the server ends the stream; rejects after `timeoutMs`. */
  ended(timeoutMs?: number): Promise<void>;
  /** Comment lines received so far (`ping` for `: ping`). */
  comments: string[];
  /** The `retry:` the server asked for, once received. */
  retry: number | undefined;
  /** Everything received so far, as text. */
  text(): string;
  close(): void;
}

/**
 * Opens an event stream with `fetch` and parses it as a browser's EventSource would (fields,
 * comments, multi-line data, blank-line dispatch). A non-200 answer is returned with no events.
 */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const queue: ReceivedEvent[] = [];
  const comments: string[] = [];
  let raw = '';
  let buffer = '';
  let finished = false;
  let retry: number | undefined;
  let wake = () => {};
  let current = { event: '', id: undefined as string | undefined, data: [] as string[] };

  const parseLine = (line: string) => {
    if (line === '') {
      if (current.data.length) {
        queue.push({
          event: current.event || 'message',
          id: current.id,
          data: current.data.join('\n'),
        });
      }
      current = { event: '', id: current.id, data: [] };
      return;
    }
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trim());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') current.data.push(value);
    else if (field === 'event') current.event = value;
    else if (field === 'id') current.id = value;
    else if (field === 'retry') retry = Number(value);
  };

  const pump = async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        const text = decoder.decode(chunk as Uint8Array, { stream: true });
        raw += text;
        buffer += text;
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop()!;
        lines.forEach(parseLine);
        wake();
      }
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      wake();
    }
  };
  if (response.status === 200) void pump();
  else finished = true;

  /** Waits until `ready()` holds, the stream ends, or the time is up. */
  const until = async (ready: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (finished) throw new Error(`the stream ended before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  const client: EventStreamClient = {
    status: response.status,
    headers: response.headers,
    async next(timeoutMs = 2000) {
      await until(() => queue.length > 0, timeoutMs, 'event');
      return queue.shift()!;
    },
    async nextData<T>(timeoutMs?: number) {
      return JSON.parse((await client.next(timeoutMs)).data) as T;
    },
    async ended(timeoutMs = 2000) {
      await until(() => finished, timeoutMs, 'end');
    },
    comments,
    get retry() {
      return retry;
    },
    text: () => raw,
    close() {
      abort.abort();
    },
  };
  return client;
}
