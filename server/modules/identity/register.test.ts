import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { AUTH_TEST_ENV, latestMail, linkToken, PASSWORD, signIn, uniqueEmail, type AuthBody } from './auth.testing.ts';
import { users } from './tables.ts';

describe('registration and email verification', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: AUTH_TEST_ENV });
  });
  afterAll(() => t.close());

  const register = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });

  it('makes the first registered user a platform admin and nobody after', async () => {
    const first = await register({ email: uniqueEmail(), password: PASSWORD, displayName: 'First' });
    const second = await register({ email: uniqueEmail(), password: PASSWORD, displayName: 'Second' });
    expect(first.statusCode).toBe(201);
    expect(first.json<AuthBody>().user).toMatchObject({ isPlatformAdmin: true, emailVerified: false, twoFactorEnabled: false, displayName: 'First' });
    expect(second.json<AuthBody>().user.isPlatformAdmin).toBe(false);
  });

  it('stores the password only as an argon2id hash', async () => {
    const res = await register({ email: uniqueEmail(), password: PASSWORD, displayName: 'Hash' });
    const [row] = await t.app.db.select().from(users).where(eq(users.id, res.json<AuthBody>().user.id));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain(PASSWORD);
  });

  it('answers each broken rule with its own code', async () => {
    const short = await register({ email: uniqueEmail(), password: 'a'.repeat(9), displayName: 'X' });
    const long = await register({ email: uniqueEmail(), password: 'a'.repeat(257), displayName: 'X' });
    const badEmail = await register({ email: 'not-an-email', password: PASSWORD, displayName: 'X' });
    expect([short.statusCode, short.json<AuthBody>().error.code]).toEqual([400, 'password_too_short']);
    expect([long.statusCode, long.json<AuthBody>().error.code]).toEqual([400, 'password_too_long']);
    expect([badEmail.statusCode, badEmail.json<AuthBody>().error.code]).toEqual([400, 'email_invalid']);
    expect((await register({ email: uniqueEmail(), password: 'a'.repeat(10), displayName: 'X' })).statusCode).toBe(201);
    expect((await register({ email: uniqueEmail(), password: 'a'.repeat(256), displayName: 'X' })).statusCode).toBe(201);
  });

  it('refuses an email that is already registered, whatever its case', async () => {
    const email = uniqueEmail();
    await register({ email, password: PASSWORD, displayName: 'Owner' });
    const again = await register({ email: email.toUpperCase(), password: PASSWORD, displayName: 'Copy' });
    expect([again.statusCode, again.json<AuthBody>().error.code]).toEqual([409, 'email_taken']);
  });

  it('publishes user.registered on the bus', async () => {
    const seen: string[] = [];
    const stop = t.app.bus.subscribe('user.registered', (e) => void seen.push(e.email));
    const email = uniqueEmail();
    await register({ email, password: PASSWORD, displayName: 'Bus' });
    await expect.poll(() => seen).toContain(email);
    stop();
  });

  it('verifies the address with the emailed link, once', async () => {
    const email = uniqueEmail();
    await register({ email, password: PASSWORD, displayName: 'Verify' });
    const mail = await latestMail(t.app, email, 'Confirm your email address');
    expect(mail?.text).toContain('http://localhost:3000/verify-email?token=');
    const token = linkToken(mail!.text);

    const verified = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect(verified.statusCode).toBe(200);
    expect(verified.json<AuthBody>().user).toMatchObject({ email, emailVerified: true });

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect([again.statusCode, again.json<AuthBody>().error.code]).toEqual([400, 'invalid_token']);
  });

  it('resends the verification link and retires the previous one', async () => {
    const email = uniqueEmail();
    await register({ email, password: PASSWORD, displayName: 'Resend' });
    const firstToken = linkToken((await latestMail(t.app, email))!.text);
    const client = await signIn(t.app, { email, password: PASSWORD });

    const resent = await t.app.inject({ method: 'POST', url: '/api/v1/auth/resend-verification', headers: client.auth });
    expect(resent.statusCode).toBe(204);
    const secondToken = linkToken((await latestMail(t.app, email))!.text);
    expect(secondToken).not.toBe(firstToken);

    const stale = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: firstToken } });
    expect(stale.statusCode).toBe(400);
    const fresh = await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: secondToken } });
    expect(fresh.statusCode).toBe(200);

    const done = await t.app.inject({ method: 'POST', url: '/api/v1/auth/resend-verification', headers: client.auth });
    expect([done.statusCode, done.json<AuthBody>().error.code]).toEqual([409, 'email_already_verified']);
  });

  it('requires sign-in to resend the verification link', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/resend-verification' });
    expect(res.statusCode).toBe(401);
  });
});
