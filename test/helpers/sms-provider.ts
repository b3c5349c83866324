import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface SmsProvider {
  url: string;
  /** Every request, answered or not. */
  requests: ProviderRequest[];
  /** The requests answered 201: the messages the provider took. */
  accepted: ProviderRequest[];
  /** The status of each next answer, in order; 201 once they run out. */
  script: number[];
  close(): Promise<void>;
}

/** A local HTTP server that takes Twilio's Messages API requests (form-encoded). */
export async function startSmsProvider(): Promise<SmsProvider> {
  const requests: ProviderRequest[] = [];
  const accepted: ProviderRequest[] = [];
  const script: number[] = [];
  let sid = 0;
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const entry: ProviderRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        form: Object.fromEntries(new URLSearchParams(body)),
      };
      requests.push(entry);
      const status = script.shift() ?? 201;
      if (status === 201) accepted.push(entry);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          status === 201
            ? { sid: `SM${String(++sid).padStart(32, '0')}`, status: 'queued' }
            : { code: 20500, message: 'Internal Server Error', status },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    script,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
