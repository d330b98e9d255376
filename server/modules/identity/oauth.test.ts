import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { AUTH_TEST_ENV, registerUser, signIn, uniqueEmail } from './auth.testing.ts';
import { Browser, freePort, startGitHub, startGoogle } from './oauth.testing.ts';
import { auditEvents, users } from './tables.ts';

describe('OAuth sign-in and linking against local OAuth 2.0 servers', () => {
  let t: TestApp;
  let google: Awaited<ReturnType<typeof startGoogle>>;
  let github: Awaited<ReturnType<typeof startGitHub>>;
  let origin: string;
  let subjects = 0;
  const nextId = () => `${Date.now()}${++subjects}`;

  beforeAll(async () => {
    google = await startGoogle();
    github = await startGitHub();
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    t = await buildTestApp({
      env: {
        ...AUTH_TEST_ENV,
        PUBLIC_URL: origin,
        GOOGLE_CLIENT_ID: 'google-client',
        GOOGLE_CLIENT_SECRET: 'google-secret',
        OAUTH_GOOGLE_BASE_URL: google.url,
        GITHUB_CLIENT_ID: 'github-client',
        GITHUB_CLIENT_SECRET: 'github-secret',
        OAUTH_GITHUB_BASE_URL: github.url,
        OAUTH_GITHUB_API_URL: github.apiUrl,
      },
    });
    await t.app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    await google.stop();
    await github.stop();
  });

  const start = (provider: string, intent = 'signin') => `${origin}/api/v1/auth/oauth/${provider}/start?intent=${intent}`;

  /** What the web app does on /oauth/complete: trade the refresh cookie for an access token. */
  async function completeSignIn(browser: Browser) {
    const csrf = browser.cookies.get('fw_csrf')!;
    const res = await fetch(`${origin}/api/v1/auth/refresh`, { method: 'POST', headers: { cookie: browser.cookieHeader(), 'x-csrf-token': csrf } });
    expect(res.status).toBe(200);
    return (await res.json()) as { accessToken: string; user: { id: string; email: string; emailVerified: boolean } };
  }

  const linkedProviders = async (accessToken: string) =>
    ((await (await fetch(`${origin}/api/v1/me/oauth`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { items: { provider: string }[] }).items.map(
      (i) => i.provider,
    );

  it('lists the configured providers', async () => {
    const res = await fetch(`${origin}/api/v1/auth/oauth/providers`);
    expect((await res.json()) as unknown).toEqual({ providers: [{ id: 'google', name: 'Google' }, { id: 'github', name: 'GitHub' }] });
  });

  it('creates a verified account on a first Google sign-in and signs the same account in next time', async () => {
    const email = uniqueEmail('google');
    google.setProfile({ sub: nextId(), email, email_verified: true, name: 'Grace Hopper' });

    const browser = new Browser(origin);
    const landed = await browser.navigate(start('google'));
    expect(landed.pathname).toBe('/oauth/complete');
    expect(landed.search).toBe('');
    expect(browser.cookies.has('fw_refresh')).toBe(true);
    const first = await completeSignIn(browser);
    expect(first.user).toMatchObject({ email, emailVerified: true });
    expect(await linkedProviders(first.accessToken)).toEqual(['google']);

    const again = new Browser(origin);
    await again.navigate(start('google'));
    expect((await completeSignIn(again)).user.id).toBe(first.user.id);
    const sameEmail = await t.app.db.select().from(users).where(eq(users.email, email));
    expect(sameEmail).toHaveLength(1);
  });

  it('links a verified Google email to the existing account with that address', async () => {
    const user = await registerUser(t.app, { verify: true });
    google.setProfile({ sub: nextId(), email: user.email, email_verified: true, name: 'Existing' });
    const browser = new Browser(origin);
    await browser.navigate(start('google'));
    const signedIn = await completeSignIn(browser);
    expect(signedIn.user.id).toBe(user.id);
    const linked = await t.app.db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, user.id), eq(auditEvents.action, 'auth.oauth_linked')));
    expect(linked).toHaveLength(1);
  });

  it('lets a verified Google owner claim an unverified account registered with their address', async () => {
    const squatter = await registerUser(t.app);
    google.setProfile({ sub: nextId(), email: squatter.email, email_verified: true });
    const browser = new Browser(origin);
    await browser.navigate(start('google'));
    expect((await completeSignIn(browser)).user).toMatchObject({ id: squatter.id, emailVerified: true });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: squatter.email, password: squatter.password } });
    expect(login.statusCode).toBe(401);
  });

  it('refuses to link an unverified provider email to an existing account', async () => {
    const user = await registerUser(t.app, { verify: true });
    google.setProfile({ sub: nextId(), email: user.email, email_verified: false });
    const browser = new Browser(origin);
    const landed = await browser.navigate(start('google'));
    expect(landed.searchParams.get('error')).toBe('oauth_email_unverified');
    expect(browser.cookies.has('fw_refresh')).toBe(false);
  });

  it('links GitHub to the signed-in user and then signs that user in through GitHub', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    github.setProfile({
      user: { id: Number(nextId().slice(-9)), login: 'octo', name: 'Octo Cat', email: null },
      emails: [
        { email: uniqueEmail('secondary'), primary: false, verified: true },
        { email: uniqueEmail('octo'), primary: true, verified: true },
      ],
    });

    const linking = new Browser(origin);
    const landed = await linking.navigate(start('github', 'link'), client.auth);
    expect(landed.searchParams.get('linked')).toBe('github');
    expect(await linkedProviders(client.accessToken)).toEqual(['github']);

    const browser = new Browser(origin);
    await browser.navigate(start('github'));
    expect((await completeSignIn(browser)).user.id).toBe(user.id);
  });

  it('links with the refresh cookie a browser navigation carries', async () => {
    const user = await registerUser(t.app);
    github.setProfile({ user: { id: Number(nextId().slice(-9)), login: 'cookie', name: null, email: null }, emails: [] });
    const browser = new Browser(origin);
    const login = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    for (const header of login.headers.getSetCookie()) {
      const [name, value] = header.split(';')[0]!.split('=');
      browser.cookies.set(name!, value!);
    }
    const landed = await browser.navigate(start('github', 'link'));
    expect(landed.searchParams.get('linked')).toBe('github');
  });

  it('refuses to link a GitHub account that belongs to another user', async () => {
    const githubId = Number(nextId().slice(-9));
    github.setProfile({ user: { id: githubId, login: 'taken', name: null, email: null }, emails: [] });
    const owner = await signIn(t.app, await registerUser(t.app));
    expect((await new Browser(origin).navigate(start('github', 'link'), owner.auth)).searchParams.get('linked')).toBe('github');

    const other = await signIn(t.app, await registerUser(t.app));
    const landed = await new Browser(origin).navigate(start('github', 'link'), other.auth);
    expect(landed.searchParams.get('error')).toBe('oauth_account_in_use');
  });

  it('requires a signed-in user to start linking', async () => {
    const res = await fetch(start('github', 'link'), { redirect: 'manual' });
    expect(res.status).toBe(401);
  });

  it('rejects a callback whose state does not match the signed cookie', async () => {
    const landed = await new Browser(origin).navigate(`${origin}/api/v1/auth/oauth/google/callback?code=abc&state=forged`);
    expect(landed.searchParams.get('error')).toBe('oauth_state_mismatch');
  });

  it('asks a 2FA account for its second step after OAuth', async () => {
    const email = uniqueEmail('twofactor');
    google.setProfile({ sub: nextId(), email, email_verified: true });
    const browser = new Browser(origin);
    await browser.navigate(start('google'));
    const { user } = await completeSignIn(browser);
    await t.app.db.update(users).set({ totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', totpEnabledAt: new Date() }).where(eq(users.id, user.id));

    const next = new Browser(origin);
    const landed = await next.navigate(start('google'));
    expect(landed.searchParams.get('challengeToken')).toEqual(expect.any(String));
    expect(next.cookies.has('fw_refresh')).toBe(false);
  });

  it('unlinks a provider but never the last way to sign in', async () => {
    google.setProfile({ sub: nextId(), email: uniqueEmail('only'), email_verified: true });
    const browser = new Browser(origin);
    await browser.navigate(start('google'));
    const { accessToken } = await completeSignIn(browser);
    const last = await fetch(`${origin}/api/v1/me/oauth/google`, { method: 'DELETE', headers: { authorization: `Bearer ${accessToken}` } });
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: { code: string } }).error.code).toBe('last_sign_in_method');

    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    github.setProfile({ user: { id: Number(nextId().slice(-9)), login: 'unlink', name: null, email: null }, emails: [] });
    await new Browser(origin).navigate(start('github', 'link'), client.auth);
    const unlinked = await fetch(`${origin}/api/v1/me/oauth/github`, { method: 'DELETE', headers: client.auth });
    expect(unlinked.status).toBe(204);
    expect(await linkedProviders(client.accessToken)).toEqual([]);
  });
});
