import type { Cache } from '../../platform/cache/index.ts';

/** GET /me is served from the cache for a short while; anything that changes the user or their memberships forgets it. */
export const ME_CACHE_TTL_SECONDS = 60;

// /me is read on every page load: its key is made once per user and reused, so a lookup hashes a
// string the runtime has hashed before instead of a new one (docs/benchmarks.md). Bounded, oldest first.
const MAX_KEPT_KEYS = 10_000;
const keys = new Map<string, string>();
export function meCacheKey(userId: string): string {
  let key = keys.get(userId);
  if (key === undefined) {
    key = `identity:me:${userId}`;
    if (keys.size >= MAX_KEPT_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(userId, key);
  }
  return key;
}

export function forgetCachedMe(cache: Cache, userId: string): Promise<void> {
  return cache.delete(meCacheKey(userId));
}
