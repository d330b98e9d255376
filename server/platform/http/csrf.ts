import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** Readable by the web app's JavaScript, which echoes it in the header; another site can do neither. */
export const CSRF_COOKIE = 'fw_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function createCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * preHandler for writes authenticated by a cookie (double-submit check): the `X-CSRF-Token` header
 * must equal the `fw_csrf` cookie.
 */
export async function requireCsrfToken(req: FastifyRequest): Promise<void> {
  const cookie = req.cookies[CSRF_COOKIE];
  const header = req.headers[CSRF_HEADER];
  if (!cookie || typeof header !== 'string' || !sameToken(cookie, header)) {
    throw new AppError('csrf_token_invalid', 403, 'This request must carry the X-CSRF-Token header matching the fw_csrf cookie');
  }
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
