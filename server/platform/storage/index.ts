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

  /** Starts a multipart upload of `key`; answers the upload id the part URLs and completion name. */
  createMultipartUpload(key: string, contentType: string): Promise<string>;
  /** A URL the client can PUT one part to; its response carries the part's `ETag`, needed to complete. */
  signedPartUploadUrl(key: string, uploadId: string, partNumber: number, options: { expiresInSeconds: number; maxBytes?: number }): Promise<string>;
  /** Joins the parts in order into the object; throws 400 `multipart_invalid` when a part is missing or its ETag differs. */
  completeMultipartUpload(key: string, uploadId: string, parts: CompletedPart[]): Promise<void>;
  /** Drops the stored parts of an unfinished upload. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
}

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export const MAX_PART_NUMBER = 10_000;

export const multipartInvalid = (message: string) => new AppError('multipart_invalid', 400, message);

/** Object keys are relative paths of safe segments; anything else is refused before touching storage. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(key) || key.includes('..')) {
    throw new AppError('invalid_storage_key', 400, `The storage key ${JSON.stringify(key)} is not a safe relative path`);
  }
}
