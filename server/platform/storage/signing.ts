import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedOperation = 'get' | 'put' | 'part';

/** What a local storage URL grants: one operation on one key, until `expiresAt` (unix seconds). */
export interface UrlGrant {
  op: SignedOperation;
  key: string;
  expiresAt: number;
  contentType: string;
  filename?: string;
  maxBytes?: number;
  /** For `part` grants: which part of which multipart upload. */
  part?: { uploadId: string; partNumber: number };
}

/** Every granted field is signed, so none can be changed without invalidating the URL. */
function canonical(grant: UrlGrant): string {
  const fields = [grant.op, grant.key, grant.expiresAt, grant.contentType, grant.filename ?? '', grant.maxBytes ?? ''];
  if (grant.part) fields.push(grant.part.uploadId, grant.part.partNumber);
  return fields.join('\n');
}

export function signGrant(secret: string, grant: UrlGrant): string {
  return createHmac('sha256', secret).update(canonical(grant)).digest('hex');
}

export function grantSignatureMatches(secret: string, grant: UrlGrant, signature: string): boolean {
  const expected = Buffer.from(signGrant(secret, grant), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `${publicUrl}/storage/<key>?op=&exp=&ct=[&fn=][&max=][&up=&pn=]&sig=` */
export function grantUrl(publicUrl: string, secret: string, grant: UrlGrant): string {
  const query = new URLSearchParams({ op: grant.op, exp: String(grant.expiresAt), ct: grant.contentType });
  if (grant.filename !== undefined) query.set('fn', grant.filename);
  if (grant.maxBytes !== undefined) query.set('max', String(grant.maxBytes));
  if (grant.part) {
    query.set('up', grant.part.uploadId);
    query.set('pn', String(grant.part.partNumber));
  }
  query.set('sig', signGrant(secret, grant));
  return `${publicUrl}/storage/${grant.key}?${query.toString()}`;
}
