import type { Cache } from '../../platform/cache/index.ts';

/** What an API key lookup remembers; `key: null` marks a hash that matched no usable key. */
export interface CachedApiKey {
  key: { keyId: string; orgId: string; userId: string; scopes: string[]; expiresAt: string | null } | null;
}

export const API_KEY_CACHE_TTL_SECONDS = 60;
export const apiKeyCacheKey = (keyHash: string) => `identity:api-key:${keyHash}`;

/** Makes revoked keys fail at once on every node instead of when their cache entry expires. */
export async function forgetApiKeys(cache: Cache, keyHashes: string[]): Promise<void> {
  for (const keyHash of keyHashes) await cache.delete(apiKeyCacheKey(keyHash));
}
