import { execFileSync } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { users } from './tables.ts';
import { AUTH_TEST_ENV, fromSignIn, registerUser, signIn, uniqueIp, type Registered, type SignedInClient, type AuthBody } from './auth.testing.ts';

/** A code from the real oathtool binary, optionally for a moment `offsetSeconds` away from now. */
function oathtool(secret: string, offsetSeconds = 0): string {
  const at = new Date(Date.now() + offsetSeconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return execFileSync('/usr/bin/oathtool', ['--totp', '-b', '--now', at, secret], { encoding: 'utf8' }).trim();
}

describe('TOTP two-factor authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: AUTH_TEST_ENV });
  });
  afterAll(() => t.close());

  const post = (url: string, client: SignedInClient | undefined, payload?: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: client?.auth, payload });
  const login = (user: Registered, ip = uniqueIp()) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: user.password }, remoteAddress: ip });

  async function enrolled() {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const enrollment = (await post('/me/2fa/enroll', client)).json<AuthBody>();
    const confirmed = await post('/me/2fa/confirm', client, { code: oathtool(enrollment.secret) });
    expect(confirmed.statusCode).toBe(200);
    return { user, client, secret: enrollment.secret, recoveryCodes: confirmed.json<AuthBody>().recoveryCodes };
  }

  it('enrols with a base32 secret, an otpauth URL and a QR image', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const res = await post('/me/2fa/enroll', client);
    expect(res.statusCode).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = res.json<AuthBody>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Fluxworks:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const [stored] = await t.app.db.select({ totpSecret: users.totpSecret }).from(users).where(eq(users.id, user.id));
    expect(stored?.totpSecret).toBeTruthy();
    expect(stored?.totpSecret).not.toContain(secret);
    const wrong = await post('/me/2fa/confirm', client, { code: '000000' === oathtool(secret) ? '111111' : '000000' });
    expect([wrong.statusCode, wrong.json<AuthBody>().error.code]).toEqual([400, 'invalid_code']);
  });

  it('asks for a second step instead of signing in once 2FA is on', async () => {
    const { user, client, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth })).json<AuthBody>().user.twoFactorEnabled).toBe(true);

    const first = await login(user);
    expect(first.statusCode).toBe(200);
    const body = first.json<AuthBody>();
    expect(Object.keys(body).sort()).toEqual(['challengeToken', 'twoFactorRequired']);
    expect(body.twoFactorRequired).toBe(true);
    expect(first.cookies).toHaveLength(0);
  });

  it('completes the second step with oathtool, and refuses the same code twice', async () => {
    const { user, secret } = await enrolled();
    // The confirming code used the current 30-second step; the next step's code is still within tolerance.
    const code = oathtool(secret, 30);
    const ip = uniqueIp();
    const challenge = (await login(user, ip)).json<AuthBody>().challengeToken;
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', payload: { challengeToken: challenge, code }, remoteAddress: ip });
    expect(second.statusCode).toBe(200);
    const client = fromSignIn(second, ip);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth })).statusCode).toBe(200);

    const replayChallenge = (await login(user)).json<AuthBody>().challengeToken;
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', payload: { challengeToken: replayChallenge, code } });
    expect([replay.statusCode, replay.json<AuthBody>().error.code]).toEqual([401, 'invalid_code']);
  });

  it('accepts each recovery code once', async () => {
    const { user, recoveryCodes } = await enrolled();
    const useCode = async (code: string) => {
      const challengeToken = (await login(user)).json<AuthBody>().challengeToken;
      return t.app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', payload: { challengeToken, code } });
    };
    expect((await useCode(recoveryCodes[0]!)).statusCode).toBe(200);
    expect((await useCode(recoveryCodes[0]!)).statusCode).toBe(401);
    expect((await useCode(recoveryCodes[1]!.toUpperCase())).statusCode).toBe(200);
  });

  it('refuses a forged or foreign challenge token', async () => {
    const { client } = await enrolled();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', payload: { challengeToken: client.accessToken, code: '123456' } });
    expect([res.statusCode, res.json<AuthBody>().error.code]).toEqual([401, 'invalid_challenge']);
  });

  it('replaces the recovery codes, retiring the old ones', async () => {
    const { user, client, secret, recoveryCodes } = await enrolled();
    const res = await post('/me/2fa/recovery-codes', client, { code: oathtool(secret, 30) });
    expect(res.statusCode).toBe(200);
    const fresh = res.json<AuthBody>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    const challengeToken = (await login(user)).json<AuthBody>().challengeToken;
    const old = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', payload: { challengeToken, code: recoveryCodes[0] } });
    expect(old.statusCode).toBe(401);
    const current = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', payload: { challengeToken, code: fresh[0] } });
    expect(current.statusCode).toBe(200);
  });

  it('turns off with the password and a code, after which the password alone signs in', async () => {
    const { user, client, recoveryCodes } = await enrolled();
    const wrongPassword = await post('/me/2fa/disable', client, { password: 'not my password', code: recoveryCodes[0] });
    expect(wrongPassword.statusCode).toBe(403);
    expect((await post('/me/2fa/disable', client, { password: user.password, code: recoveryCodes[0] })).statusCode).toBe(204);
    const res = await login(user);
    expect(res.json<AuthBody>().accessToken).toEqual(expect.any(String));
  });
});
