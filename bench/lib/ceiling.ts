import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { superviseChild } from './child.js';
import type { BenchDatabase } from './server.js';

const SCRIPT = fileURLToPath(new URL('./bare-fastify.ts', import.meta.url));

export interface CeilingProcess {
  baseUrl: string;
  pid: number;
}

/**
 * The bare Fastify route (bench/lib/bare-fastify.ts) in a process of its own, as the app runs:
 * what the machine, Node and Fastify manage with nothing of the app in the way. Measured in
 * every run beside the app, so that its figures can be read as shares of this ceiling.
 */
export async function startCeiling(bench: BenchDatabase): Promise<CeilingProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the ceiling's process exited (${code})`)));
  });
  const { stop } = superviseChild(child, 'The ceiling');
  bench.onClose(stop);
  return { baseUrl, pid: child.pid! };
}
