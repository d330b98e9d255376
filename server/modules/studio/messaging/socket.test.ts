import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Message, PresencePayload, TypingPayload } from '../../../../common/studio-messaging.ts';
import { backend, buildTestApp, createTestEnvironment, type TestApp, type TestEnvironment } from '../../../../test/support/backend.ts';
import { listenOnFreePort, namespaceClients, nextEvent, ok, type TestClient } from '../../../platform/realtime/test-support.ts';
import { chatMessages } from './tables.ts';
import { apiOf, buildChatProject, post } from './test-support.ts';

const connect = namespaceClients('/messaging');


/** Presence events for one person, as a watcher sees them. */
function presenceOf(client: TestClient, userId: string): PresencePayload['status'][] {
  const seen: PresencePayload['status'][] = [];
  client.on('presence:changed', (payload) => {
    if (payload.userId === userId) seen.push(payload.status);
  });
  return seen;
}

describe('chat over the /messaging socket', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await buildTestApp();
    baseUrl = await listenOnFreePort(t.app);
  });
  afterAll(() => t.close());

  it('stores a message before broadcasting it, acks the sender and dedupes a resend', async () => {
    const s = await buildChatProject(t.app);
    const sender = await connect(baseUrl, s.people.member.token);
    const reader = await connect(baseUrl, s.owner.token);
    ok(await sender.emitWithAck('chat:join', { channelId: s.general.id }));
    ok(await reader.emitWithAck('chat:join', { channelId: s.general.id }));

    const storedAtReceipt = new Promise<boolean>((resolve) => {
      reader.once('chat:message', (message) => {
        // Looked up the moment the broadcast arrives: the row must already be committed.
        void t.app.db
          .select({ id: chatMessages.id })
          .from(chatMessages)
          .where(eq(chatMessages.id, message.id))
          .then((rows) => resolve(rows.length === 1));
      });
    });
    const clientId = randomUUID();
    const { message } = ok(await sender.emitWithAck('chat:send', { channelId: s.general.id, clientId, body: 'Live hello' }));
    expect(message).toMatchObject({ body: 'Live hello', clientId, sequence: 1 });
    expect(await storedAtReceipt).toBe(true);

    let echoes = 0;
    reader.on('chat:message', () => (echoes += 1));
    const resend = ok(await sender.emitWithAck('chat:send', { channelId: s.general.id, clientId, body: 'Live hello' }));
    expect(resend.message.id).toBe(message.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(echoes).toBe(0);
  });

  it('refuses joins by outsiders and sends by viewers with stable codes', async () => {
    const s = await buildChatProject(t.app);
    const outsider = await connect(baseUrl, s.outsider.token);
    expect(await outsider.emitWithAck('chat:join', { channelId: s.general.id })).toMatchObject({ ok: false, error: { code: 'channel_not_found' } });
    expect(t.app.io.of('/messaging').adapter.rooms.get(`channel:${s.general.id}`)).toBeUndefined();

    const viewer = await connect(baseUrl, s.people.viewer.token);
    ok(await viewer.emitWithAck('chat:join', { channelId: s.general.id }));
    expect(await viewer.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'v1', body: 'hi' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await viewer.emitWithAck('chat:send', { channelId: 'nope', clientId: 'v1', body: 'hi' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('broadcasts edits, reactions and thread reply counts, and typing to the others in the channel', async () => {
    const s = await buildChatProject(t.app);
    const member = await connect(baseUrl, s.people.member.token);
    const owner = await connect(baseUrl, s.owner.token);
    for (const client of [member, owner]) ok(await client.emitWithAck('chat:join', { channelId: s.general.id }));

    const typing = nextEvent(owner, 'chat:typing');
    member.emit('chat:typing', { channelId: s.general.id });
    expect(await typing).toEqual({ channelId: s.general.id, parentId: null, user: { id: s.people.member.userId, displayName: 'Max Member' } } satisfies TypingPayload);

    const { message } = ok(await member.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'm1', body: 'Draft v1' }));
    const edited = nextEvent(owner, 'chat:message-changed');
    ok(await member.emitWithAck('chat:edit', { messageId: message.id, body: 'Draft v2' }));
    expect(await edited).toMatchObject({ id: message.id, body: 'Draft v2' });

    const reacted = nextEvent(member, 'chat:message-changed');
    ok(await owner.emitWithAck('chat:react', { messageId: message.id, emoji: '🔥', on: true }));
    expect((await reacted).reactions).toEqual([{ emoji: '🔥', count: 1, userIds: [s.owner.userId] }]);

    const parentChanged = nextEvent(member, 'chat:message-changed');
    ok(await owner.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'o1', body: 'Looks good', parentId: message.id }));
    expect(await parentChanged).toMatchObject({ id: message.id, replyCount: 1 });
  });

  it('names the author by their current name once they rename themselves, in messages, history and typing', async () => {
    const s = await buildChatProject(t.app);
    const member = await connect(baseUrl, s.people.member.token);
    const owner = await connect(baseUrl, s.owner.token);
    for (const client of [member, owner]) ok(await client.emitWithAck('chat:join', { channelId: s.general.id }));
    const before = nextEvent(owner, 'chat:message');
    const { message: first } = ok(await member.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'r1', body: 'before' }));
    expect((await before).author?.displayName).toBe('Max Member');

    const renamed = await apiOf(t.app)('PATCH', '/me', s.people.member.token, { displayName: 'Max Renamed' });
    expect(renamed.statusCode).toBe(200);
    const after = nextEvent(owner, 'chat:message');
    const { message } = ok(await member.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'r2', body: 'after' }));
    expect(message.author?.displayName).toBe('Max Renamed');
    expect((await after).author?.displayName).toBe('Max Renamed');
    const history = await apiOf(t.app)('GET', `/chat/channels/${s.general.id}/messages`, s.owner.token);
    expect(history.json<{ items: Message[] }>().items.map((m) => m.author?.displayName)).toEqual(['Max Renamed', 'Max Renamed']);

    const typing = nextEvent(owner, 'chat:typing');
    member.emit('chat:typing', { channelId: s.general.id, parentId: first.id });
    expect((await typing).user.displayName).toBe('Max Renamed');
  });

  it('reads nothing from the database for a message once its channel, project, roles and author are cached', async () => {
    const s = await buildChatProject(t.app);
    const member = await connect(baseUrl, s.people.member.token);
    ok(await member.emitWithAck('chat:join', { channelId: s.general.id }));
    ok(await member.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'w1', body: 'warming up' }));

    const reads = vi.spyOn(t.app.db, 'select');
    const transactions = vi.spyOn(t.app.db, 'transaction');
    try {
      const { message } = ok(await member.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'w2', body: 'warm' }));
      expect(message).toMatchObject({ body: 'warm', sequence: 2, author: { displayName: 'Max Member' } });
      expect(reads).not.toHaveBeenCalled();
      expect(transactions).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
      transactions.mockRestore();
    }
  });

  it('catches a reconnecting client up from the last change it saw', async () => {
    const s = await buildChatProject(t.app);
    const reader = await connect(baseUrl, s.people.member.token);
    ok(await reader.emitWithAck('chat:join', { channelId: s.general.id }));
    const seen = nextEvent(reader, 'chat:message');
    const first = await post(t.app, s.general.id, s.owner.token, 'before the tunnel');
    const lastSeen = (await seen).changeSequence;
    reader.disconnect();

    await post(t.app, s.general.id, s.owner.token, 'while offline 1');
    await post(t.app, s.general.id, s.owner.token, 'while offline 2');
    await apiOf(t.app)('PATCH', `/chat/messages/${first.id}`, s.owner.token, { body: 'before the tunnel (edited)' });

    const back = await connect(baseUrl, s.people.member.token);
    const { channel } = ok(await back.emitWithAck('chat:join', { channelId: s.general.id }));
    const missed = ok(await back.emitWithAck('chat:catch-up', { channelId: s.general.id, since: lastSeen }));
    expect(missed.messages.map((m: Message) => m.body)).toEqual(['while offline 1', 'while offline 2', 'before the tunnel (edited)']);
    expect(missed).toMatchObject({ lastSequence: 4, hasMore: false });
    expect(channel.unreadCount).toBe(3);
  });

  it('tells every tab of the reader when they read, and announces new direct conversations', async () => {
    const s = await buildChatProject(t.app);
    await post(t.app, s.general.id, s.owner.token, 'hello');
    const tabOne = await connect(baseUrl, s.people.member.token);
    const tabTwo = await connect(baseUrl, s.people.member.token);
    const heard = nextEvent(tabTwo, 'chat:read');
    ok(await tabOne.emitWithAck('chat:read', { channelId: s.general.id, sequence: 1 }));
    expect(await heard).toEqual({ channelId: s.general.id, userId: s.people.member.userId, sequence: 1 });

    const created = nextEvent(tabTwo, 'chat:channel-created');
    await apiOf(t.app)('POST', `/projects/${s.projectId}/chat/direct`, s.owner.token, { userId: s.people.member.userId });
    expect(await created).toMatchObject({ kind: 'direct', name: 'Olivia Owner' });
  });

  it('stops sending a channel to someone who lost access to its project', async () => {
    const s = await buildChatProject(t.app);
    const api = apiOf(t.app);
    await api('PATCH', `/projects/${s.projectId}`, s.owner.token, { visibility: 'private' });
    await api('PUT', `/projects/${s.projectId}/members/${s.people.member.userId}`, s.owner.token, { role: 'member' });
    const member = await connect(baseUrl, s.people.member.token);
    ok(await member.emitWithAck('chat:join', { channelId: s.general.id }));
    const first = nextEvent(member, 'chat:message');
    await post(t.app, s.general.id, s.owner.token, 'while a member');
    await first;

    await api('DELETE', `/projects/${s.projectId}/members/${s.people.member.userId}`, s.owner.token);
    await expect.poll(async () => (await t.app.io.of('/messaging').in(`channel:${s.general.id}`).fetchSockets()).length).toBe(0);
    let leaked = false;
    member.on('chat:message', () => (leaked = true));
    await post(t.app, s.general.id, s.owner.token, 'after removal');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(leaked).toBe(false);
  });

  it('shows a person online while any tab is active, away when all are idle, offline when all are gone', async () => {
    const s = await buildChatProject(t.app);
    const watcher = await connect(baseUrl, s.owner.token);
    const initial = ok(await watcher.emitWithAck('presence:watch', { projectId: s.projectId }));
    expect(initial.statuses[s.people.member.userId]).toBe('offline');
    expect(initial.statuses[s.owner.userId]).toBe('online');
    const seen = presenceOf(watcher, s.people.member.userId);

    const tabOne = await connect(baseUrl, s.people.member.token);
    await expect.poll(() => seen).toEqual(['online']);
    const tabTwo = await connect(baseUrl, s.people.member.token);
    tabOne.emit('presence:set', { status: 'away' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen).toEqual(['online']);
    tabTwo.emit('presence:set', { status: 'away' });
    await expect.poll(() => seen).toEqual(['online', 'away']);
    tabOne.disconnect();
    tabTwo.disconnect();
    await expect.poll(() => seen).toEqual(['online', 'away', 'offline']);

    const outsider = await connect(baseUrl, s.outsider.token);
    expect(await outsider.emitWithAck('presence:watch', { projectId: s.projectId })).toMatchObject({ ok: false, error: { code: 'project_not_found' } });
  });
});

describe('chat across two server nodes', () => {
  let environment: TestEnvironment;
  let nodeA: TestApp;
  let nodeB: TestApp;
  let urlA: string;
  let urlB: string;
  beforeAll(async () => {
    environment = await createTestEnvironment();
    nodeA = await buildTestApp({ environment });
    nodeB = await buildTestApp({ environment });
    urlA = await listenOnFreePort(nodeA.app);
    urlB = await listenOnFreePort(nodeB.app);
  });
  afterAll(async () => {
    await nodeA.close();
    await nodeB.close();
    await environment.cleanup();
  });

  if (backend === 'services') {
    it('delivers a message sent through node A to a client on node B, and catches up from either', async () => {
      const s = await buildChatProject(nodeA.app);
      const sender = await connect(urlA, s.owner.token);
      const reader = await connect(urlB, s.people.member.token);
      ok(await sender.emitWithAck('chat:join', { channelId: s.general.id }));
      ok(await reader.emitWithAck('chat:join', { channelId: s.general.id }));
      const received = nextEvent(reader, 'chat:message');
      ok(await sender.emitWithAck('chat:send', { channelId: s.general.id, clientId: 'x1', body: 'across nodes' }));
      expect(await received).toMatchObject({ body: 'across nodes', sequence: 1 });

      await post(nodeB.app, s.general.id, s.people.admin.token, 'from B over HTTP');
      const missed = ok(await sender.emitWithAck('chat:catch-up', { channelId: s.general.id, since: 1 }));
      expect(missed.messages.map((m: Message) => m.body)).toEqual(['from B over HTTP']);
    });

    it('keeps presence right with one tab on each node', async () => {
      const s = await buildChatProject(nodeA.app);
      const watcher = await connect(urlA, s.owner.token);
      ok(await watcher.emitWithAck('presence:watch', { projectId: s.projectId }));
      const seen = presenceOf(watcher, s.people.member.userId);
      const onA = await connect(urlA, s.people.member.token);
      const onB = await connect(urlB, s.people.member.token);
      await expect.poll(() => seen).toEqual(['online']);
      onB.emit('presence:set', { status: 'away' });
      onA.disconnect();
      // Node B still holds an (away) tab, and node A's watcher hears it through Redis.
      await expect.poll(() => seen).toEqual(['online', 'away']);
      const later = await connect(urlB, s.people.admin.token);
      const statuses = ok(await later.emitWithAck('presence:watch', { projectId: s.projectId })).statuses;
      expect(statuses[s.people.member.userId]).toBe('away');
      onB.disconnect();
      await expect.poll(() => seen).toEqual(['online', 'away', 'offline']);
    });
  } else {
    it('keeps presence and messages in the process when no Redis is configured', () => {
      expect(nodeA.app.realtime.adapter).toBe('memory');
      expect(nodeA.app.presence).not.toBe(nodeB.app.presence);
    });
  }
});
