import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { startS3TestServer, type S3TestServer } from './s3-test-server.ts';

let s3: S3TestServer;
let testApp: TestApp;
beforeAll(async () => {
  s3 = await startS3TestServer();
  testApp = await buildTestApp({ env: s3.env });
});
afterAll(async () => {
  await testApp.close();
  await s3.stop();
});

it('stores objects in the configured bucket and reports it healthy', async () => {
  const { app } = testApp;
  expect(app.storage.kind).toBe('s3');
  await app.storage.put('apps/hello.txt', Buffer.from('from the app'), 'text/plain');
  expect((await buffer(await app.storage.get('apps/hello.txt'))).toString()).toBe('from the app');
  const health = await app.inject({ method: 'GET', url: '/health' });
  expect(health.json()).toMatchObject({ checks: { storage: { status: 'up' } } });
});

it('lets the web app reach the bucket under its Content-Security-Policy', async () => {
  const page = await testApp.app.inject({ method: 'GET', url: '/api/docs/' });
  const policy = String(page.headers['content-security-policy']);
  const endpoint = new URL(testApp.app.config.s3!.endpoint!).origin;
  for (const directive of ['img-src', 'media-src', 'connect-src']) {
    expect(policy.split(';').find((part) => part.trim().startsWith(directive))).toContain(endpoint);
  }
});
