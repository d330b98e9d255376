import { expect, it } from 'vitest';
import { describeCacheConformance, type CacheUnderTest } from './conformance.ts';
import { createRedisCache } from './index.ts';
import { redisTestNamespace } from './redis-test-support.ts';

describeCacheConformance('redis', async () => {
  const namespace = redisTestNamespace();
  const lookups: CacheUnderTest['lookups'] = [];
  const cache = createRedisCache(namespace.connect(), (result) => lookups.push(result));
  return {
    cache,
    lookups,
    async close() {
      await cache.close();
      await namespace.cleanup();
    },
  };
});

it('shares values and counters between two connections on one Redis', async () => {
  const namespace = redisTestNamespace();
  try {
    const [a, b] = [createRedisCache(namespace.connect()), createRedisCache(namespace.connect())];
    await a.set('profile', { name: 'Ada' }, 60);
    expect(await b.get('profile')).toEqual({ name: 'Ada' });
    await a.increment('hits', 60);
    expect((await b.increment('hits', 60)).count).toBe(2);
  } finally {
    await namespace.cleanup();
  }
});

it('never leaves a counter without an expiry', async () => {
  const namespace = redisTestNamespace();
  try {
    const connection = namespace.connect();
    const cache = createRedisCache(connection);
    await Promise.all(Array.from({ length: 10 }, () => cache.increment('window', 30)));
    const ttl = await connection.pttl('counter:window');
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  } finally {
    await namespace.cleanup();
  }
});
