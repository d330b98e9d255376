import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, createAccessTokens } from './tokens.ts';

const secret = 'a'.repeat(48);

describe('access tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies a token it signed and returns its claims', async () => {
    const tokens = createAccessTokens(secret);
    const token = await tokens.sign({ userId: 'u1', sessionId: 's1' });
    await expect(tokens.verify(token)).resolves.toEqual({ userId: 'u1', sessionId: 's1' });
  });

  it('rejects a token signed with another secret or altered', async () => {
    const token = await createAccessTokens('b'.repeat(48)).sign({ userId: 'u1', sessionId: 's1' });
    const tokens = createAccessTokens(secret);
    await expect(tokens.verify(token)).resolves.toBeUndefined();
    const own = await tokens.sign({ userId: 'u1', sessionId: 's1' });
    await expect(tokens.verify(`${own.slice(0, -2)}xx`)).resolves.toBeUndefined();
  });

  it('recalls only tokens it has verified, and only until they expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = createAccessTokens(secret);
    const token = await tokens.sign({ userId: 'u1', sessionId: 's1' });
    expect(tokens.recall(token)).toBeUndefined();
    await tokens.verify(token);
    expect(tokens.recall(token)).toEqual({ userId: 'u1', sessionId: 's1' });
    vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
    expect(tokens.recall(token)).toBeUndefined();
  });

  it('recalls through a connection only the exact token it verified, and only until it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = createAccessTokens(secret);
    const connection = {};
    const first = await tokens.sign({ userId: 'u1', sessionId: 's1' });
    const second = await tokens.sign({ userId: 'u2', sessionId: 's2' });
    expect(tokens.recall(first, connection)).toBeUndefined();
    await tokens.verify(first);
    expect(tokens.recall(first, connection)).toEqual({ userId: 'u1', sessionId: 's1' });
    expect(tokens.recall(first, connection)).toEqual({ userId: 'u1', sessionId: 's1' });
    expect(tokens.recall(`${first.slice(0, -2)}xx`, connection)).toBeUndefined();
    expect(tokens.recall(second, connection)).toBeUndefined();
    await tokens.verify(second);
    expect(tokens.recall(second, connection)).toEqual({ userId: 'u2', sessionId: 's2' });
    expect(tokens.recall(first, connection)).toEqual({ userId: 'u1', sessionId: 's1' });
    vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
    expect(tokens.recall(first, connection)).toBeUndefined();
    expect(tokens.recall(first, connection)).toBeUndefined();
  });

  it('stops accepting a token at its expiry even after it was verified once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = createAccessTokens(secret);
    const token = await tokens.sign({ userId: 'u1', sessionId: 's1' });
    await expect(tokens.verify(token)).resolves.toBeDefined();
    vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
    await expect(tokens.verify(token)).resolves.toBeUndefined();
  });
});
