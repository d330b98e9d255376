import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentThread, CommentThreadPage } from '../../../../common/studio-comments.ts';
import type { NotificationPage } from '../../../../common/studio-notifications.ts';
import type { TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { startListeningTestApp } from '../../../platform/storage/local-test-app.ts';
import { filesTestKit } from '../files/test-support.ts';
import { apiOf, mention, projectWithPeople } from './test-support.ts';

let t: TestApp;
let api: ReturnType<typeof apiOf>;
beforeAll(async () => {
  // Listening, so the files kit can send bytes to the signed upload URLs.
  t = await startListeningTestApp();
  api = apiOf(t.app);
});
afterAll(async () => {
  await t.close();
});

async function startThread(projectId: string, token: string, body: object = { body: 'The headline feels cramped' }): Promise<CommentThread> {
  const res = await api('POST', `/projects/${projectId}/comments`, token, body);
  expect(res.statusCode).toBe(201);
  return res.json<CommentThread>();
}

describe('comments', () => {
  it('answers 404 to people outside the organisation and 403 to a viewer who comments', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['viewer']);
    const [viewer] = people;
    const outsider = await buildUser(t.app);
    const thread = await startThread(project.id, owner.token);

    const outsiderList = await api('GET', `/projects/${project.id}/comments`, outsider.token);
    expect(outsiderList.statusCode).toBe(404);
    expect(errorCode(outsiderList)).toBe('project_not_found');
    const outsiderRead = await api('GET', `/comments/${thread.comment.id}`, outsider.token);
    expect(outsiderRead.statusCode).toBe(404);
    expect(errorCode(outsiderRead)).toBe('comment_not_found');

    expect((await api('GET', `/projects/${project.id}/comments`, viewer!.token)).statusCode).toBe(200);
    const viewerPost = await api('POST', `/projects/${project.id}/comments`, viewer!.token, { body: 'Me too' });
    expect(viewerPost.statusCode).toBe(403);
    expect(errorCode(viewerPost)).toBe('forbidden');
    expect((await api('POST', `/comments/${thread.comment.id}/replies`, viewer!.token, { body: 'Me too' })).statusCode).toBe(403);
    expect((await api('POST', `/comments/${thread.comment.id}/resolve`, viewer!.token)).statusCode).toBe(403);
  });

  it('validates anchors: points inside the image, whole pages, and only on files', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const fileId = randomUUID();
    const outside = await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'x', fileId, anchor: { kind: 'point', x: 1.2, y: 0.5 } });
    expect(outside.statusCode).toBe(400);
    expect(errorCode(outside)).toBe('validation_failed');
    const fractionalPage = await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'x', fileId, anchor: { kind: 'page', page: 1.5 } });
    expect(fractionalPage.statusCode).toBe(400);
    const unknownKind = await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'x', fileId, anchor: { kind: 'circle', r: 2 } });
    expect(unknownKind.statusCode).toBe(400);
    const noFile = await api('POST', `/projects/${project.id}/comments`, owner.token, { body: 'x', anchor: { kind: 'point', x: 0.5, y: 0.5 } });
    expect(noFile.statusCode).toBe(400);
    const empty = await api('POST', `/projects/${project.id}/comments`, owner.token, { body: '   ' });
    expect(empty.statusCode).toBe(400);
  });

  it('refuses a comment on a file that is not in the project', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const res = await api('POST', `/projects/${project.id}/comments`, owner.token, {
      body: 'Crop tighter',
      fileId: randomUUID(),
      anchor: { kind: 'point', x: 0.25, y: 0.75 },
    });
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('attachment_not_found');
  });

  it('threads replies, resolves and reopens, and filters by resolved state', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['member']);
    const [member] = people;
    const first = await startThread(project.id, owner.token, { body: 'Colours are off' });
    const second = await startThread(project.id, member!.token, { body: 'Logo too small' });

    const replied = await api('POST', `/comments/${first.comment.id}/replies`, member!.token, { body: 'Agreed, warmer please' });
    expect(replied.statusCode).toBe(201);
    const reply = replied.json<CommentThread>().replies[0]!;
    // Replying to a reply answers the same thread.
    const nested = (await api('POST', `/comments/${reply.id}/replies`, owner.token, { body: 'Will do' })).json<CommentThread>();
    expect(nested.comment.id).toBe(first.comment.id);
    expect(nested.replies.map((r) => r.body)).toEqual(['Agreed, warmer please', 'Will do']);
    expect(nested.replyCount).toBe(2);

    const resolved = (await api('POST', `/comments/${first.comment.id}/resolve`, member!.token)).json<CommentThread>();
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.resolvedBy?.id).toBe(member!.user.id);

    const open = (await api('GET', `/projects/${project.id}/comments?resolved=false`, owner.token)).json<CommentThreadPage>();
    expect(open.items.map((i) => i.comment.id)).toEqual([second.comment.id]);
    const done = (await api('GET', `/projects/${project.id}/comments?resolved=true`, owner.token)).json<CommentThreadPage>();
    expect(done.items.map((i) => i.comment.id)).toEqual([first.comment.id]);

    const reopened = (await api('POST', `/comments/${reply.id}/reopen`, owner.token)).json<CommentThread>();
    expect(reopened.resolvedAt).toBeNull();
    const all = (await api('GET', `/projects/${project.id}/comments?target=project`, owner.token)).json<CommentThreadPage>();
    expect(all.items.map((i) => i.comment.id)).toEqual([second.comment.id, first.comment.id]);
  });

  it('starts a thread once per Idempotency-Key', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/projects/${project.id}/comments`,
        headers: { ...bearer(owner.token), 'idempotency-key': 'comment-once-1' },
        payload: { body: 'Only once' },
      });
    const first = await send();
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.json<CommentThread>().comment.id).toBe(first.json<CommentThread>().comment.id);
    expect((await api('GET', `/projects/${project.id}/comments`, owner.token)).json<CommentThreadPage>().items).toHaveLength(1);
  });

  it('pages threads by cursor', async () => {
    const { owner, project } = await projectWithPeople(t.app);
    for (const body of ['one', 'two', 'three']) await startThread(project.id, owner.token, { body });
    const first = (await api('GET', `/projects/${project.id}/comments?limit=2`, owner.token)).json<CommentThreadPage>();
    expect(first.items.map((i) => i.comment.body)).toEqual(['three', 'two']);
    const second = (await api('GET', `/projects/${project.id}/comments?limit=2&cursor=${first.nextCursor}`, owner.token)).json<CommentThreadPage>();
    expect(second.items.map((i) => i.comment.body)).toEqual(['one']);
    expect(second.nextCursor).toBeNull();
    const bad = await api('GET', `/projects/${project.id}/comments?cursor=nope`, owner.token);
    expect(errorCode(bad)).toBe('invalid_cursor');
  });

  it('lets authors edit their comments, and only moderators delete other people’s', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['member', 'member']);
    const [author, other] = people;
    const thread = await startThread(project.id, author!.token, { body: 'Typo in teh title' });

    const othersEdit = await api('PATCH', `/comments/${thread.comment.id}`, other!.token, { body: 'Hijacked' });
    expect(othersEdit.statusCode).toBe(403);
    const edited = (await api('PATCH', `/comments/${thread.comment.id}`, author!.token, { body: 'Typo in the title' })).json<CommentThread>();
    expect(edited.comment.body).toBe('Typo in the title');
    expect(edited.comment.editedAt).not.toBeNull();

    expect((await api('DELETE', `/comments/${thread.comment.id}`, other!.token)).statusCode).toBe(403);
    const reply = (await api('POST', `/comments/${thread.comment.id}/replies`, other!.token, { body: 'Fixed' })).json<CommentThread>().replies[0]!;
    expect((await api('DELETE', `/comments/${reply.id}`, other!.token)).statusCode).toBe(204);
    expect((await api('GET', `/comments/${thread.comment.id}`, owner.token)).json<CommentThread>().replies).toEqual([]);

    // The owner is an organisation owner, so a project moderator: deleting a thread takes its replies.
    await api('POST', `/comments/${thread.comment.id}/replies`, other!.token, { body: 'Another' });
    expect((await api('DELETE', `/comments/${thread.comment.id}`, owner.token)).statusCode).toBe(204);
    expect((await api('GET', `/comments/${thread.comment.id}`, owner.token)).statusCode).toBe(404);
  });

  it('stores mentions of people who can read the project and notifies them; participants hear of replies', async () => {
    const { owner, project, people } = await projectWithPeople(t.app, ['member', 'viewer']);
    const [member, viewer] = people;
    const outsider = await buildUser(t.app);
    const thread = await startThread(project.id, owner.token, {
      body: `${mention({ id: viewer!.user.id, displayName: 'Vi' })} and ${mention({ id: outsider.user.id, displayName: 'Out' })}, thoughts?`,
    });
    expect(thread.comment.mentions).toEqual([viewer!.user.id]);

    const viewerInbox = (await api('GET', '/notifications', viewer!.token)).json<NotificationPage>();
    expect(viewerInbox.items).toHaveLength(1);
    expect(viewerInbox.items[0]).toMatchObject({ kind: 'mention', projectId: project.id, body: '@Vi and @Out, thoughts?' });
    expect(viewerInbox.items[0]!.link).toBe(`/projects/${project.id}/discussion?thread=${thread.comment.id}`);
    expect((await api('GET', '/notifications', outsider.token)).json<NotificationPage>().items).toHaveLength(0);

    await api('POST', `/comments/${thread.comment.id}/replies`, member!.token, { body: 'Looks good to me' });
    const ownerInbox = (await api('GET', '/notifications', owner.token)).json<NotificationPage>();
    expect(ownerInbox.items.map((n) => n.kind)).toEqual(['reply']);
    // The replier is not told about their own reply.
    expect((await api('GET', '/notifications', member!.token)).json<NotificationPage>().items).toHaveLength(0);
  });
});

describe('comments on files', () => {
  it('pins a comment on an image version, lists it by file, and tells the file’s owner', async () => {
    const kit = filesTestKit(t.app);
    const { owner, member, projectId } = await kit.projectWithTeam();
    const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366ff' } }).png().toBuffer();
    const uploaded = await kit.upload(member.token, projectId, 'hero.png', 'image/png', image);
    const other = await kit.upload(member.token, projectId, 'other.png', 'image/png', image);
    const fileId = uploaded.file.id;
    const versionId = uploaded.versions[0]!.id;

    const wrongVersion = await api('POST', `/projects/${projectId}/comments`, owner.token, { body: 'x', fileId, fileVersionId: other.versions[0]!.id });
    expect(wrongVersion.statusCode).toBe(422);
    expect(errorCode(wrongVersion)).toBe('file_version_not_found');

    const created = await api('POST', `/projects/${projectId}/comments`, owner.token, {
      body: 'Move the logo here',
      fileId,
      fileVersionId: versionId,
      anchor: { kind: 'point', x: 0.25, y: 0.75 },
    });
    expect(created.statusCode).toBe(201);
    const thread = created.json<CommentThread>();
    expect(thread.comment).toMatchObject({ fileId, fileVersionId: versionId, anchor: { kind: 'point', x: 0.25, y: 0.75 } });
    await api('POST', `/projects/${projectId}/comments`, owner.token, { body: 'Page two typo', fileId: other.file.id, anchor: { kind: 'page', page: 2 } });
    await api('POST', `/projects/${projectId}/comments`, owner.token, { body: 'Project-wide note' });

    const onFile = (await api('GET', `/projects/${projectId}/comments?target=file&fileId=${fileId}`, owner.token)).json<CommentThreadPage>();
    expect(onFile.items.map((i) => i.comment.body)).toEqual(['Move the logo here']);
    const onProject = (await api('GET', `/projects/${projectId}/comments?target=project`, owner.token)).json<CommentThreadPage>();
    expect(onProject.items.map((i) => i.comment.body)).toEqual(['Project-wide note']);
    expect((await api('GET', `/projects/${projectId}/comments?target=file`, owner.token)).statusCode).toBe(400);

    const inbox = (await api('GET', '/notifications', member.token)).json<NotificationPage>();
    expect(inbox.items.map((n) => [n.kind, n.title])).toContainEqual(['comment', expect.stringContaining('commented on hero.png')]);
    expect(inbox.items.find((n) => n.title.includes('hero.png'))!.link).toBe(`/projects/${projectId}/files?file=${fileId}&thread=${thread.comment.id}`);
  });
});
