/**
 * Typed fetch client for /api/v1. The access token lives in memory only; the refresh token is an
 * httpOnly cookie, exchanged for a new access token on page load and whenever a request gets 401.
 */
import type { AuthSuccess } from './types.ts';

const BASE = '/api/v1';
const CSRF_COOKIE = 'fw_csrf';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** A failed API call carrying the server's stable `code` and human `message`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Per-field messages from a `validation_failed` answer, keyed by the first path segment. */
  get fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    if (!Array.isArray(this.details)) return out;
    for (const item of this.details as Partial<ErrorDetail>[]) {
      const field = item.path?.split('.')[0];
      if (field && item.message && !out[field]) out[field] = item.message;
    }
    return out;
  }
}

/** `restored` is true when the session came from the refresh cookie rather than a sign-in on this page. */
type SessionListener = (session: AuthSuccess | null, restored: boolean) => void;

let accessToken: string | null = null;
let refreshInFlight: Promise<AuthSuccess | null> | null = null;
const listeners = new Set<SessionListener>();

/** Called with the new session after sign-in or refresh, and with null when the session ends. */
export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Stores the access token of a fresh sign-in and tells the app who is signed in. */
export function startSession(session: AuthSuccess, restored = false): void {
  accessToken = session.accessToken;
  for (const listener of listeners) listener(session, restored);
}

export function endSession(): void {
  accessToken = null;
  for (const listener of listeners) listener(null, false);
}

function readCookie(name: string): string | undefined {
  const prefix = `${name}=`;
  const found = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : undefined;
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request,
 * because the server rotates the refresh token and a second use would revoke the session.
 */
export function refreshSession(): Promise<AuthSuccess | null> {
  refreshInFlight ??= (async () => {
    const csrf = readCookie(CSRF_COOKIE);
    if (!csrf) return null;
    const response = await fetch(`${BASE}/auth/refresh`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf },
    });
    if (!response.ok) return null;
    return (await response.json()) as AuthSuccess;
  })()
    .then((session) => {
      if (session) startSession(session, true);
      else if (accessToken) endSession();
      return session;
    })
    .catch(() => null)
    .finally(() => {
      refreshInFlight = null;
    });
  return refreshInFlight;
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) return new ApiError(response.status, body.error.code, body.error.message ?? 'Request failed', body.error.details);
  } catch {
    // Not JSON (a proxy error page, for example): fall through to a generic message.
  }
  return new ApiError(response.status, 'http_error', `The server answered ${response.status} ${response.statusText}`.trim());
}

interface RequestOptions {
  /** Send the fw_csrf cookie value as X-CSRF-Token (cookie-authenticated auth endpoints). */
  csrf?: boolean;
  signal?: AbortSignal;
  /** Extra request headers, e.g. an Idempotency-Key. */
  headers?: Record<string, string>;
}

async function send(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  if (options.csrf) {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  return fetch(`${BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: options.signal,
  });
}

async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, body, options);
  if (response.status === 401 && accessToken && !path.startsWith('/auth/')) {
    const session = await refreshSession();
    if (session) response = await send(method, path, body, options);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Builds a query string from defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  delete: <T = void>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};
