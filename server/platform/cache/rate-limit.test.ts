import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, buildTestApp, createTestEnvironment, type TestApp, type TestEnvironment } from '../../../test/support/backend.ts';

const LIMITED = { RATE_LIMIT_GLOBAL_PER_MINUTE: '3' };
const request = (testApp: TestApp, remoteAddress: string) => testApp.app.inject({ method: 'GET', url: '/api/openapi.json', remoteAddress });

describe('global per-IP rate limit', () => {
  let environment: TestEnvironment;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    environment = await createTestEnvironment(LIMITED);
    first = await buildTestApp({ environment });
    second = await buildTestApp({ environment });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await environment.cleanup();
  });

  it('answers 429 rate_limited in the platform error format past the limit', async () => {
    for (let i = 0; i < 3; i++) expect((await request(first, '203.0.113.1')).statusCode).toBe(200);
    const refused = await request(first, '203.0.113.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/too many requests/i);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts each client address separately', async () => {
    for (let i = 0; i < 4; i++) await request(first, '203.0.113.2');
    expect((await request(first, '203.0.113.3')).statusCode).toBe(200);
  });

  const sharing = backend === 'services' ? 'shares the counter across app instances through Redis' : 'keeps the counter per process without Redis';
  it(sharing, async () => {
    for (let i = 0; i < 3; i++) expect((await request(first, '203.0.113.4')).statusCode).toBe(200);
    expect((await request(second, '203.0.113.4')).statusCode).toBe(backend === 'services' ? 429 : 200);
  });
});
