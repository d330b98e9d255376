import { expect, it } from 'vitest';
import { describeCacheConformance, type CacheUnderTest } from './conformance.ts';
import { createMemoryCache, isSharedCacheValue } from './index.ts';

describeCacheConformance('memory', async () => {
  const lookups: CacheUnderTest['lookups'] = [];
  const cache = createMemoryCache((result) => lookups.push(result));
  return { cache, lookups, close: () => cache.close() };
});

interface Me {
  user: { id: string };
  memberships: { role: string }[];
}

it('hands every reader the same frozen value until the entry changes, without a promise on lookup', async () => {
  const cache = createMemoryCache();
  try {
    await cache.set('me', { user: { id: 'u1' }, memberships: [{ role: 'owner' }] }, 60);
    const looked = cache.lookup<Me>('me');
    expect(looked).not.toBeInstanceOf(Promise);
    const first = looked as Me;
    expect(await cache.get('me')).toBe(first);
    expect(isSharedCacheValue(first)).toBe(true);
    expect(Object.isFrozen(first.user) && Object.isFrozen(first.memberships) && Object.isFrozen(first.memberships[0])).toBe(true);
    await cache.set('me', { user: { id: 'u1' }, memberships: [] }, 60);
    const second = cache.lookup('me');
    expect(second).not.toBe(first);
    expect(isSharedCacheValue(second)).toBe(true);
    expect(isSharedCacheValue({ user: { id: 'u1' } })).toBe(false);
    expect(isSharedCacheValue(Object.freeze({}))).toBe(false);
  } finally {
    await cache.close();
  }
});

it('keeps at most maxEntries values, dropping the oldest written', async () => {
  const cache = createMemoryCache(undefined, 2);
  try {
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.set('a', 3, 60);
    await cache.set('c', 4, 60);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([3, undefined, 4]);
  } finally {
    await cache.close();
  }
});
