import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { describeStorageConformance } from './conformance.ts';
import { createStorage } from './create.ts';
import { createS3Storage } from './s3.ts';
import { startS3TestServer, type S3TestServer } from './s3-test-server.ts';

describeStorageConformance(
  's3',
  async () => {
    const server = await startS3TestServer();
    const storage = createS3Storage(server.settings);
    return {
      storage,
      async stop() {
        storage.client.destroy();
        await server.stop();
      },
    };
  },
  { verifiesSignatures: false, checksMultipartParts: false },
);

describe('s3 storage', () => {
  let server: S3TestServer;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-storage-choice-'));
  beforeAll(async () => {
    server = await startS3TestServer('other-bucket');
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is chosen when S3_BUCKET is configured, and local storage otherwise', async () => {
    const base = { DATA_DIR: dataDir, JWT_SECRET: 'j'.repeat(32), COOKIE_SECRET: 'c'.repeat(32), STORAGE_SIGNING_SECRET: 's'.repeat(32) };
    const s3 = await createStorage(loadConfig({ ...base, ...server.env }));
    expect(s3.kind).toBe('s3');
    await expect(s3.ping()).resolves.toBeUndefined();
    expect((await createStorage(loadConfig(base))).kind).toBe('local');
  });

  it('signs the content type into presigned upload URLs and adds no empty-body checksum', async () => {
    const storage = createS3Storage(server.settings);
    const url = new URL(await storage.signedUploadUrl('a/b.png', { expiresInSeconds: 60, contentType: 'image/png' }));
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-type');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect([...url.searchParams.keys()].some((k) => k.startsWith('x-amz-checksum'))).toBe(false);
    storage.client.destroy();
  });

  it('fails ping when the bucket does not exist', async () => {
    const storage = createS3Storage({ ...server.settings, bucket: 'missing-bucket' });
    await expect(storage.ping()).rejects.toThrow();
    storage.client.destroy();
  });
});
