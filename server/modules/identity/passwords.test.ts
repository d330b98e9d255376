import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { AUTH_TEST_ENV, latestMail, linkToken, refresh, registerUser, signIn, uniqueEmail, type SignedInClient, type AuthBody } from './auth.testing.ts';
import { auditEvents } from './tables.ts';

describe('password reset, password change and email change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: AUTH_TEST_ENV });
  });
  afterAll(() => t.close());

  const post = (url: string, payload: unknown, client?: SignedInClient) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers: client?.auth });
  const me = (client: SignedInClient) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth });
  const login = (email: string, password: string) => post('/auth/login', { email, password });
  const audited = async (userId: string, action: string) =>
    (await t.app.db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.action, action)))).length;

  it('answers a reset request for a known and an unknown email the same way, and mails only the known one', async () => {
    const user = await registerUser(t.app);
    const unknownEmail = uniqueEmail('ghost');
    const known = await post('/auth/password/forgot', { email: user.email });
    const unknown = await post('/auth/password/forgot', { email: unknownEmail });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    expect(await latestMail(t.app, user.email, 'Reset your password')).toBeDefined();
    expect(await t.app.db.select().from(mailOutbox).where(eq(mailOutbox.to, unknownEmail))).toHaveLength(0);
  });

  it('resets the password from the emailed link, once, and signs out every device', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    await post('/auth/password/forgot', { email: user.email });
    const mail = await latestMail(t.app, user.email, 'Reset your password');
    expect(mail?.text).toContain('http://localhost:3000/reset-password?token=');
    const token = linkToken(mail!.text);

    const tooShort = await post('/auth/password/reset', { token, password: 'short' });
    expect([tooShort.statusCode, tooShort.json<AuthBody>().error.code]).toEqual([400, 'password_too_short']);

    expect((await post('/auth/password/reset', { token, password: 'a brand new password' })).statusCode).toBe(204);
    const reused = await post('/auth/password/reset', { token, password: 'another new password' });
    expect([reused.statusCode, reused.json<AuthBody>().error.code]).toEqual([400, 'invalid_token']);

    expect((await me(client)).statusCode).toBe(401);
    expect((await refresh(t.app, client)).statusCode).toBe(401);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    expect((await login(user.email, 'a brand new password')).statusCode).toBe(200);
    expect(await audited(user.id, 'auth.password_reset')).toBe(1);
  });

  it('changes the password only with the current one and signs out the other devices', async () => {
    const user = await registerUser(t.app);
    const here = await signIn(t.app, user);
    const elsewhere = await signIn(t.app, user);

    const wrong = await post('/me/password', { currentPassword: 'not my password', newPassword: 'a fresh password' }, here);
    expect([wrong.statusCode, wrong.json<AuthBody>().error.code]).toEqual([403, 'invalid_password']);
    const weak = await post('/me/password', { currentPassword: user.password, newPassword: 'short' }, here);
    expect(weak.json<AuthBody>().error.code).toBe('password_too_short');

    expect((await post('/me/password', { currentPassword: user.password, newPassword: 'a fresh password' }, here)).statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await refresh(t.app, here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await login(user.email, 'a fresh password')).statusCode).toBe(200);
    expect(await audited(user.id, 'auth.password_changed')).toBe(1);
  });

  it('changes the email once the new address confirms it', async () => {
    const user = await registerUser(t.app, { verify: true });
    const client = await signIn(t.app, user);
    const newEmail = uniqueEmail('moved');

    const wrong = await post('/me/email', { newEmail, currentPassword: 'not my password' }, client);
    expect(wrong.statusCode).toBe(403);
    expect((await post('/me/email', { newEmail, currentPassword: user.password }, client)).statusCode).toBe(202);
    expect(await latestMail(t.app, user.email, 'Your email address is being changed')).toBeDefined();
    expect((await me(client)).json<AuthBody>().user.email).toBe(user.email);

    const token = linkToken((await latestMail(t.app, newEmail, 'Confirm your new email address'))!.text);
    const verified = await post('/auth/verify-email', { token });
    expect(verified.json<AuthBody>().user).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await me(client)).json<AuthBody>().user.email).toBe(newEmail);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    expect((await login(newEmail, user.password)).statusCode).toBe(200);
    expect(await audited(user.id, 'auth.email_changed')).toBe(1);
  });

  it('refuses to change to an address another account uses', async () => {
    const other = await registerUser(t.app);
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const taken = await post('/me/email', { newEmail: other.email, currentPassword: user.password }, client);
    expect([taken.statusCode, taken.json<AuthBody>().error.code]).toEqual([409, 'email_taken']);
    const invalid = await post('/me/email', { newEmail: 'nope', currentPassword: user.password }, client);
    expect(invalid.json<AuthBody>().error.code).toBe('email_invalid');
  });
});
