/**
 * The machine's ceiling for the benches: a bare Fastify route (no hooks, no plugins, no
 * database) in a process of its own, started by bench/lib/ceiling.ts. It answers what
 * `/health` answers when all is well, so both pay for the same bytes.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/ceiling', () => ({ status: 'ok' }));
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`listening ${address}\n`);
