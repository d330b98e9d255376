import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../../../common/events.ts';
import type { FileDetail, Folder, StudioFile, Upload } from '../../../../common/studio-files.ts';
import { buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { EXPIRE_UPLOADS_QUEUE, PURGE_TRASH_QUEUE } from './index.ts';
import { files, fileUploads } from './tables.ts';
import { eventually, listeningFilesTestKit } from './test-support.ts';

const kit = listeningFilesTestKit();

const png = (background = '#ff8800') => sharp({ create: { width: 64, height: 48, channels: 3, background } }).png().toBuffer();
interface Page {
  items: StudioFile[];
  nextCursor: string | null;
}
const names = (res: { json: <T>() => T }) => res.json<Page>().items.map((file) => file.name);

describe('versions', () => {
  it('adds a new version to a file, keeps the old one downloadable, and lists them newest first', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const first = await png('#ff0000');
    const second = await png('#00ff00');
    const created = await kit.upload(member.token, projectId, 'cover.png', 'image/png', first);
    const updated = await kit.upload(member.token, projectId, 'ignored-name.png', 'image/png', second, { fileId: created.file.id });
    expect(updated.file).toMatchObject({ id: created.file.id, name: 'cover.png', versionCount: 2, sizeBytes: second.length });
    expect(updated.versions.map((v) => v.number)).toEqual([2, 1]);

    const old = await kit.api('GET', `/files/${created.file.id}/versions/${created.versions[0]!.id}/download`, member.token);
    const bytes = Buffer.from(await (await fetch(old.json<{ url: string }>().url)).arrayBuffer());
    expect(bytes.equals(first)).toBe(true);
    expect((await kit.api('GET', `/files/${created.file.id}/versions`, member.token)).json<{ items: unknown[] }>().items).toHaveLength(2);

    const foreignVersion = await kit.upload(member.token, projectId, 'other.png', 'image/png', first);
    const mismatch = await kit.api('GET', `/files/${created.file.id}/versions/${foreignVersion.versions[0]!.id}/download`, member.token);
    expect(errorCode(mismatch)).toBe('version_not_found');
  });
});

describe('folders and listing', () => {
  it('creates, renames and moves folders, refusing duplicates and cycles', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const create = (name: string, parentId?: string) => kit.api('POST', `/projects/${projectId}/folders`, member.token, { name, parentId });
    const drafts = (await create('Drafts')).json<Folder>();
    const finals = (await create('Finals')).json<Folder>();
    const nested = (await create('Week 1', drafts.id)).json<Folder>();
    expect(errorCode(await create('drafts'))).toBe('folder_name_taken');
    expect((await create('Week 1')).statusCode).toBe(201);

    const cycle = await kit.api('PATCH', `/folders/${drafts.id}`, member.token, { parentId: nested.id });
    expect(errorCode(cycle)).toBe('folder_cycle');
    const moved = await kit.api('PATCH', `/folders/${nested.id}`, member.token, { parentId: finals.id, name: 'Week one' });
    expect(moved.json<Folder>()).toMatchObject({ parentId: finals.id, name: 'Week one' });

    const tree = (await kit.api('GET', `/projects/${projectId}/folders`, member.token)).json<{ items: Folder[] }>().items;
    expect(tree.map((f) => f.name)).toEqual(['Drafts', 'Finals', 'Week 1', 'Week one']);
  });

  it('lists a folder sorted by name, size or date and pages by cursor; moves and renames files', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const folder = (await kit.api('POST', `/projects/${projectId}/folders`, member.token, { name: 'Refs' })).json<Folder>();
    const small = Buffer.from('a');
    await kit.upload(member.token, projectId, 'b.txt', 'text/plain', Buffer.from('bbbb'));
    await kit.upload(member.token, projectId, 'a.txt', 'text/plain', Buffer.from('aaaaaaaa'));
    const c = await kit.upload(member.token, projectId, 'C.txt', 'text/plain', small);
    await kit.upload(member.token, projectId, 'inside.txt', 'text/plain', small, { folderId: folder.id });

    const list = (query: string) => kit.api('GET', `/projects/${projectId}/files${query}`, member.token);
    expect(names(await list(''))).toEqual(['a.txt', 'b.txt', 'C.txt']);
    expect(names(await list('?sort=size&order=desc'))).toEqual(['a.txt', 'b.txt', 'C.txt']);
    expect(names(await list(`?folderId=${folder.id}`))).toEqual(['inside.txt']);
    expect(names(await list('?q=INSIDE'))).toEqual(['inside.txt']);

    const first = (await list('?limit=2')).json<Page>();
    expect(first.items.map((f) => f.name)).toEqual(['a.txt', 'b.txt']);
    const second = (await list(`?limit=2&cursor=${first.nextCursor}`)).json<Page>();
    expect(second.items.map((f) => f.name)).toEqual(['C.txt']);
    expect(second.nextCursor).toBeNull();
    const bySize = (await list('?limit=1&sort=size')).json<Page>();
    expect(names(await list(`?limit=5&sort=size&cursor=${bySize.nextCursor}`))).toEqual(['b.txt', 'a.txt']);
    expect(errorCode(await list('?cursor=bogus'))).toBe('invalid_cursor');

    const moved = await kit.api('PATCH', `/files/${c.file.id}`, member.token, { folderId: folder.id, name: 'c-final.txt' });
    expect(moved.json<FileDetail>().file).toMatchObject({ folderId: folder.id, name: 'c-final.txt' });
    expect(names(await list(`?folderId=${folder.id}`))).toEqual(['c-final.txt', 'inside.txt']);
  });

  it('sends the files of a deleted folder to the trash; restored, they come back at the root', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const folder = (await kit.api('POST', `/projects/${projectId}/folders`, member.token, { name: 'Old' })).json<Folder>();
    const sub = (await kit.api('POST', `/projects/${projectId}/folders`, member.token, { name: 'Older', parentId: folder.id })).json<Folder>();
    const file = await kit.upload(member.token, projectId, 'deep.txt', 'text/plain', Buffer.from('deep'), { folderId: sub.id });
    const removed = await kit.api('DELETE', `/folders/${folder.id}`, member.token);
    expect(removed.json()).toEqual({ trashedFileIds: [file.file.id] });
    expect(names(await kit.api('GET', `/projects/${projectId}/files?trash=true`, member.token))).toEqual(['deep.txt']);
    const restored = await kit.api('POST', `/files/${file.file.id}/restore`, member.token);
    expect(restored.json<FileDetail>().file).toMatchObject({ folderId: null, deletedAt: null });
  });
});

describe('trash', () => {
  it('soft-deletes, restores, and lets only the deleter or an admin restore; purges with the objects', async () => {
    const { owner, member, viewer, projectId } = await kit.projectWithTeam();
    const events: DomainEvents['file.deleted'][] = [];
    const stop = kit.app.bus.subscribe('file.deleted', (payload) => void events.push(payload));
    const file = await kit.upload(owner.token, projectId, 'brief.txt', 'text/plain', Buffer.from('the brief'));

    expect((await kit.api('DELETE', `/files/${file.file.id}`, viewer.token)).statusCode).toBe(403);
    expect((await kit.api('DELETE', `/files/${file.file.id}`, member.token)).statusCode).toBe(204);
    await eventually(async () => events.length, (n) => n === 1);
    stop();
    expect(events[0]).toMatchObject({ fileId: file.file.id, actorId: member.user.id, projectId });
    expect(names(await kit.api('GET', `/projects/${projectId}/files`, member.token))).toEqual([]);
    const trash = (await kit.api('GET', `/projects/${projectId}/files?trash=true`, member.token)).json<Page>().items;
    expect(trash[0]).toMatchObject({ name: 'brief.txt', deletedBy: { id: member.user.id } });
    expect(Date.parse(trash[0]!.purgeAt!) - Date.parse(trash[0]!.deletedAt!)).toBe(30 * 24 * 3600 * 1000);
    expect((await kit.api('GET', `/files/${file.file.id}/download`, member.token)).statusCode).toBe(404);

    expect((await kit.api('POST', `/files/${file.file.id}/restore`, viewer.token)).statusCode).toBe(403);
    expect((await kit.api('POST', `/files/${file.file.id}/restore`, member.token)).statusCode).toBe(200);

    await kit.api('DELETE', `/files/${file.file.id}`, member.token);
    // The member neither uploaded it nor may moderate: purging someone else's file is for admins.
    expect((await kit.api('POST', `/files/${file.file.id}/purge`, member.token)).statusCode).toBe(403);
    expect((await kit.api('POST', `/files/${file.file.id}/purge`, owner.token)).statusCode).toBe(204);
    expect((await kit.api('GET', `/files/${file.file.id}`, owner.token)).statusCode).toBe(404);
    const [stored] = await kit.app.db.select().from(files).where(eq(files.id, file.file.id));
    expect(stored).toBeUndefined();
  });

  it('purges files deleted more than 30 days ago through the scheduled job, objects included', async () => {
    const { member, projectId, org } = await kit.projectWithTeam();
    const old = await kit.upload(member.token, projectId, 'old.txt', 'text/plain', Buffer.from('old'));
    const recent = await kit.upload(member.token, projectId, 'recent.txt', 'text/plain', Buffer.from('recent'));
    await kit.api('DELETE', `/files/${old.file.id}`, member.token);
    await kit.api('DELETE', `/files/${recent.file.id}`, member.token);
    await kit.app.db.update(files).set({ deletedAt: new Date(Date.now() - 31 * 24 * 3600 * 1000) }).where(eq(files.id, old.file.id));
    const uploads = await kit.app.db.select().from(fileUploads).where(eq(fileUploads.fileId, old.file.id));
    const key = uploads[0]!.storageKey;
    expect(key.startsWith(`studio/${org.id}/`)).toBe(true);
    expect(await kit.app.storage.head(key)).toBeDefined();

    await kit.app.jobs.send(PURGE_TRASH_QUEUE, {});
    const status = await eventually(() => kit.api('GET', `/files/${old.file.id}`, member.token).then((r) => r.statusCode), (code) => code === 404);
    expect(status).toBe(404);
    expect(await kit.app.storage.head(key)).toBeUndefined();
    expect((await kit.api('GET', `/files/${recent.file.id}`, member.token)).statusCode).toBe(200);
  });

  it('expires abandoned uploads through the scheduled job and drops their bytes', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const bytes = Buffer.from('never completed');
    const upload = (await kit.startUpload(member.token, projectId, { name: 'left.txt', mimeType: 'text/plain', sizeBytes: bytes.length })).json<Upload>();
    await kit.sendBytes(member.token, upload, bytes);
    const [row] = await kit.app.db.update(fileUploads).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(fileUploads.id, upload.id)).returning();
    expect(await kit.app.storage.head(row!.storageKey)).toBeDefined();
    await kit.app.jobs.send(EXPIRE_UPLOADS_QUEUE, {});
    // The job drops the bytes first and the row last, so a vanished row means both are gone.
    const status = await eventually(() => kit.api('GET', `/uploads/${upload.id}`, member.token).then((r) => r.statusCode), (code) => code === 404);
    expect(status).toBe(404);
    expect(await kit.app.storage.head(row!.storageKey)).toBeUndefined();
  });
});

describe('previews', () => {
  it('makes a webp thumbnail and preview of a PNG and serves them through signed URLs', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const big = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#123456' } }).png().toBuffer();
    const uploaded = await kit.upload(member.token, projectId, 'wide.png', 'image/png', big);
    const detail = await kit.waitForPreview(member.token, uploaded.file.id);
    expect(detail.file.previewStatus).toBe('ready');
    const thumbnail = Buffer.from(await (await fetch(detail.file.thumbnailUrl!)).arrayBuffer());
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: 'webp', width: 320, height: 160 });
    const preview = Buffer.from(await (await fetch(detail.file.previewUrl!)).arrayBuffer());
    expect(await sharp(preview).metadata()).toMatchObject({ format: 'webp', width: 1600, height: 800 });
  });

  it('renders the first page of a PDF and marks types without previews unsupported', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const pdf = await kit.upload(member.token, projectId, 'brief.pdf', 'application/pdf', minimalPdf());
    const notes = await kit.upload(member.token, projectId, 'notes.md', 'text/markdown', Buffer.from('# Notes'));
    const pdfDetail = await kit.waitForPreview(member.token, pdf.file.id);
    expect(pdfDetail.file.previewStatus).toBe('ready');
    const thumbnail = Buffer.from(await (await fetch(pdfDetail.file.thumbnailUrl!)).arrayBuffer());
    expect((await sharp(thumbnail).metadata()).format).toBe('webp');
    expect((await kit.waitForPreview(member.token, notes.file.id)).file).toMatchObject({ previewStatus: 'unsupported', thumbnailUrl: null });
  });

  it('takes a frame of a video with ffmpeg', async () => {
    const { member, projectId } = await kit.projectWithTeam();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-video-'));
    const file = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '2', '-pix_fmt', 'yuv420p', file]);
    const uploaded = await kit.upload(member.token, projectId, 'clip.mp4', 'video/mp4', readFileSync(file));
    rmSync(dir, { recursive: true, force: true });
    const detail = await kit.waitForPreview(member.token, uploaded.file.id);
    expect(detail.file.previewStatus).toBe('ready');
    const preview = Buffer.from(await (await fetch(detail.file.previewUrl!)).arrayBuffer());
    expect(await sharp(preview).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240 });
  });
});

describe('access', () => {
  it('answers 404 for a file to a member of another organisation, and 403 to a viewer who renames', async () => {
    const { member, viewer, projectId } = await kit.projectWithTeam();
    const file = await kit.upload(member.token, projectId, 'secret.txt', 'text/plain', Buffer.from('secret'));
    const stranger = await buildUser(kit.app);
    await buildOrganization(kit.app, stranger.user.id, 'Other');
    for (const [method, url] of [
      ['GET', `/files/${file.file.id}`],
      ['GET', `/files/${file.file.id}/download`],
      ['GET', `/projects/${projectId}/files`],
      ['PATCH', `/files/${file.file.id}`],
      ['DELETE', `/files/${file.file.id}`],
    ] as const) {
      expect((await kit.api(method, url, stranger.token, method === 'PATCH' ? { name: 'x.txt' } : undefined)).statusCode, url).toBe(404);
    }
    expect((await kit.api('PATCH', `/files/${file.file.id}`, viewer.token, { name: 'x.txt' })).statusCode).toBe(403);
    expect((await kit.api('POST', `/projects/${projectId}/folders`, viewer.token, { name: 'Mine' })).statusCode).toBe(403);
    expect((await kit.api('GET', `/files/${file.file.id}/download`, viewer.token)).statusCode).toBe(200);
  });

  it('describes attachments of the project and refuses files of other projects or in the trash', async () => {
    const { member, projectId, org } = await kit.projectWithTeam();
    const other = await kit.api('POST', `/orgs/${org.id}/projects`, member.token, { name: 'Other project' });
    const otherId = other.json<{ project: { id: string } }>().project.id;
    const here = await kit.upload(member.token, projectId, 'here.txt', 'text/plain', Buffer.from('here'));
    const there = await kit.upload(member.token, otherId, 'there.txt', 'text/plain', Buffer.from('there'));
    const trashed = await kit.upload(member.token, projectId, 'gone.txt', 'text/plain', Buffer.from('gone'));
    await kit.api('DELETE', `/files/${trashed.file.id}`, member.token);

    const actor = { type: 'user' as const, userId: member.user.id, sessionId: member.sessionId };
    const { createStudioServices } = await import('../services.ts');
    const services = createStudioServices(kit.app);
    expect(await services.files.describeAttachments(actor, projectId, [here.file.id])).toEqual([
      { id: here.file.id, name: 'here.txt', mimeType: 'text/plain', sizeBytes: 4, thumbnailUrl: null },
    ]);
    await expect(services.files.describeAttachments(actor, projectId, [here.file.id, there.file.id, trashed.file.id])).rejects.toMatchObject({
      code: 'attachment_not_found',
      status: 422,
      details: { fileIds: [there.file.id, trashed.file.id] },
    });
  });
});

describe('storage quota', () => {
  const quotaKit = listeningFilesTestKit({ STUDIO_STORAGE_QUOTA_BYTES: '1000' });

  it('counts uploads in progress against the organisation quota and refuses what would pass it', async () => {
    const { member, projectId } = await quotaKit.projectWithTeam();
    const body = { name: 'a.png', mimeType: 'image/png', sizeBytes: 600 };
    expect((await quotaKit.startUpload(member.token, projectId, body)).statusCode).toBe(201);
    const refused = await quotaKit.startUpload(member.token, projectId, body);
    expect(refused.statusCode).toBe(413);
    expect(refused.json<{ error: { code: string; details: unknown } }>().error).toMatchObject({
      code: 'storage_quota_exceeded',
      details: { usedBytes: 600, quotaBytes: 1000 },
    });
    expect((await quotaKit.api('GET', `/projects/${projectId}/storage`, member.token)).json()).toEqual({ usedBytes: 600, quotaBytes: 1000 });
    expect((await quotaKit.startUpload(member.token, projectId, { ...body, sizeBytes: 400 })).statusCode).toBe(201);
  });
});

/** A one-page PDF with a line of text, with a correct cross-reference table. */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = 'BT /F1 24 Tf 40 100 Td (Brief) Tj ET';
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
