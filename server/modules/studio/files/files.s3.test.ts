import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesLimits, type FileDetail, type Upload } from '../../../../common/studio-files.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { startS3TestServer, type S3TestServer } from '../../../platform/storage/s3-test-server.ts';
import { filesTestKit } from './test-support.ts';

let s3: S3TestServer;
let t: TestApp;
let kit: ReturnType<typeof filesTestKit>;
beforeAll(async () => {
  s3 = await startS3TestServer();
  t = await buildTestApp({ env: s3.env });
  kit = filesTestKit(t.app);
});
afterAll(async () => {
  await t.close();
  await s3.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('uploads to an S3 bucket', () => {
  it('uploads through a presigned URL, checks the bytes and makes a thumbnail in the bucket', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const png = await sharp({ create: { width: 500, height: 500, channels: 4, background: '#88aa00' } }).png().toBuffer();
    const started = (await kit.startUpload(member.token, projectId, { name: 'square.png', mimeType: 'image/png', sizeBytes: png.length })).json<Upload>();
    expect(new URL(started.uploadUrl!).origin).toBe(s3.settings.endpoint);
    await kit.sendBytes(member.token, started, png);
    const detail = (await kit.complete(member.token, started.id)).json<FileDetail>();
    expect(detail.versions[0]!.sha256).toBe(sha256(png));

    const ready = await kit.waitForPreview(member.token, detail.file.id);
    expect(ready.file.previewStatus).toBe('ready');
    const thumbnail = Buffer.from(await (await fetch(ready.file.thumbnailUrl!)).arrayBuffer());
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: 'webp', width: 320, height: 320 });

    const download = (await kit.api('GET', `/files/${detail.file.id}/download`, member.token)).json<{ url: string }>();
    const fetched = await fetch(download.url);
    expect(fetched.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses and deletes bytes of another type than declared', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const bytes = Buffer.from('%PDF-1.4 not really a video');
    const started = (await kit.startUpload(member.token, projectId, { name: 'clip.mp4', mimeType: 'video/mp4', sizeBytes: bytes.length })).json<Upload>();
    await kit.sendBytes(member.token, started, bytes);
    const refused = await kit.complete(member.token, started.id);
    expect(refused.statusCode).toBe(422);
    expect(errorCode(refused)).toBe('file_type_mismatch');
    expect(await t.app.storage.head(`studio/${(await kit.api('GET', `/projects/${projectId}`, member.token)).json<{ project: { orgId: string } }>().project.orgId}/${projectId}/files/${started.id}`)).toBeUndefined();
  });

  it('uploads a large file as an S3 multipart upload and joins the parts', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const bytes = Buffer.alloc(filesLimits.partSizeBytes + 4096, 0x20);
    Buffer.from('PK\x03\x04').copy(bytes);
    const started = (await kit.startUpload(member.token, projectId, { name: 'bundle.zip', mimeType: 'application/zip', sizeBytes: bytes.length })).json<Upload>();
    expect(started.multipart?.partCount).toBe(2);
    await kit.sendBytes(member.token, started, bytes);
    const completed = await kit.complete(member.token, started.id);
    expect(completed.statusCode, completed.body).toBe(200);
    const detail = completed.json<FileDetail>();
    expect(detail.file.sizeBytes).toBe(bytes.length);
    expect(detail.versions[0]!.sha256).toBe(sha256(bytes));
    const orgId = (await kit.api('GET', `/projects/${projectId}`, member.token)).json<{ project: { orgId: string } }>().project.orgId;
    expect((await buffer(await t.app.storage.get(`studio/${orgId}/${projectId}/files/${started.id}`))).equals(bytes)).toBe(true);
  });
});
