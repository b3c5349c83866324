import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ProviderAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer only after this long (to test timeouts). */
  delayMs?: number;
}

/**
 * A local HTTP server standing in for a provider: it records each request whole and answers
 * with the next queued answer (or `fallback`).
 */
export class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  private readonly answers: ProviderAnswer[] = [];
  private readonly server: http.Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  url = '';

  constructor(private readonly fallback: ProviderAnswer) {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const answer = this.answers.shift() ?? this.fallback;
        const reply = () => {
          if (response.destroyed) return;
          const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
          response.writeHead(answer.status, {
            'content-type': 'application/json; charset=utf-8',
            ...answer.headers,
          });
          response.end(body);
        };
        if (!answer.delayMs) return reply();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          reply();
        }, answer.delayMs);
        this.timers.add(timer);
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  answerNext(...answers: ProviderAnswer[]): void {
    this.answers.push(...answers);
  }

  lastRequest(): RecordedRequest {
    const last = this.requests.at(-1);
    if (!last) throw new Error('no request was made');
    return last;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
