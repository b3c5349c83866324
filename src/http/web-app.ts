import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.js';

/** What the web app's pages never answer: the API, its docs, and the probes. */
const SERVER_PATHS = /^\/(api|docs|health|metrics|openapi\.json)(\/|\?|$)/;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The web app's pages: a path the browser navigates to that no route serves gets `index.html`,
 * whose router shows the page (never the API, the docs or the probes, which keep their 404
 * problem); the few files at the top of the build (the icon) are served as they are. Held in
 * memory: they are small, and read once. Used by the not-found handler (src/http/problem.ts),
 * so it never shadows a route, nor the 414 of an over-long path parameter.
 */
export interface WebPages {
  /** True when it answered the request. */
  serve(request: FastifyRequest, reply: FastifyReply): boolean;
}

export function webPages(root: string): WebPages {
  if (!existsSync(path.join(root, 'index.html'))) {
    // A checkout never built (tests, `tsx src/server.ts`): the API works without the pages.
    return {
      serve(request, reply) {
        if (!isNavigation(request)) return false;
        void sendProblem(request, reply, 503, 'The web app is not built yet: run npm run build.');
        return true;
      },
    };
  }
  const files = new Map(
    readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [`/${entry.name}`, readFileSync(path.join(root, entry.name))]),
  );
  const index = files.get('/index.html')!;
  return {
    serve(request, reply) {
      if (!isNavigation(request)) return false;
      const file = files.get(request.url.split('?')[0]!);
      if (file && request.url !== '/index.html') {
        void reply
          .type(TYPES[path.extname(request.url)] ?? 'application/octet-stream')
          .header('cache-control', 'public, max-age=3600')
          .send(file);
      } else {
        // Always asked again: a new release is seen on the next visit.
        void reply.type(TYPES['.html']!).header('cache-control', 'no-cache').send(index);
      }
      return true;
    },
  };
}

function isNavigation(request: FastifyRequest): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !SERVER_PATHS.test(request.url);
}

/**
 * The web app's scripts and styles at `/assets/`: Vite names each by its content's hash, so a
 * changed file is a new URL and each is cached for a year. Compressed for the browser (brotli or
 * gzip) in this scope only: the API's answers are small and their CPU is counted.
 */
export async function registerWebAssets(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(path.join(root, 'assets'))) return;
  await app.register(async (web) => {
    await web.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
    await web.register(fastifyStatic, { root: path.join(root, 'assets'), serve: false });
    web.get(
      '/assets/*',
      // Files, not API operations: left out of the OpenAPI document.
      { config: { action: 'web.app' }, schema: { hide: true } },
      (request, reply) =>
        reply.sendFile((request.params as { '*': string })['*'], {
          immutable: true,
          maxAge: '365d',
        }),
    );
  });
}
