import type { Cache } from '../cache/index.ts';
import { AppError } from '../http/errors.ts';

const RESULT_TTL_SECONDS = 24 * 60 * 60;
const CLAIM_SECONDS = 60;

export interface IdempotentCreate<T> {
  /** Who the key belongs to and what it creates, e.g. `studio:project-create:<userId>`. */
  scope: string;
  /** The client's `Idempotency-Key`; without one the create simply runs. */
  key: string | undefined;
  create: () => Promise<T>;
  /** The id remembered for the key. */
  idOf: (created: T) => string;
  /** Reads the earlier result again; undefined when it is gone (then the key is refused). */
  reload: (id: string) => Promise<T | undefined>;
}

/**
 * Runs a create at most once per Idempotency-Key: a retry with the same key returns the first
 * result, and a retry that races the first request gets 409 instead of a second row.
 * The key is kept in the platform cache (Redis when configured) for a day.
 */
export async function createOnce<T>(cache: Cache, request: IdempotentCreate<T>): Promise<T> {
  if (!request.key) return request.create();
  const resultKey = `idempotency:${request.scope}:${request.key}`;
  const earlier = await cache.get<{ id: string }>(resultKey);
  if (earlier) {
    const again = await request.reload(earlier.id);
    if (again !== undefined) return again;
  }
  const claim = await cache.increment(`${resultKey}:claim`, CLAIM_SECONDS);
  if (claim.count > 1) {
    throw new AppError('idempotency_key_in_use', 409, 'A request with this Idempotency-Key is still being processed or its result is gone');
  }
  const created = await request.create();
  await cache.set(resultKey, { id: request.idOf(created) }, RESULT_TTL_SECONDS);
  return created;
}
