import type { Redis } from 'ioredis';

export interface WindowCount {
  count: number;
  /** Seconds until the window resets. */
  resetInSeconds: number;
}

/** Key-value cache and fixed-window counters (rate limits), in-process or in Redis. Values are JSON. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  /** Removes the value and the counter stored under `key`. */
  delete(key: string): Promise<void>;
  /** Adds one to the counter for `key`; the first increment opens a window of `windowSeconds`. */
  increment(key: string, windowSeconds: number): Promise<WindowCount>;
  close(): Promise<void>;
}

export type LookupRecorder = (result: 'hit' | 'miss') => void;

// Values and counters live in separate namespaces in both implementations, so `get(k)` never sees `increment(k)`.
const VALUE = 'cache:';
const COUNTER = 'counter:';

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process cache with TTLs; expired entries are dropped on read and by a periodic sweep. */
export function createMemoryCache(record: LookupRecorder = () => undefined, maxEntries = 100_000): Cache {
  const entries = new Map<string, Entry>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  }, 30_000);
  sweep.unref();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const store = (key: string, entry: Entry) => {
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
  };

  return {
    async get<T>(key: string) {
      const entry = live(VALUE + key);
      record(entry ? 'hit' : 'miss');
      return entry ? (JSON.parse(entry.value) as T) : undefined;
    },
    async set(key, value, ttlSeconds) {
      store(VALUE + key, { value: JSON.stringify(value), expiresAt: Date.now() + ttlSeconds * 1000 });
    },
    async delete(key) {
      entries.delete(VALUE + key);
      entries.delete(COUNTER + key);
    },
    async increment(key, windowSeconds) {
      const entry = live(COUNTER + key);
      const count = entry ? Number(entry.value) + 1 : 1;
      const expiresAt = entry?.expiresAt ?? Date.now() + windowSeconds * 1000;
      store(COUNTER + key, { value: String(count), expiresAt });
      return { count, resetInSeconds: Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000)) };
    },
    async close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}

export function createRedisCache(redis: Redis, record: LookupRecorder = () => undefined): Cache {
  return {
    async get<T>(key: string) {
      const raw = await redis.get(VALUE + key);
      record(raw === null ? 'miss' : 'hit');
      return raw === null ? undefined : (JSON.parse(raw) as T);
    },
    async set(key, value, ttlSeconds) {
      await redis.set(VALUE + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlSeconds * 1000)));
    },
    async delete(key) {
      await redis.del(VALUE + key, COUNTER + key);
    },
    async increment(key, windowSeconds) {
      const counterKey = COUNTER + key;
      // The window and the count are set in one transaction: a counter can never be left without an expiry.
      const results = await redis
        .multi()
        .set(counterKey, 0, 'PX', Math.max(1, Math.round(windowSeconds * 1000)), 'NX')
        .incr(counterKey)
        .pttl(counterKey)
        .exec();
      const count = Number(results?.[1]?.[1]);
      const resetMs = Number(results?.[2]?.[1]);
      return { count, resetInSeconds: Math.max(0, Math.ceil(resetMs / 1000)) };
    },
    close: () => Promise.resolve(),
  };
}
