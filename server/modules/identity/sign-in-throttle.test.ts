import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { registerUser, uniqueEmail, uniqueIp, type AuthBody } from './auth.testing.ts';
import { createSignInThrottle, throttleSubjects, TooManyAttemptsError } from './sign-in-throttle.ts';

describe('sign-in rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { SERVE_WEB: 'false' } });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

  it('answers 429 with Retry-After after five failures, even to the right password', async () => {
    const user = await registerUser(t.app);
    for (let i = 0; i < 5; i++) expect((await login(user.email, 'wrong password!', uniqueIp())).statusCode).toBe(401);
    const blocked = await login(user.email, user.password, uniqueIp());
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json<AuthBody>().error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits one address to five attempts a minute across accounts', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) expect((await login(uniqueEmail(), 'wrong password!', ip)).statusCode).toBe(401);
    const blocked = await login(uniqueEmail(), 'wrong password!', ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await login(uniqueEmail(), 'wrong password!', uniqueIp())).statusCode).toBe(401);
  });

  it('doubles the lockout with each further failure', async () => {
    const throttle = createSignInThrottle(t.app.cache, 5);
    const subjects = throttleSubjects(uniqueIp(), uniqueEmail());
    const lockout = async () => {
      const err = await throttle.attempt(subjects).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TooManyAttemptsError);
      return (err as TooManyAttemptsError).retryAfterSeconds;
    };
    for (let i = 0; i < 5; i++) await throttle.failed(subjects);
    const first = await lockout();
    await throttle.failed(subjects);
    const second = await lockout();
    await throttle.failed(subjects);
    const third = await lockout();
    expect(first).toBeGreaterThan(55);
    expect(first).toBeLessThanOrEqual(60);
    expect(second).toBeGreaterThan(115);
    expect(third).toBeGreaterThan(235);
  });
});
