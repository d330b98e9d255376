import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { notFound } from '../http/errors.ts';
import { assertSafeKey, MAX_PART_NUMBER, multipartInvalid, type CompletedPart } from './index.ts';
import { openFileNoFollow, removeDirectoryNoFollow, writeFileNoFollow } from './no-follow.ts';

/*
 * Multipart uploads for local storage, shaped like S3's: parts land in `.multipart/<uploadId>/`
 * (a name no key can take), each with its MD5 as ETag; completing streams them in order into the
 * object and removes the folder.
 */

interface UploadManifest {
  key: string;
  contentType: string;
}

const uploadDir = (uploadId: string) => `.multipart/${uploadId}`;
const unquote = (etag: string) => etag.replace(/"/g, '');

function assertUploadId(uploadId: string): void {
  if (!/^[0-9a-f]{32}$/.test(uploadId)) throw notFound('multipart_upload');
}

function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw multipartInvalid(`Part numbers go from 1 to ${MAX_PART_NUMBER}`);
  }
}

async function readSmallFile(root: string, relativePath: string): Promise<string | undefined> {
  const file = await openFileNoFollow(root, relativePath);
  if (!file) return undefined;
  try {
    return await readFile(file.handle, 'utf8');
  } finally {
    await file.handle.close();
  }
}

type PutObject = (key: string, body: Readable, contentType: string) => Promise<void>;

export function createLocalMultipart(root: string, putObject: PutObject) {
  const manifestOf = async (key: string, uploadId: string): Promise<UploadManifest> => {
    assertSafeKey(key);
    assertUploadId(uploadId);
    const text = await readSmallFile(root, `${uploadDir(uploadId)}/upload.json`);
    const manifest = text === undefined ? undefined : (JSON.parse(text) as UploadManifest);
    if (manifest?.key !== key) throw notFound('multipart_upload');
    return manifest;
  };

  return {
    async create(key: string, contentType: string): Promise<string> {
      assertSafeKey(key);
      const uploadId = randomBytes(16).toString('hex');
      const manifest: UploadManifest = { key, contentType };
      await writeFileNoFollow(root, `${uploadDir(uploadId)}/upload.json`, Buffer.from(JSON.stringify(manifest)));
      return uploadId;
    },

    async putPart(key: string, uploadId: string, partNumber: number, body: Readable, maxBytes?: number): Promise<string> {
      await manifestOf(key, uploadId);
      assertPartNumber(partNumber);
      const md5 = createHash('md5');
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          callback(null, chunk);
        },
      });
      body.on('error', (err) => hashing.destroy(err));
      await writeFileNoFollow(root, `${uploadDir(uploadId)}/${partNumber}`, body.pipe(hashing), maxBytes);
      const etag = `"${md5.digest('hex')}"`;
      await writeFileNoFollow(root, `${uploadDir(uploadId)}/${partNumber}.etag`, Buffer.from(etag));
      return etag;
    },

    async complete(key: string, uploadId: string, parts: CompletedPart[]): Promise<void> {
      const manifest = await manifestOf(key, uploadId);
      if (parts.length === 0) throw multipartInvalid('A multipart upload needs at least one part');
      for (const [index, part] of parts.entries()) {
        assertPartNumber(part.partNumber);
        if (index > 0 && part.partNumber <= parts[index - 1]!.partNumber) throw multipartInvalid('Parts must be listed in ascending order');
        const stored = await readSmallFile(root, `${uploadDir(uploadId)}/${part.partNumber}.etag`);
        if (stored === undefined || unquote(stored) !== unquote(part.etag)) {
          throw multipartInvalid(`Part ${part.partNumber} is missing or its ETag does not match`);
        }
      }
      const partFiles = async function* () {
        for (const part of parts) {
          const file = await openFileNoFollow(root, `${uploadDir(uploadId)}/${part.partNumber}`);
          if (!file) throw multipartInvalid(`Part ${part.partNumber} is missing`);
          yield* file.handle.createReadStream();
        }
      };
      await putObject(key, Readable.from(partFiles()), manifest.contentType);
      await removeDirectoryNoFollow(root, uploadDir(uploadId));
    },

    async abort(key: string, uploadId: string): Promise<void> {
      assertSafeKey(key);
      assertUploadId(uploadId);
      const text = await readSmallFile(root, `${uploadDir(uploadId)}/upload.json`);
      if (text !== undefined && (JSON.parse(text) as UploadManifest).key === key) await removeDirectoryNoFollow(root, uploadDir(uploadId));
    },
  };
}
