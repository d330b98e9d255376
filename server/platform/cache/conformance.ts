import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from './index.ts';

export interface CacheUnderTest {
  cache: Cache;
  /** Every hit or miss the cache reported, in order. */
  lookups: ('hit' | 'miss')[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour both cache implementations share. */
export function describeCacheConformance(name: string, start: () => Promise<CacheUnderTest>): void {
  describe(`${name} cache conformance`, () => {
    let subject: CacheUnderTest;
    let cache: Cache;
    beforeEach(async () => {
      subject = await start();
      cache = subject.cache;
    });
    afterEach(() => subject.close());

    it('stores, reads and deletes a value', async () => {
      expect(await cache.get('greeting')).toBeUndefined();
      await cache.set('greeting', 'hello', 60);
      expect(await cache.get<string>('greeting')).toBe('hello');
      await cache.delete('greeting');
      expect(await cache.get('greeting')).toBeUndefined();
    });

    it('round-trips JSON values of every kind', async () => {
      const values = { object: { id: 'u1', roles: ['owner'], nested: { n: 1.5, ok: true } }, array: [1, 'two', null], number: 0, text: '', flag: false, nothing: null };
      for (const [key, value] of Object.entries(values)) await cache.set(key, value, 60);
      for (const [key, value] of Object.entries(values)) expect(await cache.get(key), key).toEqual(value);
    });

    it('answers lookup() as get() does, with or without a promise', async () => {
      expect(await cache.lookup('absent')).toBeUndefined();
      await cache.set('present', { n: 1 }, 60);
      expect(await cache.lookup('present')).toEqual({ n: 1 });
      await cache.delete('present');
      expect(await cache.lookup('present')).toBeUndefined();
    });

    it('stores what JSON keeps of a value, as it was when set', async () => {
      const value = { at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined, list: [1] };
      await cache.set('snapshot', value, 60);
      value.list.push(2);
      expect(await cache.get('snapshot')).toEqual({ at: '2026-01-02T03:04:05.000Z', list: [1] });
    });

    it('never lets a reader change what the next reader gets', async () => {
      await cache.set('shared', { roles: ['owner'], nested: { n: 1 } }, 60);
      const first = await cache.get<{ roles: string[]; nested: { n: number } }>('shared');
      // The in-process cache refuses the change (the value is frozen); Redis hands out a copy.
      const attempts = [() => first!.roles.push('admin'), () => (first!.nested.n = 2), () => Object.assign(first!, { extra: true })];
      for (const attempt of attempts) {
        try {
          attempt();
        } catch (err) {
          expect(err).toBeInstanceOf(TypeError);
        }
      }
      expect(await cache.get('shared')).toEqual({ roles: ['owner'], nested: { n: 1 } });
      expect(await cache.lookup('shared')).toEqual({ roles: ['owner'], nested: { n: 1 } });
    });

    it('forgets a value after its TTL', async () => {
      await cache.set('short', { v: 1 }, 0.3);
      expect(await cache.get('short')).toEqual({ v: 1 });
      await sleep(450);
      expect(await cache.get('short')).toBeUndefined();
    });

    it('overwrites a value and its TTL', async () => {
      await cache.set('k', 'first', 0.3);
      await cache.set('k', 'second', 60);
      await sleep(450);
      expect(await cache.get('k')).toBe('second');
    });

    it('counts within a window that the first increment opens, then starts over', async () => {
      expect(await cache.increment('attempts', 1)).toEqual({ count: 1, resetInSeconds: 1 });
      expect((await cache.increment('attempts', 1)).count).toBe(2);
      const third = await cache.increment('attempts', 60);
      expect(third.count).toBe(3);
      expect(third.resetInSeconds).toBeLessThanOrEqual(1);
      await sleep(1_100);
      expect(await cache.increment('attempts', 1)).toEqual({ count: 1, resetInSeconds: 1 });
    });

    it('counts concurrent increments exactly', async () => {
      const results = await Promise.all(Array.from({ length: 25 }, () => cache.increment('burst', 60)));
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    });

    it('keeps counters apart from values and resets a counter on delete', async () => {
      await cache.increment('shared', 60);
      expect(await cache.get('shared')).toBeUndefined();
      await cache.set('shared', 'value', 60);
      expect((await cache.increment('shared', 60)).count).toBe(2);
      await cache.delete('shared');
      expect(await cache.get('shared')).toBeUndefined();
      expect((await cache.increment('shared', 60)).count).toBe(1);
    });

    it('records a miss for an absent value and a hit for a present one', async () => {
      await cache.get('absent');
      await cache.set('present', 1, 60);
      await cache.get('present');
      expect(subject.lookups).toEqual(['miss', 'hit']);
    });
  });
}
