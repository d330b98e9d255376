import { lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStorageConformance } from './conformance.ts';
import type { LocalStorage } from './local.ts';
import { startListeningTestApp } from './local-test-app.ts';

describeStorageConformance(
  'local',
  async () => {
    const testApp = await startListeningTestApp();
    return { storage: testApp.app.storage, stop: () => testApp.close() };
  },
  { verifiesSignatures: true, checksMultipartParts: true },
);

describe('local storage signed URLs', () => {
  let testApp: Awaited<ReturnType<typeof startListeningTestApp>>;
  let storage: LocalStorage;
  let root: string;
  beforeAll(async () => {
    testApp = await startListeningTestApp({ BODY_LIMIT_BYTES: '2048' });
    storage = testApp.app.storage as LocalStorage;
    root = path.join(testApp.config.dataDir, 'storage');
  });
  afterAll(() => testApp.close());

  const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

  it('signs URLs of the documented form under PUBLIC_URL', async () => {
    const url = new URL(await storage.signedUploadUrl('forms/a.txt', { expiresInSeconds: 60, contentType: 'text/plain' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${testApp.baseUrl}/storage/forms/a.txt`);
    expect(url.searchParams.get('op')).toBe('put');
    expect(Number(url.searchParams.get('exp'))).toBeGreaterThan(Date.now() / 1000 + 50);
    expect(url.searchParams.get('ct')).toBe('text/plain');
    expect(url.searchParams.get('sig')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers signature_invalid for a tampered URL and url_expired for an old one', async () => {
    await storage.put('codes/a.txt', Buffer.from('a'), 'text/plain');
    const url = new URL(await storage.signedDownloadUrl('codes/a.txt', { expiresInSeconds: 60 }));
    url.searchParams.set('ct', 'text/html');
    const tampered = await fetch(url);
    expect(tampered.status).toBe(403);
    expect(await errorOf(tampered)).toMatchObject({ code: 'signature_invalid' });

    const old = await storage.signedDownloadUrl('codes/a.txt', { expiresInSeconds: -5 });
    const expired = await fetch(old);
    expect(expired.status).toBe(403);
    expect(await errorOf(expired)).toMatchObject({ code: 'url_expired' });
  });

  it('does not let a download URL be used to upload', async () => {
    const url = await storage.signedDownloadUrl('codes/b.txt', { expiresInSeconds: 60, contentType: 'text/plain' });
    const response = await fetch(url.replace('op=get', 'op=put'), { method: 'PUT', body: 'x', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'signature_invalid' });
    expect(await storage.head('codes/b.txt')).toBeUndefined();
  });

  it('accepts only the signed content type on upload', async () => {
    const url = await storage.signedUploadUrl('codes/c.png', { expiresInSeconds: 60, contentType: 'image/png' });
    const response = await fetch(url, { method: 'PUT', body: '<script>', headers: { 'content-type': 'text/html' } });
    expect(response.status).toBe(403);
    expect(await errorOf(response)).toMatchObject({ code: 'content_type_mismatch' });
    expect(await storage.head('codes/c.png')).toBeUndefined();
  });

  it('streams uploads larger than the JSON body limit but refuses more than the signed maximum', async () => {
    const big = Buffer.alloc(64 * 1024, 7);
    const allowed = await storage.signedUploadUrl('sizes/big.bin', { expiresInSeconds: 60, contentType: 'application/octet-stream', maxBytes: big.length });
    const accepted = await fetch(allowed, { method: 'PUT', body: big, headers: { 'content-type': 'application/octet-stream' } });
    expect(accepted.status).toBe(204);
    expect(await storage.head('sizes/big.bin')).toMatchObject({ size: big.length });

    const limited = await storage.signedUploadUrl('sizes/limited.bin', { expiresInSeconds: 60, contentType: 'application/octet-stream', maxBytes: 1000 });
    const refused = await fetch(limited, { method: 'PUT', body: big, headers: { 'content-type': 'application/octet-stream' } });
    expect(refused.status).toBe(413);
    expect(await errorOf(refused)).toMatchObject({ code: 'upload_too_large' });
    expect(await storage.head('sizes/limited.bin')).toBeUndefined();
  });

  it('keeps part URLs and whole-object URLs apart, and limits a part to its signed size', async () => {
    const uploadId = await storage.createMultipartUpload('parts/a.bin', 'application/octet-stream');
    const partUrl = await storage.signedPartUploadUrl('parts/a.bin', uploadId, 1, { expiresInSeconds: 60, maxBytes: 10 });
    const asWhole = await fetch(partUrl.replace('op=part', 'op=put'), { method: 'PUT', body: 'x', headers: { 'content-type': 'application/octet-stream' } });
    expect(await errorOf(asWhole)).toMatchObject({ code: 'signature_invalid' });
    const otherPart = await fetch(partUrl.replace('pn=1', 'pn=2'), { method: 'PUT', body: 'x' });
    expect(await errorOf(otherPart)).toMatchObject({ code: 'signature_invalid' });
    const tooBig = await fetch(partUrl, { method: 'PUT', body: 'x'.repeat(11) });
    expect(tooBig.status).toBe(413);

    const wholeUrl = await storage.signedUploadUrl('parts/b.bin', { expiresInSeconds: 60, contentType: 'application/octet-stream' });
    const asPart = await fetch(`${wholeUrl.replace('op=put', 'op=part')}&up=${uploadId}&pn=1`, { method: 'PUT', body: 'x' });
    expect(await errorOf(asPart)).toMatchObject({ code: 'signature_invalid' });

    const fits = await fetch(partUrl, { method: 'PUT', body: 'x'.repeat(10) });
    expect(fits.status).toBe(200);
    await expect(storage.completeMultipartUpload('parts/other.bin', uploadId, [{ partNumber: 1, etag: fits.headers.get('etag')! }])).rejects.toMatchObject({
      status: 404,
    });
  });

  it('serves downloads sandboxed so uploaded HTML cannot run as the app', async () => {
    await storage.put('pages/page.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
    const response = await fetch(await storage.signedDownloadUrl('pages/page.html', { expiresInSeconds: 60 }));
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('replaces a symbolic link planted at the key instead of writing through it', async () => {
    const outside = path.join(testApp.config.dataDir, 'outside.txt');
    await writeFile(outside, 'original');
    await mkdir(path.join(root, 'links'), { recursive: true });
    await symlink(outside, path.join(root, 'links', 'file.txt'));

    await expect(storage.head('links/file.txt')).resolves.toBeUndefined();
    await expect(storage.get('links/file.txt')).rejects.toMatchObject({ code: 'object_not_found' });
    await storage.put('links/file.txt', Buffer.from('replaced'), 'text/plain');
    expect(await readFile(outside, 'utf8')).toBe('original');
    expect((await lstat(path.join(root, 'links', 'file.txt'))).isSymbolicLink()).toBe(false);
  });

  it('refuses to write into a folder that is a symbolic link', async () => {
    const outsideDir = path.join(testApp.config.dataDir, 'outside-dir');
    await mkdir(outsideDir, { recursive: true });
    await symlink(outsideDir, path.join(root, 'escape'));
    await expect(storage.put('escape/file.txt', Buffer.from('x'), 'text/plain')).rejects.toThrow(/symbolic link/);
    await expect(storage.head('escape/file.txt')).resolves.toBeUndefined();
    await expect(readlink(path.join(root, 'escape'))).resolves.toBe(outsideDir);
    await expect(lstat(path.join(outsideDir, 'file.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
