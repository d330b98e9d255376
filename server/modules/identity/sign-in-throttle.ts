import type { Cache } from '../../platform/cache/index.ts';
import { AppError } from '../../platform/http/errors.ts';

/** 429 with the number of seconds the client should wait; the routes copy it into `Retry-After`. */
export class TooManyAttemptsError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super('too_many_attempts', 429, `Too many sign-in attempts; try again in ${seconds} seconds`, { retryAfterSeconds: seconds });
    this.retryAfterSeconds = seconds;
  }
}

const WINDOW_SECONDS = 60;
const FAILURE_MEMORY_SECONDS = 3600;
const MAX_LOCK_SECONDS = 3600;

/** Who an attempt counts against: the client address and the account (by normalised email or user id). */
export const throttleSubjects = (ip: string | undefined, account: string) => ({
  ip: `ip:${ip ?? 'unknown'}`,
  account: `account:${account.toLowerCase()}`,
});
export type ThrottleSubjects = ReturnType<typeof throttleSubjects>;

/**
 * Sign-in rate limits: `perMinute` attempts per IP and per account, and after that many failures in a
 * row a lockout that doubles with each further failure. Counters live in the platform cache, so they
 * are shared through Redis when it is configured.
 */
export function createSignInThrottle(cache: Cache, perMinute: number) {
  const lockKey = (subject: string) => `sign-in:lock:${subject}`;
  const failuresKey = (subject: string) => `sign-in:failures:${subject}`;

  return {
    /** Counts one attempt; throws TooManyAttemptsError when a subject is locked out or over its limit. */
    async attempt(subjects: ThrottleSubjects): Promise<void> {
      const all = [subjects.ip, subjects.account];
      for (const subject of all) {
        const lockedUntil = await cache.get<number>(lockKey(subject));
        if (lockedUntil && lockedUntil > Date.now()) throw new TooManyAttemptsError((lockedUntil - Date.now()) / 1000);
      }
      for (const subject of all) {
        const window = await cache.increment(`sign-in:attempts:${subject}`, WINDOW_SECONDS);
        if (window.count > perMinute) throw new TooManyAttemptsError(window.resetInSeconds);
      }
    },

    async failed(subjects: ThrottleSubjects): Promise<void> {
      for (const subject of [subjects.ip, subjects.account]) {
        const { count } = await cache.increment(failuresKey(subject), FAILURE_MEMORY_SECONDS);
        if (count < perMinute) continue;
        const lockSeconds = Math.min(WINDOW_SECONDS * 2 ** (count - perMinute), MAX_LOCK_SECONDS);
        await cache.set(lockKey(subject), Date.now() + lockSeconds * 1000, lockSeconds);
      }
    },

    /** Forgets the account's failures; the IP's stay, so one good account cannot reset an attacker's address. */
    async succeeded(subjects: ThrottleSubjects): Promise<void> {
      await cache.delete(failuresKey(subjects.account));
      await cache.delete(lockKey(subjects.account));
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
