import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { AUTH_TEST_ENV, cookie, refresh, registerUser, signIn, uniqueEmail, uniqueIp, type SignedInClient, type AuthBody } from './auth.testing.ts';
import { auditEvents } from './tables.ts';

describe('sign-in, refresh and sign-out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: AUTH_TEST_ENV });
  });
  afterAll(() => t.close());

  const me = (client: SignedInClient) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth });
  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: uniqueIp() });
  const auditOf = (userId: string, action: string) =>
    t.app.db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, action)));

  it('signs in with an access token and the refresh and CSRF cookies the contract describes', async () => {
    const user = await registerUser(t.app);
    const res = await login(user.email, user.password);
    expect(res.statusCode).toBe(200);
    expect(res.json<AuthBody>()).toMatchObject({ expiresIn: 900, user: { id: user.id, email: user.email } });
    const cookies = res.cookies as { name: string; httpOnly?: boolean; sameSite?: string; path?: string }[];
    expect(cookies.find((c) => c.name === 'fw_refresh')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect(cookies.find((c) => c.name === 'fw_csrf')).toMatchObject({ sameSite: 'Strict', path: '/' });
    expect(cookies.find((c) => c.name === 'fw_csrf')?.httpOnly).toBeFalsy();
    expect((await me(await signIn(t.app, user))).statusCode).toBe(200);
    expect(await auditOf(user.id, 'auth.sign_in')).toHaveLength(2);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const user = await registerUser(t.app);
    const wrong = await login(user.email, 'wrong password!');
    const unknown = await login(uniqueEmail('nobody'), 'wrong password!');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json<AuthBody>().error.code).toBe('invalid_credentials');
    expect(await auditOf(user.id, 'auth.sign_in_failed')).toHaveLength(1);
  });

  it('publishes user.signed_in with the new session', async () => {
    const user = await registerUser(t.app);
    const seen: { userId: string; sessionId: string }[] = [];
    const stop = t.app.bus.subscribe('user.signed_in', (e) => void seen.push(e));
    await signIn(t.app, user);
    await expect.poll(() => seen.some((e) => e.userId === user.id)).toBe(true);
    stop();
  });

  it('rotates the refresh token on every use', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const first = await refresh(t.app, client);
    expect(first.statusCode).toBe(200);
    expect(first.json<AuthBody>()).toMatchObject({ expiresIn: 900, user: { id: user.id } });
    const next = cookie(first, 'fw_refresh')!;
    expect(next).not.toBe(client.refresh);
    const second = await refresh(t.app, { ...client, refresh: next });
    expect(second.statusCode).toBe(200);
  });

  it('rejects a refresh token that was already used and revokes its whole session', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const rotated = await refresh(t.app, client);
    const newest = cookie(rotated, 'fw_refresh')!;
    const newestAccess = { ...client, auth: { authorization: `Bearer ${rotated.json<AuthBody>().accessToken}` } };

    const replay = await refresh(t.app, client);
    expect([replay.statusCode, replay.json<AuthBody>().error.code]).toEqual([401, 'invalid_refresh_token']);

    expect((await refresh(t.app, { ...client, refresh: newest })).statusCode).toBe(401);
    expect((await me(client)).statusCode).toBe(401);
    expect((await me(newestAccess)).statusCode).toBe(401);
    expect(await auditOf(user.id, 'auth.refresh_reuse_detected')).toHaveLength(1);
  });

  it('refuses a refresh without the CSRF header', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { fw_refresh: client.refresh, fw_csrf: client.csrf },
    });
    expect([res.statusCode, res.json<AuthBody>().error.code]).toEqual([403, 'csrf_token_invalid']);
    expect((await refresh(t.app, client)).statusCode).toBe(200);
  });

  it('signs out: the session ends and its access token stops working at once', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const withoutHeader = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { fw_refresh: client.refresh, fw_csrf: client.csrf } });
    expect(withoutHeader.statusCode).toBe(403);

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { fw_refresh: client.refresh, fw_csrf: client.csrf },
      headers: { 'x-csrf-token': client.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(out.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^fw_refresh=;/)]));
    expect((await refresh(t.app, client)).statusCode).toBe(401);
    expect((await me(client)).statusCode).toBe(401);
    expect(await auditOf(user.id, 'auth.sign_out')).toHaveLength(1);
  });
});
