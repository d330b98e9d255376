import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { AUTH_TEST_ENV, latestMail, linkToken, registerUser, signIn, uniqueEmail } from './auth.testing.ts';
import { directory } from './directory.ts';
import { users } from './tables.ts';

describe('cached user summaries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: AUTH_TEST_ENV });
  });
  afterAll(() => t.close());

  const summaryOf = async (userId: string) => (await directory.cachedUserSummaries(t.app.db, t.app.cache, [userId])).get(userId);

  it('answers from the cache until the display name changes, then shows the new name at once', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    expect(await summaryOf(user.id)).toEqual({ id: user.id, email: user.email, displayName: 'Test User' });
    // Written behind the app's back: the cached summary does not see it.
    await t.app.db.update(users).set({ displayName: 'Out of band' }).where(eq(users.id, user.id));
    expect((await summaryOf(user.id))?.displayName).toBe('Test User');

    const renamed = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: client.auth, payload: { displayName: 'Grace Hopper' } });
    expect(renamed.statusCode).toBe(200);
    expect((await summaryOf(user.id))?.displayName).toBe('Grace Hopper');
  });

  it('shows a new email address once it is confirmed, not before', async () => {
    const user = await registerUser(t.app, { verify: true });
    const client = await signIn(t.app, user);
    const newEmail = uniqueEmail('moved');
    expect((await summaryOf(user.id))?.email).toBe(user.email);

    const requested = await t.app.inject({ method: 'POST', url: '/api/v1/me/email', headers: client.auth, payload: { newEmail, currentPassword: user.password } });
    expect(requested.statusCode).toBe(202);
    expect((await summaryOf(user.id))?.email).toBe(user.email);
    const token = linkToken((await latestMail(t.app, newEmail, 'Confirm your new email address'))!.text);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } })).statusCode).toBe(200);
    expect((await summaryOf(user.id))?.email).toBe(newEmail);
  });

  it('leaves unknown people out and loads several at once', async () => {
    const [a, b] = [await registerUser(t.app), await registerUser(t.app)];
    await summaryOf(a.id);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const people = await directory.cachedUserSummaries(t.app.db, t.app.cache, [a.id, b.id, a.id, unknown]);
    expect([...people.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(people.get(b.id)?.email).toBe(b.email);
  });
});
