import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { AUTH_TEST_ENV, registerUser, signIn, type AuthBody } from './auth.testing.ts';
import { memberships, organizations } from './tables.ts';

describe('GET and PATCH /me', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: AUTH_TEST_ENV });
  });
  afterAll(() => t.close());

  it('requires a credential', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('returns the user and, once the membership change is announced, their organisations', async () => {
    const user = await registerUser(t.app);
    const client = await signIn(t.app, user);
    const before = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth });
    const body = before.json<AuthBody>();
    expect(Object.keys(body).sort()).toEqual(['memberships', 'user']);
    expect(Object.keys(body.user).sort()).toEqual(['createdAt', 'displayName', 'email', 'emailVerified', 'id', 'isPlatformAdmin', 'twoFactorEnabled']);
    expect(body.user).toMatchObject({ id: user.id, email: user.email, displayName: 'Test User', emailVerified: false, twoFactorEnabled: false });
    expect(body.memberships).toEqual([]);

    const [org] = await t.app.db.insert(organizations).values({ name: 'Acme Studio', slug: `acme-${user.id.slice(0, 8)}` }).returning();
    await t.app.db.insert(memberships).values({ orgId: org!.id, userId: user.id, role: 'admin' });
    await t.app.bus.publish('membership.changed', { orgId: org!.id, userId: user.id, role: 'admin' });

    await expect
      .poll(async () => (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth })).json<AuthBody>().memberships)
      .toEqual([{ organization: { id: org!.id, name: 'Acme Studio', slug: org!.slug }, role: 'admin' }]);
  });

  it('updates the display name and shows it at once', async () => {
    const client = await signIn(t.app, await registerUser(t.app));
    await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth });
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: client.auth, payload: { displayName: '  Ada Lovelace ' } });
    expect(res.json<AuthBody>().user.displayName).toBe('Ada Lovelace');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth })).json<AuthBody>().user.displayName).toBe('Ada Lovelace');
    const empty = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: client.auth, payload: { displayName: '' } });
    expect(empty.statusCode).toBe(400);
  });
});
