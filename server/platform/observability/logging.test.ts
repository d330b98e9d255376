import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';

interface LogLine {
  msg?: string;
  reqId?: string;
  req?: { headers?: Record<string, unknown> };
  [key: string]: unknown;
}

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

describe('request ids and logs', () => {
  let testApp: TestApp;
  const written: string[] = [];
  const lines = () => written.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    // Request logging is off under NODE_ENV=test; these tests need the lines a deployment writes.
    testApp = await buildTestApp({
      env: { NODE_ENV: 'development', LOG_LEVEL: 'info' },
      build: { logStream: { write: (chunk: string) => void written.push(chunk) } },
    });
  });
  afterAll(() => testApp.close());

  it('echoes the X-Request-Id the client sent', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'client-chosen-id-123' } });
    expect(response.headers['x-request-id']).toBe('client-chosen-id-123');
  });

  it('generates a distinct request id when the client sends none', async () => {
    const first = await testApp.app.inject({ method: 'GET', url: '/health' });
    const second = await testApp.app.inject({ method: 'GET', url: '/health' });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(first.headers['x-request-id']).toMatch(uuid);
    expect(second.headers['x-request-id']).toMatch(uuid);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('puts the request id on every line logged for a request', async () => {
    const requestId = `trace-${randomBytes(6).toString('hex')}`;
    await testApp.app.inject({ method: 'GET', url: '/api/v1/no-such-route', headers: { 'x-request-id': requestId } });
    const mine = lines().filter((l) => l.reqId === requestId);
    expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
  });

  it('never writes credentials or passwords from a request to the logs', async () => {
    const bearer = secret('bearer');
    const refreshCookie = secret('cookie');
    const apiKey = `fwk_${secret('key')}`;
    const password = secret('password');
    const requestId = `redaction-${randomBytes(6).toString('hex')}`;
    await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: {
        'x-request-id': requestId,
        authorization: `Bearer ${bearer}`,
        cookie: `fw_refresh=${refreshCookie}`,
        'x-api-key': apiKey,
      },
      payload: { email: 'someone@example.test', password },
    });

    const incoming = lines().find((l) => l.reqId === requestId && l.msg === 'incoming request');
    // The headers are logged, so it is the redaction that keeps the credentials out.
    expect(incoming?.req?.headers).toMatchObject({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-api-key': '[redacted]',
    });
    const everything = written.join('');
    for (const value of [bearer, refreshCookie, apiKey, password]) expect(everything).not.toContain(value);
  });

  it('redacts secrets in objects that code logs', () => {
    const values = { password: secret('p'), newPassword: secret('np'), refreshToken: secret('rt'), totpSecret: secret('totp'), code: secret('c') };
    testApp.app.log.info(
      {
        body: { email: 'a@example.test', password: values.password, newPassword: values.newPassword },
        session: { refreshToken: values.refreshToken },
        user: { totpSecret: values.totpSecret },
        challenge: { code: values.code },
      },
      'redaction probe',
    );
    const probe = lines().find((l) => l.msg === 'redaction probe');
    expect(probe).toMatchObject({ body: { email: 'a@example.test', password: '[redacted]', newPassword: '[redacted]' } });
    const everything = written.join('');
    for (const value of Object.values(values)) expect(everything).not.toContain(value);
  });
});
