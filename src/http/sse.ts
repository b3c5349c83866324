import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { urlPath } from './problem.js';

/**
 * Server-Sent Events for Fastify routes, by hand: the reply is hijacked and written to directly.
 * The app keeps every open stream so that closing the app ends them first; otherwise the HTTP
 * server would wait forever for these never-ending responses, and so would `app.close()`.
 */

export interface EventStreamOptions {
  /** How often a `: ping` comment keeps proxies and the client from dropping an idle stream. */
  heartbeatMs?: number;
  /** How long a browser's EventSource waits before reconnecting (`retry:`). */
  retryMs?: number;
  /** Unsent bytes past which a client counts as gone (it stopped reading). */
  maxBufferedBytes?: number;
}

export interface ServerSentEvent {
  event?: string;
  id?: string | number;
  /** Sent as JSON. */
  data: unknown;
}

export interface EventStream {
  /**
   * Where a reconnecting client left off: `Last-Event-ID`, or `?lastEventId=` for clients that
   * cannot set headers.
   */
  readonly lastEventId: string | undefined;
  readonly closed: boolean;
  /** Writes one event; false (and nothing written) once the stream is closed. */
  send(event: ServerSentEvent): boolean;
  /** Runs on close, whoever closes (client, route, app); at once when already closed. */
  onClose(cleanup: () => unknown): void;
  close(): void;
}

export interface EventStreams {
  /** Opens a stream on the reply: answer errors (401, 404…) before calling this. */
  open(request: FastifyRequest, reply: FastifyReply, options?: EventStreamOptions): EventStream;
  /** How many streams are open. */
  readonly size: number;
}

/** Query field for `lastEventId`, to spread into a route's (strict) querystring schema. */
export const LastEventIdQuery = {
  lastEventId: Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        'The id of the last event received, for clients that cannot set `Last-Event-ID`.',
    }),
  ),
};

const DEFAULTS: Required<EventStreamOptions> = {
  heartbeatMs: 15_000,
  retryMs: 3_000,
  maxBufferedBytes: 1024 * 1024,
};

/** The app's event streams; registers the hook that ends them when the app closes. */
export function registerEventStreams(
  app: FastifyInstance,
  defaults: EventStreamOptions = {},
): EventStreams {
  const open = new Set<EventStream>();
  let closing = false;
  // preClose runs before the HTTP server waits for in-flight responses; onClose would be too late.
  app.addHook('preClose', async () => {
    closing = true;
    for (const stream of open) stream.close();
  });
  return {
    get size() {
      return open.size;
    },
    open(request, reply, options = {}) {
      const stream = openStream(request, reply, { ...DEFAULTS, ...defaults, ...options });
      // A request that was still being answered when the app began closing ends at once.
      if (closing) stream.close();
      if (!stream.closed) {
        open.add(stream);
        stream.onClose(() => open.delete(stream));
      }
      return stream;
    },
  };
}

function openStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: Required<EventStreamOptions>,
): EventStream {
  reply.hijack();
  const res = reply.raw;
  // Headers set by hooks through `reply.header()` (the request id, the security headers) would
  // be lost on hijack.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) res.setHeader(name, value);
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no', // nginx: pass each event on instead of buffering
    connection: 'keep-alive',
  });
  const cleanups: (() => unknown)[] = [];
  const openedAt = performance.now();
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    if (!res.writableEnded) res.end();
    // Hijacked replies skip the request log (onResponse): this is their line. No query: tokens.
    request.log.info(
      { path: urlPath(request), ms: Math.round(performance.now() - openedAt) },
      'event stream closed',
    );
    for (const cleanup of cleanups.splice(0)) runCleanup(cleanup);
  };
  const runCleanup = (cleanup: () => unknown) => {
    Promise.resolve()
      .then(cleanup)
      .catch((err: unknown) => request.log.error({ err }, 'event stream cleanup failed'));
  };
  const write = (text: string) => {
    if (closed) return false;
    res.write(text);
    if (res.writableLength > options.maxBufferedBytes) {
      request.log.warn('event stream client stopped reading; closing');
      close();
    }
    return true;
  };

  const heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs);
  heartbeat.unref();
  res.on('close', close); // the client went away, or the response ended
  res.on('error', close); // a write to a connection that just broke
  if (request.method === 'HEAD' || res.destroyed) close();
  else write(`retry: ${options.retryMs}\n\n`);

  return {
    lastEventId: lastEventIdOf(request),
    get closed() {
      return closed;
    },
    send({ event, id, data }) {
      let text = '';
      if (event !== undefined) text += `event: ${singleLine(event)}\n`;
      if (id !== undefined) text += `id: ${singleLine(String(id))}\n`;
      // JSON has no raw line breaks, but a `data:` line per line keeps any value intact.
      for (const line of (JSON.stringify(data) ?? 'null').split(/\r\n|\r|\n/)) {
        text += `data: ${line}\n`;
      }
      return write(`${text}\n`);
    },
    onClose(cleanup) {
      if (closed) runCleanup(cleanup);
      else cleanups.push(cleanup);
    },
    close,
  };
}

function lastEventIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers['last-event-id'];
  if (typeof header === 'string' && header !== '') return header;
  const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
  return typeof query === 'string' && query !== '' ? query : undefined;
}

/** Event names and ids end at a line break in the protocol: one inside them is a bug. */
function singleLine(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error(`An SSE field cannot hold a line break: ${value}`);
  return value;
}
