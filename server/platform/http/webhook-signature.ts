import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SIGNATURE_HEADER } from '../../../common/webhooks.ts';

/** A new webhook signing secret, shown to the admin once. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the Stripe scheme: receivers reject old timestamps to stop replays. */
export function signatureHeader(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** The headers of a signed webhook delivery: who sends it and the body's signature. */
export function signedWebhookHeaders(secret: string, body: string, now: Date = new Date()): Record<string, string> {
  return { 'user-agent': 'Fluxworks-Webhooks/1.0', [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secret, body, now) };
}

/** What a receiver does: the header's HMAC matches the body and its timestamp is within `toleranceSeconds` of `now`. */
export function verifyWebhookSignature(secret: string, header: string, body: string, now: Date = new Date(), toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((pair) => pair.split('=', 2) as [string, string | undefined]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${String(t)}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
