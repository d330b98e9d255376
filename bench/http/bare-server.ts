import Fastify from 'fastify';
import { announce, portOf, stopOnSignal } from '../lib/server-child.ts';
import type { ReadyMessage } from './protocol.ts';

/** The framework's own limit: Fastify answering a constant JSON body, no plugins, no logging. */
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

await app.listen({ host: '127.0.0.1', port: 0 });
stopOnSignal(() => app.close());
announce({ url: `http://127.0.0.1:${String(portOf(app.server.address()))}/` } satisfies ReadyMessage);
