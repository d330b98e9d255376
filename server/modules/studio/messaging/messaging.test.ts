import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../../../common/events.ts';
import type { Channel, Message, MessagePage, SearchHit } from '../../../../common/studio-messaging.ts';
import type { TestApp } from '../../../../test/support/backend.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { startListeningTestApp } from '../../../platform/storage/local-test-app.ts';
import { notifications } from '../comments/notifications.tables.ts';
import { filesTestKit } from '../files/test-support.ts';
import { apiOf, buildChatProject, post } from './test-support.ts';

let t: TestApp;
let api: ReturnType<typeof apiOf>;
beforeAll(async () => {
  // Listening, because file uploads in the attachment test send their bytes over HTTP.
  t = await startListeningTestApp();
  api = apiOf(t.app);
});
afterAll(() => t.close());

const channelsOf = async (projectId: string, token: string) =>
  (await api('GET', `/projects/${projectId}/chat/channels`, token)).json<{ items: Channel[] }>().items;

describe('chat over HTTP', () => {
  it('gives every project one general channel, hidden from people outside the organisation', async () => {
    const s = await buildChatProject(t.app);
    expect(s.general).toMatchObject({ kind: 'project', name: 'general', lastSequence: 0, unreadCount: 0 });
    expect((await channelsOf(s.projectId, s.people.viewer.token)).map((c) => c.id)).toEqual([s.general.id]);

    const list = await api('GET', `/projects/${s.projectId}/chat/channels`, s.outsider.token);
    expect(list.statusCode).toBe(404);
    const read = await api('GET', `/chat/channels/${s.general.id}/messages`, s.outsider.token);
    expect(read.statusCode).toBe(404);
    expect(errorCode(read)).toBe('channel_not_found');
    expect((await api('POST', `/chat/channels/${s.general.id}/messages`, s.outsider.token, { body: 'hi' })).statusCode).toBe(404);
  });

  it('lets a viewer read but not send, react or open a conversation', async () => {
    const s = await buildChatProject(t.app);
    const message = await post(t.app, s.general.id, s.people.member.token, 'Hello team');
    const history = await api('GET', `/chat/channels/${s.general.id}/messages`, s.people.viewer.token);
    expect(history.json<MessagePage>().items.map((m) => m.body)).toEqual(['Hello team']);

    const send = await api('POST', `/chat/channels/${s.general.id}/messages`, s.people.viewer.token, { body: 'Can I?' });
    expect(send.statusCode).toBe(403);
    expect(errorCode(send)).toBe('forbidden');
    expect((await api('PUT', `/chat/messages/${message.id}/reactions/${encodeURIComponent('👍')}`, s.people.viewer.token)).statusCode).toBe(403);
    expect((await api('POST', `/projects/${s.projectId}/chat/direct`, s.people.viewer.token, { userId: s.owner.userId })).statusCode).toBe(403);
  });

  it('refuses messages at once when a project just written to is archived, made private or deleted', async () => {
    const s = await buildChatProject(t.app);
    const send = (token: string) => api('POST', `/chat/channels/${s.general.id}/messages`, token, { body: 'still here?' });
    await post(t.app, s.general.id, s.people.member.token, 'the channel and project are cached now');

    expect((await api('POST', `/projects/${s.projectId}/archive`, s.owner.token)).statusCode).toBe(200);
    expect(errorCode(await send(s.people.member.token))).toBe('project_archived');
    expect((await api('POST', `/projects/${s.projectId}/restore`, s.owner.token)).statusCode).toBe(200);
    expect((await send(s.people.member.token)).statusCode).toBe(201);

    expect((await api('PATCH', `/projects/${s.projectId}`, s.owner.token, { visibility: 'private' })).statusCode).toBe(200);
    expect(errorCode(await send(s.people.member.token))).toBe('channel_not_found');
    expect((await send(s.owner.token)).statusCode).toBe(201);

    expect((await api('DELETE', `/projects/${s.projectId}`, s.owner.token)).statusCode).toBe(204);
    expect(errorCode(await send(s.owner.token))).toBe('channel_not_found');
  });

  it('orders messages by sequence and pages history backwards and forwards', async () => {
    const s = await buildChatProject(t.app);
    const sent: Message[] = [];
    for (let i = 1; i <= 7; i++) sent.push(await post(t.app, s.general.id, s.people.member.token, `message ${i}`));
    expect(sent.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const latest = (await api('GET', `/chat/channels/${s.general.id}/messages?limit=3`, s.owner.token)).json<MessagePage>();
    expect(latest.items.map((m) => m.body)).toEqual(['message 5', 'message 6', 'message 7']);
    expect(latest.hasMore).toBe(true);
    const older = (await api('GET', `/chat/channels/${s.general.id}/messages?limit=3&before=5`, s.owner.token)).json<MessagePage>();
    expect(older.items.map((m) => m.sequence)).toEqual([2, 3, 4]);
    const oldest = (await api('GET', `/chat/channels/${s.general.id}/messages?limit=3&before=2`, s.owner.token)).json<MessagePage>();
    expect(oldest).toMatchObject({ items: [{ sequence: 1 }], hasMore: false });
    const newer = (await api('GET', `/chat/channels/${s.general.id}/messages?limit=2&after=4`, s.owner.token)).json<MessagePage>();
    expect(newer.items.map((m) => m.sequence)).toEqual([5, 6]);
    expect(newer.hasMore).toBe(true);
  });

  it('returns the first message again for a repeated client id or Idempotency-Key', async () => {
    const s = await buildChatProject(t.app);
    const first = await post(t.app, s.general.id, s.people.member.token, 'only once', { clientId: 'c-1' });
    const again = await api('POST', `/chat/channels/${s.general.id}/messages`, s.people.member.token, { body: 'only once', clientId: 'c-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json<Message>().id).toBe(first.id);
    const keyed = await api('POST', `/chat/channels/${s.general.id}/messages`, s.people.member.token, { body: 'keyed' }, { 'idempotency-key': 'k-1' });
    const keyedAgain = await api('POST', `/chat/channels/${s.general.id}/messages`, s.people.member.token, { body: 'keyed' }, { 'idempotency-key': 'k-1' });
    expect(keyedAgain.json<Message>().id).toBe(keyed.json<Message>().id);
    expect((await api('GET', `/chat/channels/${s.general.id}/messages`, s.owner.token)).json<MessagePage>().items).toHaveLength(2);
    // A refused repeat leaves no gap in the channel's sequence.
    expect((await post(t.app, s.general.id, s.people.member.token, 'next')).sequence).toBe(3);
  });

  it('counts unread messages by others and mentions, and clears them when read', async () => {
    const s = await buildChatProject(t.app);
    await post(t.app, s.general.id, s.owner.token, 'first');
    await post(t.app, s.general.id, s.owner.token, `ping @[Max Member](${s.people.member.userId})`);
    await post(t.app, s.general.id, s.people.member.token, 'my own message');
    const [general] = await channelsOf(s.projectId, s.people.member.token);
    expect(general).toMatchObject({ lastSequence: 3, lastReadSequence: 0, unreadCount: 2, mentionCount: 1 });

    const read = await api('POST', `/chat/channels/${s.general.id}/read`, s.people.member.token, { sequence: 2 });
    expect(read.json()).toEqual({ sequence: 2 });
    expect((await channelsOf(s.projectId, s.people.member.token))[0]).toMatchObject({ lastReadSequence: 2, unreadCount: 0, mentionCount: 0 });
    // The read position never moves back, nor past the end of the channel.
    await api('POST', `/chat/channels/${s.general.id}/read`, s.people.member.token, { sequence: 1 });
    expect((await api('POST', `/chat/channels/${s.general.id}/read`, s.people.member.token, { sequence: 99 })).json()).toEqual({ sequence: 3 });
    expect((await channelsOf(s.projectId, s.owner.token))[0]).toMatchObject({ unreadCount: 1 });
  });

  it('keeps mentions of people who can read the channel, notifies them and publishes message.posted', async () => {
    const s = await buildChatProject(t.app);
    const posted: DomainEvents['message.posted'][] = [];
    const stop = t.app.bus.subscribe('message.posted', (event) => {
      posted.push(event);
    });
    const message = await post(t.app, s.general.id, s.owner.token, `@[Max Member](${s.people.member.userId}) and @[Stranger](${s.outsider.userId}) look`);
    expect(message.mentions).toEqual([s.people.member.userId]);
    await expect.poll(() => posted.length).toBe(1);
    stop();
    expect(posted[0]).toMatchObject({ projectId: s.projectId, channelId: s.general.id, messageId: message.id, mentions: [s.people.member.userId], actorId: s.owner.userId });

    const stored = await t.app.db.select().from(notifications).where(eq(notifications.userId, s.people.member.userId));
    expect(stored).toMatchObject([{ kind: 'mention', projectId: s.projectId, actorId: s.owner.userId, body: '@Max Member and @Stranger look' }]);
    expect(await t.app.db.select().from(notifications).where(eq(notifications.userId, s.outsider.userId))).toEqual([]);
  });

  it('threads replies under the first message and tells its author', async () => {
    const s = await buildChatProject(t.app);
    const root = await post(t.app, s.general.id, s.people.member.token, 'Which font?');
    const reply = await post(t.app, s.general.id, s.owner.token, 'Inter', { parentId: root.id });
    const nested = await post(t.app, s.general.id, s.people.admin.token, 'Agreed', { parentId: reply.id });
    expect(nested.parentId).toBe(root.id);

    expect((await api('GET', `/chat/messages/${root.id}`, s.people.viewer.token)).json<Message>()).toMatchObject({ id: root.id, replyCount: 2 });
    expect((await api('GET', `/chat/messages/${root.id}`, s.outsider.token)).statusCode).toBe(404);
    const top = (await api('GET', `/chat/channels/${s.general.id}/messages`, s.owner.token)).json<MessagePage>();
    expect(top.items).toMatchObject([{ id: root.id, replyCount: 2 }]);
    const thread = (await api('GET', `/chat/channels/${s.general.id}/messages?parentId=${root.id}`, s.owner.token)).json<MessagePage>();
    expect(thread.items.map((m) => m.body)).toEqual(['Inter', 'Agreed']);
    const replies = await t.app.db.select().from(notifications).where(eq(notifications.userId, s.people.member.userId));
    expect(replies.map((n) => n.kind)).toEqual(['reply', 'reply']);
  });

  it('lets only the author edit, the author or an admin delete, and leaves a tombstone', async () => {
    const s = await buildChatProject(t.app);
    const message = await post(t.app, s.general.id, s.people.member.token, 'tpyo');
    const notMine = await api('PATCH', `/chat/messages/${message.id}`, s.owner.token, { body: 'hijacked' });
    expect(notMine.statusCode).toBe(403);
    const edited = await api('PATCH', `/chat/messages/${message.id}`, s.people.member.token, { body: 'typo' });
    expect(edited.json<Message>()).toMatchObject({ body: 'typo', editedAt: expect.any(String) as string });
    expect(edited.json<Message>().changeSequence).toBeGreaterThan(message.changeSequence);

    const other = await post(t.app, s.general.id, s.owner.token, 'owner says');
    expect((await api('DELETE', `/chat/messages/${other.id}`, s.people.member.token)).statusCode).toBe(403);
    await api('PUT', `/chat/messages/${message.id}/reactions/${encodeURIComponent('🎉')}`, s.owner.token);
    const removed = await api('DELETE', `/chat/messages/${message.id}`, s.people.admin.token);
    expect(removed.json<Message>()).toMatchObject({ body: '', reactions: [], deletedAt: expect.any(String) as string });
    expect((await api('PATCH', `/chat/messages/${message.id}`, s.people.member.token, { body: 'again' })).statusCode).toBe(409);
  });

  it('adds each person’s reaction once and takes it back', async () => {
    const s = await buildChatProject(t.app);
    const message = await post(t.app, s.general.id, s.people.member.token, 'Ship it?');
    const thumbs = encodeURIComponent('👍');
    await api('PUT', `/chat/messages/${message.id}/reactions/${thumbs}`, s.owner.token);
    await api('PUT', `/chat/messages/${message.id}/reactions/${thumbs}`, s.owner.token);
    const both = await api('PUT', `/chat/messages/${message.id}/reactions/${thumbs}`, s.people.admin.token);
    expect(both.json<Message>().reactions).toEqual([{ emoji: '👍', count: 2, userIds: [s.owner.userId, s.people.admin.userId] }]);
    const back = await api('DELETE', `/chat/messages/${message.id}/reactions/${thumbs}`, s.owner.token);
    expect(back.json<Message>().reactions).toEqual([{ emoji: '👍', count: 1, userIds: [s.people.admin.userId] }]);
  });

  it('opens one direct conversation per pair that only its two people can read', async () => {
    const s = await buildChatProject(t.app);
    const opened = await api('POST', `/projects/${s.projectId}/chat/direct`, s.people.member.token, { userId: s.people.admin.userId });
    expect(opened.statusCode).toBe(200);
    const direct = opened.json<Channel>();
    expect(direct).toMatchObject({ kind: 'direct', name: 'Ada Admin' });
    const reopened = await api('POST', `/projects/${s.projectId}/chat/direct`, s.people.admin.token, { userId: s.people.member.userId });
    expect(reopened.json<Channel>()).toMatchObject({ id: direct.id, name: 'Max Member' });

    await post(t.app, direct.id, s.people.member.token, 'just between us');
    expect((await channelsOf(s.projectId, s.people.admin.token)).find((c) => c.id === direct.id)).toMatchObject({ unreadCount: 1 });
    expect((await channelsOf(s.projectId, s.owner.token)).map((c) => c.kind)).toEqual(['project']);
    const peek = await api('GET', `/chat/channels/${direct.id}/messages`, s.owner.token);
    expect(peek.statusCode).toBe(404);
    expect(errorCode(await api('POST', `/chat/channels/${direct.id}/messages`, s.owner.token, { body: 'let me in' }))).toBe('channel_not_found');
    expect((await api('POST', `/projects/${s.projectId}/chat/direct`, s.people.member.token, { userId: s.outsider.userId })).statusCode).toBe(422);
    expect((await api('POST', `/projects/${s.projectId}/chat/direct`, s.people.member.token, { userId: s.people.member.userId })).statusCode).toBe(422);
  });

  it('searches with stemming across the channels the actor can read, never deleted messages or others’ conversations', async () => {
    const s = await buildChatProject(t.app);
    await post(t.app, s.general.id, s.owner.token, 'The posters are printing tomorrow');
    await post(t.app, s.general.id, s.owner.token, 'Lunch at noon');
    const gone = await post(t.app, s.general.id, s.owner.token, 'poster draft to delete');
    await api('DELETE', `/chat/messages/${gone.id}`, s.owner.token);
    const direct = (await api('POST', `/projects/${s.projectId}/chat/direct`, s.owner.token, { userId: s.people.admin.userId })).json<Channel>();
    await post(t.app, direct.id, s.owner.token, 'secret poster budget');

    const search = async (token: string, q: string) =>
      (await api('GET', `/projects/${s.projectId}/chat/search?q=${encodeURIComponent(q)}`, token)).json<{ items: SearchHit[] }>().items;
    const memberHits = await search(s.people.member.token, 'poster print');
    expect(memberHits.map((h) => h.message.body)).toEqual(['The posters are printing tomorrow']);
    expect(memberHits[0]!.excerpt.filter((p) => p.match).map((p) => p.text)).toEqual(['posters', 'printing']);
    expect(memberHits[0]!.channelName).toBe('general');
    expect((await search(s.people.admin.token, 'poster')).map((h) => h.message.body).sort()).toEqual(['The posters are printing tomorrow', 'secret poster budget']);
    expect((await api('GET', `/projects/${s.projectId}/chat/search?q=x`, s.owner.token)).statusCode).toBe(400);
  });

  it('answers catch-up with messages created or changed after a change sequence', async () => {
    const s = await buildChatProject(t.app);
    const first = await post(t.app, s.general.id, s.owner.token, 'one');
    await post(t.app, s.general.id, s.owner.token, 'two');
    await api('PATCH', `/chat/messages/${first.id}`, s.owner.token, { body: 'one, edited' });
    const changes = (await api('GET', `/chat/channels/${s.general.id}/changes?since=1`, s.people.member.token)).json<{ messages: Message[]; lastSequence: number }>();
    expect(changes.messages.map((m) => m.body)).toEqual(['two', 'one, edited']);
    expect(changes.lastSequence).toBe(3);
  });

  it('attaches files of the project, refuses others, and allows a message that is only attachments', async () => {
    const s = await buildChatProject(t.app);
    const files = filesTestKit(t.app);
    const { file: brief } = await files.upload(s.owner.token, s.projectId, 'brief.txt', 'text/plain', Buffer.from('the brief'));
    const sent = await post(t.app, s.general.id, s.people.member.token, '', { attachmentIds: [brief.id] });
    expect(sent.attachments).toEqual([{ id: brief.id, name: 'brief.txt', mimeType: 'text/plain', sizeBytes: 9, thumbnailUrl: null }]);

    const other = await buildChatProject(t.app);
    const { file: elsewhere } = await files.upload(other.owner.token, other.projectId, 'other.txt', 'text/plain', Buffer.from('x'));
    const refused = await api('POST', `/chat/channels/${s.general.id}/messages`, s.people.member.token, { body: 'see', attachmentIds: [elsewhere.id] });
    expect(refused.statusCode).toBe(422);
    expect(errorCode(refused)).toBe('attachment_not_found');
    const empty = await api('POST', `/chat/channels/${s.general.id}/messages`, s.people.member.token, { body: '  ' });
    expect(empty.statusCode).toBe(400);
  });
});
