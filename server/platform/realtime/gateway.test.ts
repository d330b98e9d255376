import { randomUUID } from 'node:crypto';
import { RedisAdapter } from '@socket.io/redis-adapter';
import { eq, and } from 'drizzle-orm';
import { Adapter } from 'socket.io-adapter';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { orgRoom, userRoom, type NotificationPayload } from '../../../common/realtime.ts';
import { backend, buildTestApp, createTestEnvironment, type TestApp, type TestEnvironment } from '../../../test/support/backend.ts';
import { memberships, organizations } from '../../modules/identity/tables.ts';
import {
  connected,
  createSignedInUser,
  listenOnFreePort,
  nextEvent,
  openClient,
  refusal,
  type TestClient,
} from './test-support.ts';

const notification = (title: string): NotificationPayload => ({
  id: randomUUID(),
  kind: 'test',
  title,
  createdAt: new Date().toISOString(),
});

const clients: TestClient[] = [];
function track(client: TestClient): TestClient {
  clients.push(client);
  return client;
}
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

describe('realtime gateway on one node', () => {
  let testApp: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await buildTestApp();
    baseUrl = await listenOnFreePort(testApp.app);
    const { app } = testApp;
    app.realtime.setRoomAuthorizer(async (actor, room) => {
      const orgId = room.startsWith('org:') ? room.slice(4) : undefined;
      if (!orgId) return false;
      const rows = await app.db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, actor.userId)));
      return rows.length > 0;
    });
  });
  afterAll(() => testApp.close());

  it('delivers an event emitted to user:<id> to that user’s connected client', async () => {
    const { app } = testApp;
    const { userId, token } = await createSignedInUser(app);
    const client = track(openClient(baseUrl, token));
    await connected(client);
    const received = nextEvent(client, 'notification');
    app.io.to(userRoom(userId)).emit('notification', notification('hello'));
    expect((await received).title).toBe('hello');
  });

  it('does not deliver an event for one user to another user', async () => {
    const { app } = testApp;
    const alice = await createSignedInUser(app);
    const bob = await createSignedInUser(app);
    const bobClient = track(openClient(baseUrl, bob.token));
    await connected(bobClient);
    let bobSawIt = false;
    bobClient.on('notification', () => (bobSawIt = true));
    const aliceClient = track(openClient(baseUrl, alice.token));
    await connected(aliceClient);
    const aliceReceived = nextEvent(aliceClient, 'notification');
    app.io.to(userRoom(alice.userId)).emit('notification', notification('for alice'));
    await aliceReceived;
    // Bob's socket is on the same node and event loop: had the emit reached him, it would have by now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bobSawIt).toBe(false);
  });

  it('refuses a handshake without a token', async () => {
    expect(await refusal(track(openClient(baseUrl, undefined)))).toBe('unauthenticated');
  });

  it('refuses a handshake with a forged or malformed token', async () => {
    const forged = await createSignedInUser(testApp.app);
    const tampered = `${forged.token.slice(0, -4)}AAAA`;
    expect(await refusal(track(openClient(baseUrl, tampered)))).toBe('unauthenticated');
    expect(await refusal(track(openClient(baseUrl, 'not-a-jwt')))).toBe('unauthenticated');
    expect(await refusal(track(openClient(baseUrl, 'fwk_unknown_key')))).toBe('unauthenticated');
  });

  it('refuses a token whose session was revoked', async () => {
    const { app } = testApp;
    const { token } = await createSignedInUser(app);
    const claims = await app.auth.tokens.verify(token);
    await app.auth.markSessionRevoked(claims!.sessionId);
    expect(await refusal(track(openClient(baseUrl, token)))).toBe('unauthenticated');
  });

  it('applies the same authentication to namespaces modules create', async () => {
    const { app } = testApp;
    const nsp = app.realtime.namespace('/module-under-test');
    expect(app.realtime.namespace('/module-under-test')).toBe(nsp);
    expect(await refusal(track(openClient(baseUrl, undefined, '/module-under-test')))).toBe('unauthenticated');

    const { userId, token } = await createSignedInUser(app);
    const client = track(openClient(baseUrl, token, '/module-under-test'));
    await connected(client);
    const [socket] = await nsp.in(userRoom(userId)).fetchSockets();
    expect(socket?.data.actor).toMatchObject({ type: 'user', userId });
  });

  it('refuses org:join for a user who is not a member and sends that org’s events only to members', async () => {
    const { app } = testApp;
    const [org] = await app.db.insert(organizations).values({ name: 'Acme', slug: `acme-${randomUUID()}` }).returning();
    const member = await createSignedInUser(app);
    const outsider = await createSignedInUser(app);
    await app.db.insert(memberships).values({ orgId: org!.id, userId: member.userId, role: 'member' });

    const outsiderClient = track(openClient(baseUrl, outsider.token));
    await connected(outsiderClient);
    const refused = await outsiderClient.emitWithAck('org:join', { orgId: org!.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.io.sockets.adapter.rooms.get(orgRoom(org!.id))).toBeUndefined();

    const memberClient = track(openClient(baseUrl, member.token));
    await connected(memberClient);
    expect(await memberClient.emitWithAck('org:join', { orgId: org!.id })).toEqual({ ok: true, room: orgRoom(org!.id) });
    const received = nextEvent(memberClient, 'membership:changed');
    app.io.to(orgRoom(org!.id)).emit('membership:changed', { orgId: org!.id, userId: member.userId, role: 'admin' });
    expect(await received).toEqual({ orgId: org!.id, userId: member.userId, role: 'admin' });
    expect(app.io.sockets.adapter.rooms.get(orgRoom(org!.id))?.size).toBe(1);
  });

  it('answers org:join with a malformed payload with invalid_request', async () => {
    const { token } = await createSignedInUser(testApp.app);
    const client = track(openClient(baseUrl, token));
    await connected(client);
    const result = await client.emitWithAck('org:join', { orgId: 'not-a-uuid' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('counts open connections per namespace in the websocket gauge', async () => {
    const { app } = testApp;
    const gaugeValue = async () =>
      (await app.metrics.websocketConnections.get()).values.find((v) => v.labels.namespace === '/')?.value ?? 0;
    // Clients of earlier tests are disconnected after each test; wait until the server has seen them go.
    await expect.poll(() => app.io.of('/').sockets.size).toBe(0);
    expect(await gaugeValue()).toBe(0);
    const { token } = await createSignedInUser(app);
    const client = track(openClient(baseUrl, token));
    await connected(client);
    await expect.poll(gaugeValue).toBe(1);
    client.disconnect();
    await expect.poll(gaugeValue).toBe(0);
  });

  it('forwards job progress to the user the job names', async () => {
    const { app } = testApp;
    const { userId, token } = await createSignedInUser(app);
    const client = track(openClient(baseUrl, token));
    await connected(client);
    const queue = `realtime-progress-${randomUUID()}`;
    await app.jobs.work<{ notifyUserId: string }>(queue, async (job) => {
      await job.progress(40);
    });
    const received = nextEvent(client, 'job:progress', 15_000);
    const jobId = await app.jobs.send(queue, { notifyUserId: userId });
    expect(await received).toEqual({ queue, jobId, percent: 40 });
  });
});

describe('realtime gateway across nodes', () => {
  let environment: TestEnvironment;
  const nodes: TestApp[] = [];
  let nodeA: TestApp;
  let nodeB: TestApp;
  let baseUrlA: string;
  let baseUrlB: string;

  beforeAll(async () => {
    environment = await createTestEnvironment();
    nodeA = await buildTestApp({ environment });
    nodes.push(nodeA);
    nodeB = await buildTestApp({ environment });
    nodes.push(nodeB);
    baseUrlA = await listenOnFreePort(nodeA.app);
    baseUrlB = await listenOnFreePort(nodeB.app);
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await environment.cleanup();
  });

  if (backend === 'services') {
    it('delivers an event emitted on node A to a client connected to node B through Redis', async () => {
      expect(nodeA.app.realtime.adapter).toBe('redis');
      expect(nodeA.app.io.of('/').adapter).toBeInstanceOf(RedisAdapter);
      expect(await nodeA.app.io.of('/').adapter.serverCount()).toBe(2);

      // Both nodes share one database here, so the user made on A is known to B.
      const { userId, token } = await createSignedInUser(nodeA.app);
      const client = track(openClient(baseUrlB, token));
      await connected(client);
      const received = nextEvent(client, 'notification');
      nodeA.app.io.to(userRoom(userId)).emit('notification', notification('from node A'));
      expect((await received).title).toBe('from node A');
    });

    it('delivers progress of a job running on another node (a worker) to the user’s client', async () => {
      const { userId, token } = await createSignedInUser(nodeA.app);
      const client = track(openClient(baseUrlA, token));
      await connected(client);
      const queue = `cross-node-progress-${randomUUID()}`;
      await nodeB.app.jobs.work(queue, async (job) => {
        await job.progress(75);
      });
      const received = nextEvent(client, 'job:progress', 15_000);
      const jobId = await nodeA.app.jobs.send(queue, { notifyUserId: userId });
      expect(await received).toEqual({ queue, jobId, percent: 75 });
    });
  } else {
    it('keeps events on the node that emitted them when no Redis is configured', async () => {
      expect(nodeA.app.realtime.adapter).toBe('memory');
      const adapter = nodeA.app.io.of('/').adapter;
      expect(adapter).not.toBeInstanceOf(RedisAdapter);
      expect(adapter.constructor).toBe(Adapter);
      expect(await adapter.serverCount()).toBe(1);
    });
  }
});
