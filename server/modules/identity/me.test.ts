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

  it('sends the same ETag whether /me was just loaded or came from the cache, and 304 for it', async () => {
    const client = await signIn(t.app, await registerUser(t.app));
    const loaded = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth });
    const cached = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.headers.etag).toMatch(/^"[\w-]+"$/);
    expect([cached.statusCode, cached.body, cached.headers.etag, cached.headers['content-type']]).toEqual([
      200,
      loaded.body,
      loaded.headers.etag,
      'application/json; charset=utf-8',
    ]);
    const unchanged = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { ...client.auth, 'if-none-match': String(loaded.headers.etag) } });
    expect([unchanged.statusCode, unchanged.body]).toEqual([304, '']);

    await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: client.auth, payload: { displayName: 'Renamed' } });
    const changed = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { ...client.auth, 'if-none-match': String(loaded.headers.etag) } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<AuthBody>().user.displayName).toBe('Renamed');
    expect(changed.headers.etag).not.toBe(loaded.headers.etag);
  });

  it('refuses an access token it accepted before once its session is revoked', async () => {
    const user = await registerUser(t.app);
    const laptop = await signIn(t.app, user);
    const phone = await signIn(t.app, user);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: phone.auth })).statusCode).toBe(200);
    const sessions = (await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: laptop.auth })).json<AuthBody>().items as {
      id: string;
      current: boolean;
    }[];
    const phoneSession = sessions.find((s) => !s.current)!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${phoneSession.id}`, headers: laptop.auth })).statusCode).toBe(204);
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: phone.auth });
    expect([refused.statusCode, refused.json<AuthBody>().error.code]).toEqual([401, 'unauthenticated']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer not-a-token' } })).statusCode).toBe(401);
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
