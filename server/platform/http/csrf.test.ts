import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCsrfToken } from './csrf.ts';
import { registerErrorHandler } from './errors.ts';

describe('requireCsrfToken', () => {
  const app = Fastify();
  beforeAll(async () => {
    registerErrorHandler(app);
    await app.register(cookie);
    app.post('/write', { preHandler: requireCsrfToken }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  const write = (cookies: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/write', cookies, headers });

  it('refuses a cookie-authenticated write without the header', async () => {
    const res = await write({ fw_csrf: 'token-value' });
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('csrf_token_invalid');
  });

  it('refuses a header that does not match the cookie', async () => {
    expect((await write({ fw_csrf: 'token-value' }, { 'x-csrf-token': 'token-valuf' })).statusCode).toBe(403);
    expect((await write({ fw_csrf: 'token-value' }, { 'x-csrf-token': 'token' })).statusCode).toBe(403);
  });

  it('refuses a header without the cookie', async () => {
    expect((await write({}, { 'x-csrf-token': 'token-value' })).statusCode).toBe(403);
  });

  it('lets the write through when header and cookie match', async () => {
    const res = await write({ fw_csrf: 'token-value' }, { 'x-csrf-token': 'token-value' });
    expect(res.statusCode).toBe(200);
  });
});
