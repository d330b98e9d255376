import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FileDetail, Upload } from '../../../../common/studio-files.ts';
import { filesLimits } from '../../../../common/studio-files.ts';
import { buildUser, buildOrganization } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { listeningFilesTestKit } from './test-support.ts';

const kit = listeningFilesTestKit();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const png = (width = 40, height = 30) => sharp({ create: { width, height, channels: 3, background: '#3366ff' } }).png().toBuffer();

describe('starting an upload', () => {
  it('refuses a type outside the allowlist, an oversized file and an unknown folder', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const exe = await kit.startUpload(member.token, projectId, { name: 'setup.exe', mimeType: 'application/x-msdownload', sizeBytes: 10 });
    expect(exe.statusCode).toBe(415);
    expect(errorCode(exe)).toBe('file_type_not_allowed');

    const html = await kit.startUpload(member.token, projectId, { name: 'page.html', mimeType: 'text/html', sizeBytes: 10 });
    expect(errorCode(html)).toBe('file_type_not_allowed');

    const huge = await kit.startUpload(member.token, projectId, { name: 'film.mp4', mimeType: 'video/mp4', sizeBytes: filesLimits.maxFileBytes + 1 });
    expect(huge.statusCode).toBe(413);
    expect(errorCode(huge)).toBe('file_too_large');

    const nowhere = await kit.startUpload(member.token, projectId, {
      name: 'a.png',
      mimeType: 'image/png',
      sizeBytes: 10,
      folderId: '00000000-0000-4000-8000-000000000000',
    });
    expect(nowhere.statusCode).toBe(404);
    expect(errorCode(nowhere)).toBe('folder_not_found');
  });

  it('takes the type from the name when the browser only says application/octet-stream', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const started = await kit.startUpload(member.token, projectId, { name: 'notes.md', mimeType: 'application/octet-stream', sizeBytes: 5 });
    expect(started.statusCode).toBe(201);
    expect(started.json<Upload>().mimeType).toBe('text/markdown');
  });

  it('answers 404 to a member of another organisation and 403 to a viewer', async () => {
    const { viewer, projectId } = await kit.projectWithTeam();
    const stranger = await buildUser(kit.app);
    await buildOrganization(kit.app, stranger.user.id, 'Elsewhere');
    const body = { name: 'a.png', mimeType: 'image/png', sizeBytes: 10 };

    const outsider = await kit.startUpload(stranger.token, projectId, body);
    expect(outsider.statusCode).toBe(404);
    expect(errorCode(outsider)).toBe('project_not_found');

    const refused = await kit.startUpload(viewer.token, projectId, body);
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('forbidden');
  });
});

describe('completing an upload', () => {
  it('records size, type and SHA-256 of a file sent straight to local storage, and serves it back through a signed URL', async () => {
    const { member, viewer, projectId } = await kit.projectWithTeam();
    const bytes = await png();
    const detail = await kit.upload(member.token, projectId, 'Hero.png', 'image/png', bytes);
    expect(detail.file).toMatchObject({ name: 'Hero.png', mimeType: 'image/png', sizeBytes: bytes.length, versionCount: 1, category: 'image' });
    expect(detail.versions).toHaveLength(1);
    expect(detail.versions[0]).toMatchObject({ number: 1, sha256: sha256(bytes) });
    expect(detail.file.createdBy?.id).toBe(member.user.id);

    const download = await kit.api('GET', `/files/${detail.file.id}/download`, viewer.token);
    expect(download.statusCode).toBe(200);
    const fetched = await fetch(download.json<{ url: string }>().url);
    expect(fetched.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);

    const redirect = await kit.api('GET', `/files/${detail.file.id}/download?redirect=true&disposition=inline`, viewer.token);
    expect(redirect.statusCode).toBe(302);
    const inline = await fetch(redirect.headers.location!);
    expect(inline.headers.get('content-disposition')).toBeNull();
    expect(inline.headers.get('content-type')).toBe('image/png');
  });

  it('never serves SVG inline, since it can carry scripts', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const detail = await kit.upload(member.token, projectId, 'logo.svg', 'image/svg+xml', svg);
    expect(detail.inline).toBe(false);
    const download = await kit.api('GET', `/files/${detail.file.id}/download?disposition=inline&redirect=true`, member.token);
    const response = await fetch(download.headers.location!);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses bytes whose real type differs from the declared one, and deletes them', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const text = Buffer.from('this is not a picture at all');
    const started = (await kit.startUpload(member.token, projectId, { name: 'fake.png', mimeType: 'image/png', sizeBytes: text.length })).json<Upload>();
    await kit.sendBytes(member.token, started, text);
    const completed = await kit.complete(member.token, started.id);
    expect(completed.statusCode).toBe(422);
    expect(completed.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
      code: 'file_type_mismatch',
      details: { declared: 'image/png', detected: 'text' },
    });
    expect(await kit.app.storage.head(`studio/${(await orgOf(projectId, member.token))}/${projectId}/files/${started.id}`)).toBeUndefined();
    expect((await kit.api('GET', `/uploads/${started.id}`, member.token)).statusCode).toBe(404);

    const pdfStarted = (await kit.startUpload(member.token, projectId, { name: 'brief.pdf', mimeType: 'application/pdf', sizeBytes: (await png()).length })).json<Upload>();
    await kit.sendBytes(member.token, pdfStarted, await png());
    const pdf = await kit.complete(member.token, pdfStarted.id);
    expect(pdf.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({ code: 'file_type_mismatch', details: { detected: 'image/png' } });

    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]);
    const textStarted = (await kit.startUpload(member.token, projectId, { name: 'notes.txt', mimeType: 'text/plain', sizeBytes: binary.length })).json<Upload>();
    await kit.sendBytes(member.token, textStarted, binary);
    expect(errorCode(await kit.complete(member.token, textStarted.id))).toBe('file_type_mismatch');
  });

  it('refuses a file shorter than declared, and says when nothing arrived yet', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const bytes = await png();
    const started = (await kit.startUpload(member.token, projectId, { name: 'a.png', mimeType: 'image/png', sizeBytes: bytes.length + 10 })).json<Upload>();
    const early = await kit.complete(member.token, started.id);
    expect(early.statusCode).toBe(409);
    expect(errorCode(early)).toBe('upload_incomplete');
    await kit.sendBytes(member.token, started, bytes);
    const short = await kit.complete(member.token, started.id);
    expect(short.statusCode).toBe(422);
    expect(errorCode(short)).toBe('upload_size_mismatch');
  });

  it('lets only the uploader see and complete their upload', async () => {
    const { member, owner, projectId } = await kit.projectWithTeam();
    const started = (await kit.startUpload(member.token, projectId, { name: 'a.png', mimeType: 'image/png', sizeBytes: 10 })).json<Upload>();
    expect((await kit.api('GET', `/uploads/${started.id}`, owner.token)).statusCode).toBe(404);
    expect((await kit.complete(owner.token, started.id)).statusCode).toBe(404);
  });

  it('answers the same file when completion is repeated', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const bytes = await png();
    const started = (await kit.startUpload(member.token, projectId, { name: 'twice.png', mimeType: 'image/png', sizeBytes: bytes.length })).json<Upload>();
    await kit.sendBytes(member.token, started, bytes);
    const first = (await kit.complete(member.token, started.id)).json<FileDetail>();
    const again = await kit.complete(member.token, started.id);
    expect(again.statusCode).toBe(200);
    expect(again.json<FileDetail>().file.id).toBe(first.file.id);
    expect(again.json<FileDetail>().versions).toHaveLength(1);
  });
});

describe('multipart uploads on local storage', () => {
  it('uploads a large file in parts, resumes from the parts already recorded, and joins them', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const bytes = Buffer.alloc(filesLimits.partSizeBytes + 1000);
    Buffer.from('PK\x03\x04').copy(bytes);
    for (let i = 4; i < bytes.length; i += 4096) bytes[i] = i % 251;
    const started = await kit.startUpload(member.token, projectId, { name: 'assets.zip', mimeType: 'application/zip', sizeBytes: bytes.length });
    expect(started.statusCode).toBe(201);
    const upload = started.json<Upload>();
    expect(upload.uploadUrl).toBeNull();
    expect(upload.multipart).toMatchObject({ partSizeBytes: filesLimits.partSizeBytes, partCount: 2, completedParts: [] });

    await kit.sendParts(member.token, upload, bytes, [2], filesLimits.partSizeBytes);
    const incomplete = await kit.complete(member.token, upload.id);
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json<{ error: { details: unknown } }>().error.details).toEqual({ missingParts: [1] });

    const resumed = (await kit.api('GET', `/uploads/${upload.id}`, member.token)).json<Upload>();
    expect(resumed.multipart!.completedParts.map((part) => part.partNumber)).toEqual([2]);
    await kit.sendParts(member.token, upload, bytes, [1], filesLimits.partSizeBytes);

    const completed = await kit.complete(member.token, upload.id);
    expect(completed.statusCode, completed.body).toBe(200);
    const detail = completed.json<FileDetail>();
    expect(detail.file).toMatchObject({ sizeBytes: bytes.length, mimeType: 'application/zip' });
    expect(detail.versions[0]!.sha256).toBe(sha256(bytes));
    const stored = await buffer(await kit.app.storage.get(`studio/${await orgOf(projectId, member.token)}/${projectId}/files/${upload.id}`));
    expect(stored.equals(bytes)).toBe(true);
  });

  it('refuses a part larger than its share of the file', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const size = filesLimits.partSizeBytes + 10;
    const upload = (await kit.startUpload(member.token, projectId, { name: 'big.zip', mimeType: 'application/zip', sizeBytes: size })).json<Upload>();
    const urls = await kit.api('POST', `/uploads/${upload.id}/parts`, member.token, { partNumbers: [2] });
    const response = await fetch(urls.json<{ parts: { url: string }[] }>().parts[0]!.url, { method: 'PUT', body: new Uint8Array(100) });
    expect(response.status).toBe(413);
    const outOfRange = await kit.api('POST', `/uploads/${upload.id}/parts`, member.token, { partNumbers: [3] });
    expect(errorCode(outOfRange)).toBe('invalid_part_number');
  });

  it('cancels an upload and drops its parts', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const upload = (await kit.startUpload(member.token, projectId, { name: 'big.zip', mimeType: 'application/zip', sizeBytes: filesLimits.partSizeBytes + 10 })).json<Upload>();
    expect((await kit.api('DELETE', `/uploads/${upload.id}`, member.token)).statusCode).toBe(204);
    expect((await kit.api('GET', `/uploads/${upload.id}`, member.token)).statusCode).toBe(404);
  });
});

async function orgOf(projectId: string, token: string): Promise<string> {
  return (await kit.api('GET', `/projects/${projectId}`, token)).json<{ project: { orgId: string } }>().project.orgId;
}
