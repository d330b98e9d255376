import { setTimeout } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage, Page } from '../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { bearer, buildUser } from '../../../test/support/factories.ts';
import { errorCode } from '../../../test/support/responses.ts';

describe('outbox reader (mail kept in the outbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const outbox = (token: string, query = '') => t.app.inject({ method: 'GET', url: `/api/v1/admin/outbox${query}`, headers: bearer(token) });

  it('shows a platform admin every message, newest first, page by page', async () => {
    const admin = await buildUser(t.app, { isPlatformAdmin: true });
    // Messages stored within one millisecond have no defined order; space them so "newest" is defined.
    for (const to of ['a@example.test', 'b@example.test', 'c@example.test']) {
      await t.app.mailer.send({ to, subject: `For ${to}`, text: 'hello' });
      await setTimeout(5);
    }

    const first = await outbox(admin.token, '?limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.json<Page<OutboxMessage>>().items.map((m) => m.to)).toEqual(['c@example.test', 'b@example.test']);
    const second = await outbox(admin.token, `?limit=2&cursor=${first.json<Page<OutboxMessage>>().nextCursor ?? ''}`);
    expect(second.json<Page<OutboxMessage>>().items.map((m) => m.to)).toEqual(['a@example.test']);
    expect(second.json<Page<OutboxMessage>>().nextCursor).toBeNull();
  });

  it('shows anyone else only the mail addressed to them', async () => {
    const reader = await buildUser(t.app, { email: 'Reader@Example.test' });
    await t.app.mailer.send({ to: 'reader@example.test', subject: 'Verify your email', text: 'link' });
    await t.app.mailer.send({ to: 'someone-else@example.test', subject: 'Private', text: 'secret' });
    const res = await outbox(reader.token);
    expect(res.statusCode).toBe(200);
    expect(res.json<Page<OutboxMessage>>().items.map((m) => m.subject)).toEqual(['Verify your email']);
  });

  it('requires a signed-in user', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/admin/outbox' });
    expect(res.statusCode).toBe(401);
  });
});

describe('outbox reader (mail delivered by SMTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on port 9: delivery jobs fail, but the messages are still logged in the table.
    t = await buildTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the delivery log to platform admins', async () => {
    const admin = await buildUser(t.app, { isPlatformAdmin: true });
    const user = await buildUser(t.app);
    await t.app.mailer.send({ to: user.user.email, subject: 'Delivered by SMTP', text: 'hi' });

    const asUser = await t.app.inject({ method: 'GET', url: '/api/v1/admin/outbox', headers: bearer(user.token) });
    expect(asUser.statusCode).toBe(403);
    expect(errorCode(asUser)).toBe('forbidden');
    const asAdmin = await t.app.inject({ method: 'GET', url: '/api/v1/admin/outbox', headers: bearer(admin.token) });
    expect(asAdmin.json<Page<OutboxMessage>>().items.map((m) => m.subject)).toEqual(['Delivered by SMTP']);
  });
});
