import type { Config } from '../../config.ts';

/**
 * The origin browsers reach the bucket at through presigned URLs (uploads, thumbnails, video),
 * for the Content-Security-Policy: the endpoint as given for path-style buckets, the bucket as a
 * subdomain of it otherwise, and AWS's regional host without an endpoint.
 */
export function s3BrowserOrigin(settings: NonNullable<Config['s3']>): string {
  if (!settings.endpoint) return `https://${settings.bucket}.s3.${settings.region}.amazonaws.com`;
  const endpoint = new URL(settings.endpoint);
  return settings.forcePathStyle ? endpoint.origin : `${endpoint.protocol}//${settings.bucket}.${endpoint.host}`;
}
