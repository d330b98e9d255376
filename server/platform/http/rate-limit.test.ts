import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { backend } from '../../../test/support/backend.ts';
import { createRedisCache, type Cache } from '../cache/index.ts';
import { redisTestNamespace } from '../cache/redis-test-support.ts';
import { registerErrorHandler } from './errors.ts';
import { rateLimitPlugin } from './rate-limit.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`global rate limit (${backend === 'services' ? 'counted in Redis' : 'counted in process'})`, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  let namespace: ReturnType<typeof redisTestNamespace> | undefined;
  const sharedCache = (): Cache | undefined => {
    if (backend !== 'services') return undefined;
    if (!namespace) {
      const created = redisTestNamespace();
      namespace = created;
      cleanups.unshift(async () => {
        await created.cleanup();
        namespace = undefined;
      });
    }
    return createRedisCache(namespace.connect());
  };

  async function limitedApp(max: number, windowSeconds = 60, shared = sharedCache()): Promise<FastifyInstance> {
    const app = Fastify();
    registerErrorHandler(app);
    await app.register(rateLimitPlugin, { max, windowSeconds, shared });
    app.get('/limited', async () => ({ ok: true }));
    app.get('/unlimited', { config: { rateLimit: false } }, async () => ({ ok: true }));
    await app.ready();
    cleanups.push(() => app.close());
    return app;
  }
  const get = (app: FastifyInstance, url: string, remoteAddress: string) => app.inject({ method: 'GET', url, remoteAddress });

  it('counts requests per address with headers, then answers 429 rate_limited with retry-after', async () => {
    const app = await limitedApp(2);
    const first = await get(app, '/limited', '203.0.113.10');
    expect([first.statusCode, first.headers['x-ratelimit-limit'], first.headers['x-ratelimit-remaining']]).toEqual([200, '2', '1']);
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect((await get(app, '/limited', '203.0.113.10')).headers['x-ratelimit-remaining']).toBe('0');
    const refused = await get(app, '/limited', '203.0.113.10');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'rate_limited', message: 'Too many requests; try again later' } });
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(app, '/limited', '203.0.113.11')).statusCode).toBe(200);
  });

  it('leaves out a route whose config opts out', async () => {
    const app = await limitedApp(1);
    for (let i = 0; i < 3; i++) {
      const res = await get(app, '/unlimited', '203.0.113.12');
      expect([res.statusCode, res.headers['x-ratelimit-limit']]).toEqual([200, undefined]);
    }
    expect((await get(app, '/limited', '203.0.113.12')).statusCode).toBe(200);
  });

  it('starts a new window once the last one is over', async () => {
    const app = await limitedApp(1, 1);
    expect((await get(app, '/limited', '203.0.113.13')).statusCode).toBe(200);
    expect((await get(app, '/limited', '203.0.113.13')).statusCode).toBe(429);
    await sleep(1_100);
    expect((await get(app, '/limited', '203.0.113.13')).statusCode).toBe(200);
  });

  const sharing = backend === 'services' ? 'shares the counts between processes through Redis' : 'keeps the counts per process without Redis';
  it(sharing, async () => {
    const [one, two] = [await limitedApp(2), await limitedApp(2)];
    for (let i = 0; i < 2; i++) expect((await get(one, '/limited', '203.0.113.14')).statusCode).toBe(200);
    expect((await get(two, '/limited', '203.0.113.14')).statusCode).toBe(backend === 'services' ? 429 : 200);
  });

  it('forgets the oldest address past its bound in process', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    await app.register(rateLimitPlugin, { max: 1, windowSeconds: 60, maxAddresses: 2 });
    app.get('/limited', async () => ({ ok: true }));
    cleanups.push(() => app.close());
    for (const address of ['203.0.113.20', '203.0.113.21']) expect((await get(app, '/limited', address)).statusCode).toBe(200);
    expect((await get(app, '/limited', '203.0.113.21')).statusCode).toBe(429);
    expect((await get(app, '/limited', '203.0.113.22')).statusCode).toBe(200);
    expect((await get(app, '/limited', '203.0.113.20')).statusCode).toBe(200);
  });
});
