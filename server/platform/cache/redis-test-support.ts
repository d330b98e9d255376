import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REDIS_URL } from '../../../test/support/backend.ts';
import { connectRedis } from '../redis.ts';

/** Redis connections under one throwaway key prefix; `cleanup` deletes its keys and closes every connection. */
export function redisTestNamespace(): { prefix: string; connect(): Redis; cleanup(): Promise<void> } {
  const prefix = `fwtest:${randomBytes(6).toString('hex')}:`;
  const connections: Redis[] = [];
  return {
    prefix,
    connect() {
      const connection = connectRedis(REDIS_URL, prefix);
      connections.push(connection);
      return connection;
    },
    async cleanup() {
      // SCAN patterns ignore keyPrefix, so a connection without one deletes the prefixed keys.
      const admin = connectRedis(REDIS_URL, '');
      try {
        for await (const keys of admin.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
          if (keys.length) await admin.del(...keys);
        }
      } finally {
        await admin.quit();
        await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
      }
    },
  };
}
