import { constants } from 'node:fs';
import { access, mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, notFound } from '../http/errors.ts';
import { assertSafeKey, type SignedUrlOptions, type Storage, type StoredObject } from './index.ts';
import { createLocalMultipart } from './local-multipart.ts';
import { openFileNoFollow, removeFileNoFollow, writeFileNoFollow } from './no-follow.ts';
import { grantSignatureMatches, grantUrl, type UrlGrant } from './signing.ts';

export interface LocalStorageOptions {
  /** Folder holding the objects, e.g. `${dataDir}/storage`. */
  root: string;
  publicUrl: string;
  signingSecret: string;
}

/** Local storage also checks the URLs it signed, for the `/storage/*` routes that serve them. */
export interface LocalStorage extends Storage {
  kind: 'local';
  put(key: string, body: Buffer | Readable, contentType?: string, maxBytes?: number): Promise<void>;
  /** Stores one part of a multipart upload; answers its ETag (the quoted MD5 of its bytes, as S3 does). */
  putPart(key: string, uploadId: string, partNumber: number, body: Readable, maxBytes?: number): Promise<string>;
  /** Throws 403 `signature_invalid` or `url_expired` unless the URL carrying `grant` is intact and current. */
  verifyGrant(grant: UrlGrant, signature: string): void;
}

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Content type and other metadata sit beside each object as `.<name>.meta`, a name no key can take. */
const metadataPath = (key: string) => path.posix.join(path.posix.dirname(key), `.${path.posix.basename(key)}.meta`);

export async function createLocalStorage(options: LocalStorageOptions): Promise<LocalStorage> {
  await mkdir(options.root, { recursive: true });
  const root = await realpath(options.root);
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const expiresAt = (seconds: number) => nowSeconds() + seconds;

  const readContentType = async (key: string): Promise<string | undefined> => {
    const file = await openFileNoFollow(root, metadataPath(key));
    if (!file) return undefined;
    try {
      return (JSON.parse(await readFile(file.handle, 'utf8')) as { contentType?: string }).contentType;
    } finally {
      await file.handle.close();
    }
  };

  const multipart = createLocalMultipart(root, (key, body, contentType) => storage.put(key, body, contentType));

  const storage: LocalStorage = {
    kind: 'local',
    createMultipartUpload: (key, contentType) => multipart.create(key, contentType),
    putPart: (key, uploadId, partNumber, body, maxBytes) => multipart.putPart(key, uploadId, partNumber, body, maxBytes),
    completeMultipartUpload: (key, uploadId, parts) => multipart.complete(key, uploadId, parts),
    abortMultipartUpload: (key, uploadId) => multipart.abort(key, uploadId),
    async signedPartUploadUrl(key, uploadId, partNumber, opts) {
      assertSafeKey(key);
      const grant: UrlGrant = {
        op: 'part',
        key,
        expiresAt: expiresAt(opts.expiresInSeconds),
        contentType: DEFAULT_CONTENT_TYPE,
        maxBytes: opts.maxBytes,
        part: { uploadId, partNumber },
      };
      return grantUrl(options.publicUrl, options.signingSecret, grant);
    },
    async put(key, body, contentType, maxBytes) {
      assertSafeKey(key);
      await writeFileNoFollow(root, key, body, maxBytes);
      await writeFileNoFollow(root, metadataPath(key), Buffer.from(JSON.stringify({ contentType: contentType ?? DEFAULT_CONTENT_TYPE })));
    },
    async get(key) {
      assertSafeKey(key);
      const file = await openFileNoFollow(root, key);
      if (!file) throw notFound('object');
      return file.handle.createReadStream();
    },
    async head(key): Promise<StoredObject | undefined> {
      assertSafeKey(key);
      const file = await openFileNoFollow(root, key);
      if (!file) return undefined;
      await file.handle.close();
      return { size: file.stats.size, contentType: await readContentType(key) };
    },
    async delete(key) {
      assertSafeKey(key);
      await removeFileNoFollow(root, key);
      await removeFileNoFollow(root, metadataPath(key));
    },
    async signedUploadUrl(key, opts: SignedUrlOptions) {
      assertSafeKey(key);
      const grant: UrlGrant = {
        op: 'put',
        key,
        expiresAt: expiresAt(opts.expiresInSeconds),
        contentType: opts.contentType ?? DEFAULT_CONTENT_TYPE,
        maxBytes: opts.maxBytes,
      };
      return grantUrl(options.publicUrl, options.signingSecret, grant);
    },
    async signedDownloadUrl(key, opts: SignedUrlOptions) {
      assertSafeKey(key);
      const grant: UrlGrant = {
        op: 'get',
        key,
        expiresAt: expiresAt(opts.expiresInSeconds),
        contentType: opts.contentType ?? (await readContentType(key)) ?? DEFAULT_CONTENT_TYPE,
        filename: opts.filename,
      };
      return grantUrl(options.publicUrl, options.signingSecret, grant);
    },
    verifyGrant(grant, signature) {
      if (!grantSignatureMatches(options.signingSecret, grant, signature)) {
        throw new AppError('signature_invalid', 403, 'This storage URL is not valid; ask for a new one');
      }
      if (grant.expiresAt < nowSeconds()) {
        throw new AppError('url_expired', 403, 'This storage URL has expired; ask for a new one');
      }
    },
    async ping() {
      await access(root, constants.R_OK | constants.W_OK);
    },
  };
  return storage;
}
