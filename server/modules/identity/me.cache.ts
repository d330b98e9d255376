import type { Cache } from '../../platform/cache/index.ts';

/** GET /me is served from the cache for a short while; anything that changes the user or their memberships forgets it. */
export const ME_CACHE_TTL_SECONDS = 60;
export const meCacheKey = (userId: string) => `identity:me:${userId}`;

export function forgetCachedMe(cache: Cache, userId: string): Promise<void> {
  return cache.delete(meCacheKey(userId));
}
