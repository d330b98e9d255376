import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Me, User } from '../../../common/auth.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';

/** Test helpers for the auth routes: users, the mail they receive, and the cookies they carry. */

/** Every field the auth routes answer with, so tests read responses through one type (absent ones are undefined). */
export interface AuthBody {
  error: { code: string; message: string };
  user: User;
  memberships: Me['memberships'];
  accessToken: string;
  expiresIn: number;
  twoFactorRequired: boolean;
  challengeToken: string;
  recoveryCodes: string[];
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
  items: { id: string; ip: string; userAgent: string; current: boolean; provider: string }[];
}

let sequence = 0;
export const uniqueEmail = (label = 'user') => `${label}-${Date.now().toString(36)}-${++sequence}-${randomBytes(2).toString('hex')}@example.test`;
export const uniqueIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${(++sequence % 250) + 1}`;
export const PASSWORD = 'correct horse battery';

/** The newest message to an address; waits a little because some mail is prepared after the response. */
export async function latestMail(app: FastifyInstance, to: string, subject?: string, timeoutMs = 5000) {
  const started = Date.now();
  for (;;) {
    const conditions = [eq(mailOutbox.to, to)];
    if (subject) conditions.push(eq(mailOutbox.subject, subject));
    const [row] = await app.db.select().from(mailOutbox).where(and(...conditions)).orderBy(desc(mailOutbox.createdAt)).limit(1);
    if (row) return row;
    if (Date.now() - started > timeoutMs) return undefined;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function linkToken(text: string): string {
  const match = /token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no token link in: ${text}`);
  return decodeURIComponent(match[1]);
}

export function cookie(res: LightMyRequestResponse, name: string): string | undefined {
  return (res.cookies as { name: string; value: string }[]).find((c) => c.name === name)?.value;
}

export interface Registered {
  id: string;
  email: string;
  password: string;
}

export async function registerUser(app: FastifyInstance, options: { email?: string; password?: string; verify?: boolean } = {}): Promise<Registered> {
  const email = options.email ?? uniqueEmail();
  const password = options.password ?? PASSWORD;
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password, displayName: 'Test User' } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
  if (options.verify) {
    const mail = await latestMail(app, email, 'Confirm your email address');
    await app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: linkToken(mail!.text) } });
  }
  return { id: res.json<AuthBody>().user.id, email, password };
}

export interface SignedInClient {
  accessToken: string;
  refresh: string;
  csrf: string;
  ip: string;
  auth: { authorization: string };
}

export async function signIn(app: FastifyInstance, user: { email: string; password: string }, ip = uniqueIp()): Promise<SignedInClient> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password }, remoteAddress: ip });
  if (res.statusCode !== 200 || !res.json<AuthBody>().accessToken) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  return fromSignIn(res, ip);
}

export function fromSignIn(res: LightMyRequestResponse, ip: string): SignedInClient {
  const accessToken = res.json<AuthBody>().accessToken;
  return { accessToken, refresh: cookie(res, 'fw_refresh')!, csrf: cookie(res, 'fw_csrf')!, ip, auth: { authorization: `Bearer ${accessToken}` } };
}

/** POST /auth/refresh as the browser would send it: refresh cookie, CSRF cookie and header. */
export function refresh(app: FastifyInstance, client: { refresh: string; csrf: string; ip?: string }) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    cookies: { fw_refresh: client.refresh, fw_csrf: client.csrf },
    headers: { 'x-csrf-token': client.csrf },
    remoteAddress: client.ip,
  });
}

/** Settings for the auth suites: API only, and sign-in limits high enough for suites that sign in often. */
export const AUTH_TEST_ENV = { SERVE_WEB: 'false', RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000' };
