import { describeCacheConformance, type CacheUnderTest } from './conformance.ts';
import { createMemoryCache } from './index.ts';

describeCacheConformance('memory', async () => {
  const lookups: CacheUnderTest['lookups'] = [];
  const cache = createMemoryCache((result) => lookups.push(result));
  return { cache, lookups, close: () => cache.close() };
});
