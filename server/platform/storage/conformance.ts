import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from './index.ts';

export interface StorageUnderTest {
  storage: Storage;
  stop(): Promise<void>;
}

export interface StorageCapabilities {
  /** s3rver checks expiry but not SigV4 signatures, so tampering is only provable where the server verifies. */
  verifiesSignatures: boolean;
  /** s3rver neither checks part ETags on completion nor implements aborting a multipart upload. */
  checksMultipartParts: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uniqueKey = (name: string) => `conformance/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}/${name}`;

/** The behaviour every Storage implementation shares, exercised through real HTTP for signed URLs. */
export function describeStorageConformance(name: string, start: () => Promise<StorageUnderTest>, capabilities: StorageCapabilities): void {
  describe(`${name} storage conformance`, () => {
    let subject: StorageUnderTest;
    let storage: Storage;
    beforeAll(async () => {
      subject = await start();
      storage = subject.storage;
    });
    afterAll(() => subject.stop());

    it('answers ping', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    it('stores, describes, reads and deletes an object', async () => {
      const key = uniqueKey('notes.txt');
      await storage.put(key, Buffer.from('hello storage'), 'text/plain');
      expect(await storage.head(key)).toEqual({ size: 13, contentType: 'text/plain' });
      expect((await buffer(await storage.get(key))).toString()).toBe('hello storage');
      await storage.delete(key);
      expect(await storage.head(key)).toBeUndefined();
      await expect(storage.get(key)).rejects.toMatchObject({ code: 'object_not_found', status: 404 });
    });

    it('stores a streamed body and replaces an existing object', async () => {
      const key = uniqueKey('stream.bin');
      await storage.put(key, Buffer.from('old'), 'application/octet-stream');
      await storage.put(key, Readable.from([Buffer.from('new '), Buffer.from('bytes')]), 'application/octet-stream');
      expect((await buffer(await storage.get(key))).toString()).toBe('new bytes');
    });

    it('treats deleting a missing object as done', async () => {
      await expect(storage.delete(uniqueKey('never-written'))).resolves.toBeUndefined();
    });

    it('accepts an upload through a signed URL and serves it through a signed download URL', async () => {
      const key = uniqueKey('picture.png');
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
      const uploadUrl = await storage.signedUploadUrl(key, { expiresInSeconds: 60, contentType: 'image/png' });
      const upload = await fetch(uploadUrl, { method: 'PUT', body: bytes, headers: { 'content-type': 'image/png' } });
      expect(upload.ok).toBe(true);
      expect(await storage.head(key)).toEqual({ size: bytes.length, contentType: 'image/png' });

      const downloadUrl = await storage.signedDownloadUrl(key, { expiresInSeconds: 60, filename: 'Résumé photo.png' });
      const download = await fetch(downloadUrl);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('content-disposition')).toContain(`filename*=UTF-8''R%C3%A9sum%C3%A9%20photo.png`);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    });

    it('refuses a signed URL after it expires', async () => {
      const key = uniqueKey('expiring.txt');
      await storage.put(key, Buffer.from('soon gone'), 'text/plain');
      const url = await storage.signedDownloadUrl(key, { expiresInSeconds: 1 });
      await sleep(2_100);
      const response = await fetch(url);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('soon gone');
    });

    if (capabilities.verifiesSignatures) {
      it('refuses a signed URL whose signature was tampered with', async () => {
        const key = uniqueKey('guarded.txt');
        await storage.put(key, Buffer.from('guarded'), 'text/plain');
        const url = new URL(await storage.signedDownloadUrl(key, { expiresInSeconds: 60 }));
        const signatureParam = url.searchParams.has('sig') ? 'sig' : 'X-Amz-Signature';
        const signature = url.searchParams.get(signatureParam)!;
        url.searchParams.set(signatureParam, `${signature.startsWith('0') ? '1' : '0'}${signature.slice(1)}`);
        const response = await fetch(url);
        expect(response.status).toBe(403);
        expect(await response.text()).not.toContain('guarded');
      });
    }

    const putPart = async (url: string, bytes: Buffer<ArrayBuffer>) => {
      const response = await fetch(url, { method: 'PUT', body: bytes });
      expect(response.ok).toBe(true);
      const etag = response.headers.get('etag');
      expect(etag).toMatch(/^"?[0-9a-f]{32}"?$/);
      return etag!;
    };
    const partUrl = (key: string, uploadId: string, partNumber: number) =>
      storage.signedPartUploadUrl(key, uploadId, partNumber, { expiresInSeconds: 60, maxBytes: 6 * 1024 * 1024 });

    it('joins a multipart upload from parts sent through signed part URLs in any order', async () => {
      const key = uniqueKey('large.bin');
      const first = Buffer.alloc(5 * 1024 * 1024, 1);
      const second = Buffer.from('the tail of the file');
      const uploadId = await storage.createMultipartUpload(key, 'application/zip');
      const secondTag = await putPart(await partUrl(key, uploadId, 2), second);
      const firstTag = await putPart(await partUrl(key, uploadId, 1), first);
      await storage.completeMultipartUpload(key, uploadId, [
        { partNumber: 1, etag: firstTag },
        { partNumber: 2, etag: secondTag },
      ]);
      expect(await storage.head(key)).toEqual({ size: first.length + second.length, contentType: 'application/zip' });
      // Buffer.equals: a deep toEqual over megabytes takes seconds.
      expect((await buffer(await storage.get(key))).equals(Buffer.concat([first, second]))).toBe(true);
    });

    if (capabilities.checksMultipartParts) {
      it('refuses to complete with a part whose ETag does not match, and forgets an aborted upload', async () => {
        const key = uniqueKey('parts.bin');
        const uploadId = await storage.createMultipartUpload(key, 'application/octet-stream');
        const etag = await putPart(await partUrl(key, uploadId, 1), Buffer.from('only part'));
        await expect(storage.completeMultipartUpload(key, uploadId, [{ partNumber: 1, etag: `"${'0'.repeat(32)}"` }])).rejects.toMatchObject({
          code: 'multipart_invalid',
        });
        await storage.abortMultipartUpload(key, uploadId);
        await expect(storage.completeMultipartUpload(key, uploadId, [{ partNumber: 1, etag }])).rejects.toMatchObject({ status: expect.any(Number) as number });
        expect(await storage.head(key)).toBeUndefined();
      });
    }

    it('refuses keys that could escape the storage root', async () => {
      for (const key of ['../secrets.json', '/etc/passwd', 'a/../../b', 'a//b', '.hidden', 'a/./b', 'a b', '']) {
        await expect(storage.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toMatchObject({ code: 'invalid_storage_key', status: 400 });
        await expect(storage.get(key), key).rejects.toMatchObject({ code: 'invalid_storage_key' });
        await expect(storage.signedUploadUrl(key, { expiresInSeconds: 60 }), key).rejects.toMatchObject({ code: 'invalid_storage_key' });
      }
    });
  });
}
