import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../../config.ts';
import { AppError, notFound } from '../http/errors.ts';
import { attachmentDisposition } from './content-disposition.ts';
import { assertSafeKey, multipartInvalid, type Storage } from './index.ts';

export type S3Settings = NonNullable<Config['s3']>;

const isMissing = (err: unknown) =>
  err instanceof S3ServiceException && (err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);

/** An S3-compatible bucket; clients upload and download directly through presigned URLs. */
export function createS3Storage(settings: S3Settings): Storage & { client: S3Client } {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    // Otherwise presigned PUT URLs carry the checksum of an empty body and S3-compatible servers refuse real uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;

  return {
    kind: 's3',
    client,
    async put(key, body, contentType) {
      assertSafeKey(key);
      // PutObject needs a known length; server-side writes are small (thumbnails, exports), large uploads use presigned URLs.
      const bytes = Buffer.isBuffer(body) ? body : await buffer(body);
      await client.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType }));
    },
    async get(key) {
      assertSafeKey(key);
      try {
        const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return result.Body as Readable;
      } catch (err) {
        if (isMissing(err)) throw notFound('object');
        throw err;
      }
    },
    async head(key) {
      assertSafeKey(key);
      try {
        const result = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { size: result.ContentLength ?? 0, contentType: result.ContentType };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async delete(key) {
      assertSafeKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async signedUploadUrl(key, options) {
      assertSafeKey(key);
      const command = new PutObjectCommand({ Bucket, Key: key, ContentType: options.contentType });
      return getSignedUrl(client, command, { expiresIn: options.expiresInSeconds, signableHeaders: new Set(['content-type']) });
    },
    async signedDownloadUrl(key, options) {
      assertSafeKey(key);
      const command = new GetObjectCommand({
        Bucket,
        Key: key,
        ResponseContentType: options.contentType,
        ResponseContentDisposition: options.filename === undefined ? undefined : attachmentDisposition(options.filename),
      });
      return getSignedUrl(client, command, { expiresIn: options.expiresInSeconds });
    },
    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
    async createMultipartUpload(key, contentType) {
      assertSafeKey(key);
      const result = await client.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType }));
      if (!result.UploadId) throw new AppError('storage_error', 502, 'The bucket did not start the multipart upload');
      return result.UploadId;
    },
    async signedPartUploadUrl(key, uploadId, partNumber, options) {
      assertSafeKey(key);
      const command = new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: partNumber });
      return getSignedUrl(client, command, { expiresIn: options.expiresInSeconds });
    },
    async completeMultipartUpload(key, uploadId, parts) {
      assertSafeKey(key);
      try {
        await client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
          }),
        );
      } catch (err) {
        if (err instanceof S3ServiceException && ['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall', 'NoSuchUpload'].includes(err.name)) {
          throw multipartInvalid(`The bucket refused to join the parts: ${err.message}`);
        }
        throw err;
      }
    },
    async abortMultipartUpload(key, uploadId) {
      assertSafeKey(key);
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }));
      } catch (err) {
        if (!(err instanceof S3ServiceException && err.name === 'NoSuchUpload')) throw err;
      }
    },
  };
}
