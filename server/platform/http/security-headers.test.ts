import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';

describe('security baseline on every route', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await buildTestApp({ env: { CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => testApp.close());

  it('sends Helmet headers: CSP without framing, HSTS, frame DENY and nosniff', async () => {
    for (const url of ['/health', '/api/v1/me', '/api/v1/no-such-route', '/api/docs/', '/any/page']) {
      const res = await testApp.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('lets JSON API responses load nothing, and gives documents the full policy', async () => {
    const api = await testApp.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const docs = await testApp.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.headers['content-security-policy']).toContain("default-src 'self'");
    expect(docs.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('allows cross-origin calls only from the configured origins', async () => {
    const allowed = await testApp.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');

    const refused = await testApp.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example.net' } });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers cross-origin calls from configured origins on every route, with the request id', async () => {
    const res = await testApp.app.inject({ method: 'GET', url: '/api/v1/me', headers: { origin: 'https://app.example.com', 'x-request-id': 'cors-check-1' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['x-request-id']).toBe('cors-check-1');
  });

  it('refuses a body over the limit with 413 body_too_large', async () => {
    const res = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(4096) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'body_too_large' } });
  });

  it('answers malformed JSON with 400 invalid_json and no stack trace', async () => {
    const res = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_json' } });
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('without configured CORS origins', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await buildTestApp();
  });
  afterAll(() => testApp.close());

  it('grants no cross-origin access and answers preflights 404', async () => {
    const origin = 'https://elsewhere.example.com';
    const read = await testApp.app.inject({ method: 'GET', url: '/health', headers: { origin } });
    expect(read.statusCode).toBe(200);
    expect(Object.keys(read.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    const preflight = await testApp.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/me',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(404);
    expect(Object.keys(preflight.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('conditional reads', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await buildTestApp();
  });
  afterAll(() => testApp.close());

  it('sends an ETag on API reads and answers 304 when the client already has that version', async () => {
    const url = '/api/v1/auth/oauth/providers';
    const first = await testApp.app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^"/);
    const again = await testApp.app.inject({ method: 'GET', url, headers: { 'if-none-match': String(tag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
