import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, signedWebhookHeaders, verifyWebhookSignature } from './webhook-signature.ts';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ state: 'firing' });
  const now = new Date('2026-11-30T12:00:00Z');

  it('signs so that a receiver holding the secret verifies the body and its time', () => {
    const header = signatureHeader(secret, body, now);
    expect(header).toMatch(/^t=1796040000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, now)).toBe(true);
    expect(signedWebhookHeaders(secret, body, now)).toEqual({ 'user-agent': 'Fluxworks-Webhooks/1.0', 'x-fluxworks-signature': header });
  });

  it('refuses another secret, a changed body, a replay after five minutes and a malformed header', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifyWebhookSignature(newWebhookSecret(), header, body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header, `${body} `, now)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature(secret, 'v1=abc', body, now)).toBe(false);
    expect(verifyWebhookSignature(secret, 't=soon,v1=00', body, now)).toBe(false);
  });
});
