import type { Readable } from 'node:stream';
import { AppError } from '../http/errors.ts';

export interface StoredObject {
  size: number;
  contentType?: string;
}

export interface SignedUrlOptions {
  expiresInSeconds: number;
  contentType?: string;
  /** Suggested download file name (Content-Disposition). */
  filename?: string;
  /** Largest upload accepted through the URL; enforced by local storage (S3 callers check `head()` afterwards). */
  maxBytes?: number;
}

/** Object storage: a local folder with HMAC-signed URLs, or an S3-compatible bucket with presigned URLs. */
export interface Storage {
  kind: 'local' | 's3';
  put(key: string, body: Buffer | Readable, contentType?: string): Promise<void>;
  /** Throws `object_not_found` (404) when there is no such object. */
  get(key: string): Promise<Readable>;
  head(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
  /** A URL the client can PUT bytes to directly, until it expires. */
  signedUploadUrl(key: string, options: SignedUrlOptions): Promise<string>;
  /** A URL the client can GET the object from directly, until it expires. */
  signedDownloadUrl(key: string, options: SignedUrlOptions): Promise<string>;
  ping(): Promise<void>;
}

/** Object keys are relative paths of safe segments; anything else is refused before touching storage. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(key) || key.includes('..')) {
    throw new AppError('invalid_storage_key', 400, `The storage key ${JSON.stringify(key)} is not a safe relative path`);
  }
}
