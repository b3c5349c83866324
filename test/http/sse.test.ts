import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRequestLog } from '../../src/http/request-log.js';
import { registerEventStreams, type EventStream, type EventStreams } from '../../src/http/sse.js';
import { openEventStream } from '../helpers/sse.js';

/** A bare app with one stream route; each test drives the stream it opened. */
async function streamingApp(heartbeatMs = 60_000) {
  // The real app keeps a caller's request id the same way (app.ts).
  const app = Fastify({
    genReqId: (request) => String(request.headers['x-request-id'] ?? 'generated'),
  });
  registerRequestLog(app); // sets x-request-id, which the stream must keep
  const streams: EventStreams = registerEventStreams(app, { heartbeatMs, retryMs: 1500 });
  const opened: EventStream[] = [];
  const cleanups: string[] = [];
  app.get('/events', async (request, reply) => {
    const stream = streams.open(request, reply);
    stream.onClose(() => cleanups.push('closed'));
    opened.push(stream);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/events`;
  return { app, streams, opened, cleanups, url };
}

async function waitFor(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('event streams', () => {
  it('answer with the SSE headers and the retry interval, keeping the request id', async () => {
    const server = await streamingApp();
    app = server.app;
    const client = await openEventStream(server.url, { 'x-request-id': 'screen-42' });
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(client.headers.get('x-accel-buffering')).toBe('no');
    expect(client.headers.get('x-request-id')).toBe('screen-42');
    await waitFor(() => client.retry !== undefined);
    expect(client.retry).toBe(1500);
    client.close();
  });

  it('send named events with ids and JSON data, line breaks included', async () => {
    const server = await streamingApp();
    app = server.app;
    const client = await openEventStream(server.url);
    await waitFor(() => server.opened.length === 1);
    const stream = server.opened[0]!;
    expect(stream.send({ event: 'called', id: 7, data: { note: 'two\nlines\r\nhere' } })).toBe(
      true,
    );
    stream.send({ data: 'plain' });
    const first = await client.next();
    expect(first).toEqual({ event: 'called', id: '7', data: expect.any(String) });
    expect(JSON.parse(first.data)).toEqual({ note: 'two\nlines\r\nhere' });
    expect(await client.next()).toMatchObject({ event: 'message', id: '7', data: '"plain"' });
    expect(() => stream.send({ event: 'bad\nname', data: 1 })).toThrow(/line break/);
    client.close();
  });

  it('give Last-Event-ID, or ?lastEventId= for clients that cannot set headers', async () => {
    const server = await streamingApp();
    app = server.app;
    const byHeader = await openEventStream(server.url, { 'last-event-id': '41' });
    const byQuery = await openEventStream(`${server.url}?lastEventId=42`);
    const fresh = await openEventStream(server.url);
    await waitFor(() => server.opened.length === 3);
    expect(server.opened.map((stream) => stream.lastEventId).sort()).toEqual(
      ['41', '42', undefined].sort(),
    );
    for (const client of [byHeader, byQuery, fresh]) client.close();
  });

  it('send a heartbeat comment every interval', async () => {
    const server = await streamingApp(40);
    app = server.app;
    const client = await openEventStream(server.url);
    await waitFor(() => client.comments.filter((comment) => comment === 'ping').length >= 3);
    expect(client.text()).toContain(': ping\n\n');
    client.close();
  });

  // Closing the app after this takes a few seconds: Node 20's fetch opens a spare connection
  // after an aborted one and leaves it idle until its own keep-alive timeout (4 s).
  it('clean up when the client goes away', async () => {
    const server = await streamingApp(20);
    app = server.app;
    const client = await openEventStream(server.url);
    await waitFor(() => server.streams.size === 1);
    client.close();
    await waitFor(() => server.streams.size === 0);
    expect(server.cleanups).toEqual(['closed']);
    expect(server.opened[0]!.closed).toBe(true);
    expect(server.opened[0]!.send({ data: 'too late' })).toBe(false);
  });

  it('run cleanups added after the stream closed at once', async () => {
    const server = await streamingApp();
    app = server.app;
    const client = await openEventStream(server.url);
    await waitFor(() => server.opened.length === 1);
    const stream = server.opened[0]!;
    stream.close();
    await client.ended();
    let ran = false;
    stream.onClose(() => (ran = true));
    await waitFor(() => ran);
  });

  it('end with the app: app.close() returns promptly with streams open', async () => {
    const server = await streamingApp();
    const clients = await Promise.all([openEventStream(server.url), openEventStream(server.url)]);
    await waitFor(() => server.streams.size === 2);
    const started = Date.now();
    await server.app.close();
    expect(Date.now() - started).toBeLessThan(1000);
    for (const client of clients) await client.ended();
    expect(server.cleanups).toEqual(['closed', 'closed']);
  });
});
