import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { passwordProblem } from '../../../common/auth.ts';
import { limits } from '../../../common/limits.ts';
import { AppError } from '../../platform/http/errors.ts';

// OWASP's argon2id baseline: 19 MiB, two passes, one lane (about 20-40 ms per hash here). The
// library's default algorithm is argon2id; its enum is a const enum that erasable TypeScript cannot import.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a hash (unknown email, OAuth-only account)
 * it still verifies against a dummy hash, so the answer takes the same time either way.
 */
export async function passwordMatches(storedHash: string | null | undefined, password: string): Promise<boolean> {
  const candidate = password.slice(0, limits.password.max);
  if (!storedHash) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, candidate).catch(() => false);
    return false;
  }
  return verify(storedHash, candidate).catch(() => false);
}

const PASSWORD_MESSAGES = {
  password_too_short: `The password must be at least ${limits.password.min} characters long`,
  password_too_long: `The password must be at most ${limits.password.max} characters long`,
} as const;

/** Throws a 400 with the code of the first password rule the candidate breaks. */
export function assertPasswordAcceptable(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError(problem, 400, PASSWORD_MESSAGES[problem]);
}

/** A random opaque token (for links and refresh cookies) and the SHA-256 hash that is stored instead. */
export function createOpaqueToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
