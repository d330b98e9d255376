import type { FastifyReply, FastifyRequest } from 'fastify';
import { limits } from '../../../common/limits.ts';
import type { Config } from '../../config.ts';
import { createCsrfToken, CSRF_COOKIE } from '../../platform/http/csrf.ts';

export const REFRESH_COOKIE = 'fw_refresh';
/** The refresh cookie only travels to the auth routes (refresh, logout, OAuth start). */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

const secure = (config: Config) => config.publicUrl.startsWith('https:');

/** Sets the refresh cookie and a fresh CSRF cookie, as the contract describes. */
export function setSessionCookies(reply: FastifyReply, config: Config, refreshToken: string): void {
  const maxAge = limits.refreshTokenTtlDays * 86_400;
  reply.setCookie(REFRESH_COOKIE, refreshToken, { httpOnly: true, sameSite: 'strict', secure: secure(config), path: REFRESH_COOKIE_PATH, maxAge });
  reply.setCookie(CSRF_COOKIE, createCsrfToken(), { httpOnly: false, sameSite: 'strict', secure: secure(config), path: '/', maxAge });
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: 'strict', secure: secure(config), path: REFRESH_COOKIE_PATH });
  reply.clearCookie(CSRF_COOKIE, { sameSite: 'strict', secure: secure(config), path: '/' });
}

export function refreshCookieOf(req: FastifyRequest): string | undefined {
  const value = req.cookies[REFRESH_COOKIE];
  return value === '' ? undefined : value;
}

const OAUTH_COOKIE = 'fw_oauth';
const OAUTH_COOKIE_PATH = '/api/v1/auth/oauth';
const OAUTH_COOKIE_SECONDS = 600;

/**
 * The pending OAuth flow (state, PKCE verifier, intent), signed and httpOnly. SameSite=Lax because the
 * provider sends the browser back with a cross-site navigation, which Strict cookies would not survive.
 */
export function setOAuthCookie(reply: FastifyReply, config: Config, pending: unknown): void {
  const value = Buffer.from(JSON.stringify(pending)).toString('base64url');
  reply.setCookie(OAUTH_COOKIE, value, { signed: true, httpOnly: true, sameSite: 'lax', secure: secure(config), path: OAUTH_COOKIE_PATH, maxAge: OAUTH_COOKIE_SECONDS });
}

/** Reads and clears the pending OAuth flow; undefined when it is missing, expired or tampered with. */
export function takeOAuthCookie(req: FastifyRequest, reply: FastifyReply, config: Config): unknown {
  const raw = req.cookies[OAUTH_COOKIE];
  reply.clearCookie(OAUTH_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secure(config), path: OAUTH_COOKIE_PATH });
  if (!raw) return undefined;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    return JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
