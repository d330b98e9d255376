import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedOperation = 'get' | 'put';

/** What a local storage URL grants: one operation on one key, until `expiresAt` (unix seconds). */
export interface UrlGrant {
  op: SignedOperation;
  key: string;
  expiresAt: number;
  contentType: string;
  filename?: string;
  maxBytes?: number;
}

/** Every granted field is signed, so none can be changed without invalidating the URL. */
function canonical(grant: UrlGrant): string {
  return [grant.op, grant.key, grant.expiresAt, grant.contentType, grant.filename ?? '', grant.maxBytes ?? ''].join('\n');
}

export function signGrant(secret: string, grant: UrlGrant): string {
  return createHmac('sha256', secret).update(canonical(grant)).digest('hex');
}

export function grantSignatureMatches(secret: string, grant: UrlGrant, signature: string): boolean {
  const expected = Buffer.from(signGrant(secret, grant), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `${publicUrl}/storage/<key>?op=&exp=&ct=[&fn=][&max=]&sig=` */
export function grantUrl(publicUrl: string, secret: string, grant: UrlGrant): string {
  const query = new URLSearchParams({ op: grant.op, exp: String(grant.expiresAt), ct: grant.contentType });
  if (grant.filename !== undefined) query.set('fn', grant.filename);
  if (grant.maxBytes !== undefined) query.set('max', String(grant.maxBytes));
  query.set('sig', signGrant(secret, grant));
  return `${publicUrl}/storage/${grant.key}?${query.toString()}`;
}
