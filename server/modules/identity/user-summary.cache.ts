import type { Cache } from '../../platform/cache/index.ts';
import { forgetCachedMe } from './me.cache.ts';

/**
 * Every chat message names its author, so summaries are cached. A stale name is not a security
 * matter, and every change through the app forgets the entry at once: the TTL only bounds what a
 * write outside the app (or a read racing a change) could leave behind.
 */
export const USER_SUMMARY_CACHE_TTL_SECONDS = 300;

export const userSummaryCacheKey = (userId: string) => `identity:user-summary:${userId}`;

/** After anything a summary shows (name, email) changes: the cached summary and /me both go. */
export async function forgetCachedProfile(cache: Cache, userId: string): Promise<void> {
  await Promise.all([cache.delete(userSummaryCacheKey(userId)), forgetCachedMe(cache, userId)]);
}
