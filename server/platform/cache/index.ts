import type { Redis } from 'ioredis';

export interface WindowCount {
  count: number;
  /** Seconds until the window resets. */
  resetInSeconds: number;
}

/**
 * Key-value cache and fixed-window counters (rate limits), in-process or in Redis. Values are JSON:
 * `get` answers what `set` stored after a JSON round trip (dates become strings, `undefined` fields
 * go). A value read back is read-only: the in-process cache hands every reader the same deeply
 * frozen copy until the entry changes (see `isSharedCacheValue`), Redis a fresh one per read.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /**
   * `get` for per-request hot paths: the value itself, without a promise, where it is held in this
   * process (the in-process cache always answers so), otherwise a promise (Redis).
   */
  lookup<T>(key: string): T | undefined | Promise<T | undefined>;
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

const sharedValues = new WeakSet<object>();

/**
 * Whether `value` is an object the in-process cache handed out: deeply frozen, and the same object
 * for every reader until its entry is replaced or removed. Such a value can key a per-value memo
 * (a serialised response, say) that can never go stale.
 */
export function isSharedCacheValue(value: unknown): value is object {
  return typeof value === 'object' && value !== null && sharedValues.has(value);
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const item of Object.values(value)) deepFreeze(item);
  Object.freeze(value);
}

/** The JSON round trip Redis would make, once at `set`; readers share the frozen result. */
function frozenCopy(value: unknown): unknown {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('A cache value must be JSON');
  const copy: unknown = JSON.parse(json);
  deepFreeze(copy);
  if (typeof copy === 'object' && copy !== null) sharedValues.add(copy);
  return copy;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * In-process cache with TTLs; expired entries are dropped on read and by a periodic sweep. Values
 * are copied through JSON once, when they are set, and kept frozen: a hit costs a map lookup, with
 * no parsing and no copy.
 */
export function createMemoryCache(record: LookupRecorder = () => undefined, maxEntries = 100_000): Cache {
  const values = new Map<string, Entry<unknown>>();
  const counters = new Map<string, Entry<number>>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const entries of [values, counters]) for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  }, 30_000);
  sweep.unref();

  const live = <V>(entries: Map<string, Entry<V>>, key: string): Entry<V> | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const store = <V>(entries: Map<string, Entry<V>>, key: string, entry: Entry<V>) => {
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
  };
  const lookup = <T>(key: string): T | undefined => {
    const entry = live(values, key);
    record(entry ? 'hit' : 'miss');
    return entry?.value as T | undefined;
  };

  return {
    lookup,
    async get<T>(key: string) {
      return lookup<T>(key);
    },
    async set(key, value, ttlSeconds) {
      store(values, key, { value: frozenCopy(value), expiresAt: Date.now() + ttlSeconds * 1000 });
    },
    async delete(key) {
      values.delete(key);
      counters.delete(key);
    },
    async increment(key, windowSeconds) {
      const entry = live(counters, key);
      const count = entry ? entry.value + 1 : 1;
      const expiresAt = entry?.expiresAt ?? Date.now() + windowSeconds * 1000;
      store(counters, key, { value: count, expiresAt });
      return { count, resetInSeconds: Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000)) };
    },
    async close() {
      clearInterval(sweep);
      values.clear();
      counters.clear();
    },
  };
}

export function createRedisCache(redis: Redis, record: LookupRecorder = () => undefined): Cache {
  const get = async <T>(key: string) => {
    const raw = await redis.get(VALUE + key);
    record(raw === null ? 'miss' : 'hit');
    return raw === null ? undefined : (JSON.parse(raw) as T);
  };
  return {
    get,
    lookup: get,
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
