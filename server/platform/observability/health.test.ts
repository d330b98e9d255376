import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backend, buildTestApp, type TestApp } from '../../../test/support/backend.ts';

interface HealthBody {
  status: 'ok' | 'degraded';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

const expectedDependencies = backend === 'services' ? ['database', 'queue', 'redis', 'storage'] : ['database', 'queue', 'storage'];

async function health(testApp: TestApp): Promise<{ statusCode: number; body: HealthBody }> {
  const response = await testApp.app.inject({ method: 'GET', url: '/health' });
  return { statusCode: response.statusCode, body: response.json<HealthBody>() };
}

describe('/health', () => {
  let testApp: TestApp | undefined;
  afterEach(async () => {
    await testApp?.close();
    testApp = undefined;
  });

  it('answers 200 with every dependency up', async () => {
    testApp = await buildTestApp();
    const { statusCode, body } = await health(testApp);
    expect(statusCode).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(expectedDependencies));
    for (const name of Object.keys(body.checks)) expect(body.checks[name]).toMatchObject({ status: 'up' });
  });

  it('answers 503 and reports the database down once its connection is closed', async () => {
    testApp = await buildTestApp();
    await testApp.app.database.close();
    const { statusCode, body } = await health(testApp);
    expect(statusCode).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.checks.database?.status).toBe('down');
    expect(body.checks.database?.error).toBeTruthy();
    expect(body.checks.storage).toMatchObject({ status: 'up' });
  });

  it('answers 503 and reports storage down when its folder is gone', async () => {
    testApp = await buildTestApp();
    rmSync(path.join(testApp.config.dataDir, 'storage'), { recursive: true, force: true });
    const { statusCode, body } = await health(testApp);
    expect(statusCode).toBe(503);
    expect(body.checks.storage).toMatchObject({ status: 'down' });
    expect(body.checks.database).toMatchObject({ status: 'up' });
  });

  it('never counts /health or /metrics against the global rate limit', async () => {
    testApp = await buildTestApp({ env: { RATE_LIMIT_GLOBAL_PER_MINUTE: '2' } });
    for (let i = 0; i < 4; i++) {
      for (const url of ['/health', '/metrics']) {
        const response = await testApp.app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        expect(response.headers).not.toHaveProperty('x-ratelimit-remaining');
      }
    }
    const limited = await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(limited.headers['x-ratelimit-remaining']).toBe('1');
  });

  if (backend === 'services') {
    it('answers 503 and reports Redis down when its connection is lost', async () => {
      testApp = await buildTestApp();
      testApp.app.redis!.disconnect();
      const { statusCode, body } = await health(testApp);
      expect(statusCode).toBe(503);
      expect(body.checks.redis).toMatchObject({ status: 'down' });
      expect(body.checks.database).toMatchObject({ status: 'up' });
    });
  } else {
    it('has no Redis check when Redis is not configured', async () => {
      testApp = await buildTestApp();
      expect(testApp.app.redis).toBeUndefined();
      const { statusCode, body } = await health(testApp);
      expect(statusCode).toBe(200);
      expect(body.checks).not.toHaveProperty('redis');
    });
  }
});
