import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { AUTH_TEST_ENV, refresh, registerUser, signIn, type SignedInClient, type AuthBody } from './auth.testing.ts';

describe('signed-in devices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: AUTH_TEST_ENV });
  });
  afterAll(() => t.close());

  const list = (client: SignedInClient) => t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: client.auth });
  const me = (client: SignedInClient) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: client.auth });

  it('lists each device with its address and user agent and marks the current one', async () => {
    const user = await registerUser(t.app);
    const laptop = await signIn(t.app, user);
    const phone = await signIn(t.app, user);
    const res = await list(laptop);
    expect(res.statusCode).toBe(200);
    const items = res.json<AuthBody>().items as { id: string; ip: string; userAgent: string; current: boolean }[];
    expect(items).toHaveLength(2);
    expect(items.find((s) => s.current)?.ip).toBe(laptop.ip);
    expect(items.find((s) => !s.current)?.ip).toBe(phone.ip);
    expect(items[0]?.userAgent).toBe('lightMyRequest');
  });

  it('revokes one device, whose access token stops working at once', async () => {
    const user = await registerUser(t.app);
    const laptop = await signIn(t.app, user);
    const phone = await signIn(t.app, user);
    const phoneSession = ((await list(laptop)).json<AuthBody>().items as { id: string; current: boolean }[]).find((s) => !s.current)!;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${phoneSession.id}`, headers: laptop.auth });
    expect(res.statusCode).toBe(204);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await refresh(t.app, phone)).statusCode).toBe(401);
    expect((await me(laptop)).statusCode).toBe(200);
    expect((await list(laptop)).json<AuthBody>().items).toHaveLength(1);
  });

  it('does not let one user revoke another user’s session', async () => {
    const alice = await signIn(t.app, await registerUser(t.app));
    const bob = await signIn(t.app, await registerUser(t.app));
    const bobSession = ((await list(bob)).json<AuthBody>().items as { id: string }[])[0]!;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${bobSession.id}`, headers: alice.auth });
    expect([res.statusCode, res.json<AuthBody>().error.code]).toEqual([404, 'session_not_found']);
    expect((await me(bob)).statusCode).toBe(200);
  });

  it('revokes every other device and keeps this one', async () => {
    const user = await registerUser(t.app);
    const here = await signIn(t.app, user);
    const others = [await signIn(t.app, user), await signIn(t.app, user)];
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/sessions/revoke-others', headers: here.auth });
    expect(res.statusCode).toBe(204);
    for (const other of others) expect((await me(other)).statusCode).toBe(401);
    expect((await list(here)).json<AuthBody>().items).toEqual([expect.objectContaining({ current: true })]);
  });
});
