import { Redis } from 'ioredis';

/** A Redis connection with the platform's key prefix; callers own closing it. */
export function connectRedis(url: string, keyPrefix: string): Redis {
  return new Redis(url, { keyPrefix, maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: false });
}
