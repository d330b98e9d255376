import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveBatch, LivePoint, Stream } from '../../../../common/dashboards-streams.ts';
import { backend, buildTestApp, createTestEnvironment, type TestApp, type TestEnvironment } from '../../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { listenOnFreePort, namespaceClients, ok, type TestClient } from '../../../platform/realtime/test-support.ts';
import { averageIntoWindows } from './live.ts';

const connect = namespaceClients('/streams');


/** Every point a client receives for one subscription, in arrival order, and how many batches carried them. */
function collect(client: TestClient, subscriptionId: string) {
  const received = { points: [] as LivePoint[], batches: 0 };
  client.on('stream:points', (batch: LiveBatch) => {
    if (batch.subscriptionId !== subscriptionId) return;
    received.batches++;
    received.points.push(...batch.points);
  });
  return received;
}

async function streamWithOwner(app: FastifyInstance) {
  const owner = await buildUser(app);
  const org = await buildOrganization(app, owner.user.id, 'Live Org');
  const res = await app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/streams`, headers: bearer(owner.token), payload: { name: 'sensors', fields: ['temp', 'humidity'], tagKeys: ['room'] } });
  return { owner, org, stream: res.json<Stream>() };
}

async function streamDetail(app: FastifyInstance, token: string, streamId: string): Promise<Stream> {
  return (await app.inject({ method: 'GET', url: `/api/v1/streams/${streamId}`, headers: bearer(token) })).json<{ stream: Stream }>().stream;
}

async function write(app: FastifyInstance, token: string, streamId: string, points: unknown[]) {
  const res = await app.inject({ method: 'POST', url: `/api/v1/streams/${streamId}/points`, headers: bearer(token), payload: { points } });
  expect(res.statusCode, res.body).toBe(200);
}

describe('live points on the /streams socket', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await buildTestApp();
    baseUrl = await listenOnFreePort(t.app);
  });
  afterAll(() => t.close());

  it('sends each subscriber only its fields and tags, batched', async () => {
    const { owner, stream } = await streamWithOwner(t.app);
    const client = await connect(baseUrl, owner.token);
    const kitchen = ok(await client.emitWithAck('stream:subscribe', { streamId: stream.id, fields: ['temp'], tags: { room: 'kitchen' } }));
    const received = collect(client, kitchen.subscriptionId);
    const now = Date.now();
    await write(t.app, owner.token, stream.id, [
      { time: now, tags: { room: 'kitchen' }, values: { temp: 21.5, humidity: 40 } },
      { time: now, tags: { room: 'hall' }, values: { temp: 18 } },
      { time: now + 1, tags: { room: 'kitchen' }, values: { humidity: 41 } },
      { time: now + 2, tags: { room: 'kitchen' }, values: { temp: 21.7 } },
    ]);
    await expect.poll(() => received.points.length).toBe(2);
    expect(received.points).toEqual([
      { time: now, tags: { room: 'kitchen' }, values: { temp: 21.5 } },
      { time: now + 2, tags: { room: 'kitchen' }, values: { temp: 21.7 } },
    ]);
    expect(received.batches).toBe(1);
  });

  it('averages points into the window asked for', () => {
    const tags = { room: 'a' };
    expect(
      averageIntoWindows(
        [
          { time: 1_000, tags, values: { temp: 1 } },
          { time: 1_500, tags, values: { temp: 3 } },
          { time: 2_100, tags, values: { temp: 10 } },
        ],
        1_000,
      ),
    ).toEqual([
      { time: 1_000, tags, values: { temp: 2 } },
      { time: 2_000, tags, values: { temp: 10 } },
    ]);
  });

  it('gives a reconnecting subscriber the points it missed', async () => {
    const { owner, stream } = await streamWithOwner(t.app);
    const now = Date.now();
    await write(t.app, owner.token, stream.id, [
      { time: now - 2_000, tags: { room: 'kitchen' }, values: { temp: 20 } },
      { time: now - 1_000, tags: { room: 'kitchen' }, values: { temp: 21 } },
      { time: now - 500, tags: { room: 'hall' }, values: { temp: 17 } },
    ]);
    const client = await connect(baseUrl, owner.token);
    const again = ok(await client.emitWithAck('stream:subscribe', { streamId: stream.id, fields: ['temp'], tags: { room: 'kitchen' }, since: now - 1_500 }));
    expect(again.missed).toEqual([{ time: now - 1_000, tags: { room: 'kitchen' }, values: { temp: 21 } }]);
  });

  it('refuses outsiders, unknown fields and bad requests with stable codes, and viewers may watch', async () => {
    const { org, stream } = await streamWithOwner(t.app);
    const stranger = await buildUser(t.app);
    const outside = await connect(baseUrl, stranger.token);
    const refused = await outside.emitWithAck('stream:subscribe', { streamId: stream.id, fields: ['temp'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'stream_not_found' } });

    const viewer = await buildMember(t.app, org.id, 'viewer');
    const watcher = await connect(baseUrl, viewer.token);
    expect(await watcher.emitWithAck('stream:subscribe', { streamId: stream.id, fields: ['pressure'] })).toMatchObject({ ok: false, error: { code: 'field_not_found' } });
    expect(await watcher.emitWithAck('stream:subscribe', { streamId: 'nope', fields: ['temp'] })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect((await watcher.emitWithAck('stream:subscribe', { streamId: stream.id, fields: ['temp'] })).ok).toBe(true);
  });

  it('writes points over the socket with the same per-point answer as HTTP', async () => {
    const { owner, stream } = await streamWithOwner(t.app);
    const client = await connect(baseUrl, owner.token);
    const written = await client.emitWithAck('stream:write', { streamId: stream.id, points: [{ values: { temp: 20 } }, { values: { temp: 'warm' } }] });
    expect(written).toMatchObject({ ok: true, accepted: 1, rejected: [{ index: 1 }] });
    const viewer = await buildMember(t.app, (await streamDetail(t.app, owner.token, stream.id)).orgId, 'viewer');
    const reader = await connect(baseUrl, viewer.token);
    expect(await reader.emitWithAck('stream:write', { streamId: stream.id, points: [{ values: { temp: 1 } }] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('stops sending after unsubscribe', async () => {
    const { owner, stream } = await streamWithOwner(t.app);
    const client = await connect(baseUrl, owner.token);
    const { subscriptionId } = ok(await client.emitWithAck('stream:subscribe', { streamId: stream.id, fields: ['temp'] }));
    const received = collect(client, subscriptionId);
    await write(t.app, owner.token, stream.id, [{ values: { temp: 1 } }]);
    await expect.poll(() => received.points.length).toBe(1);
    ok(await client.emitWithAck('stream:unsubscribe', { subscriptionId }));
    await write(t.app, owner.token, stream.id, [{ values: { temp: 2 } }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.points.length).toBe(1);
  });
});

describe('live points across two app nodes', () => {
  let environment: TestEnvironment;
  let nodeA: TestApp;
  let nodeB: TestApp;
  let urlB: string;
  beforeAll(async () => {
    environment = await createTestEnvironment();
    nodeA = await buildTestApp({ environment });
    nodeB = await buildTestApp({ environment });
    await listenOnFreePort(nodeA.app);
    urlB = await listenOnFreePort(nodeB.app);
  });
  afterAll(async () => {
    await nodeA.close();
    await nodeB.close();
    await environment.cleanup();
  });

  if (backend === 'services') {
    it('delivers points written through node A to a subscriber on node B through Redis', async () => {
      const { owner, stream } = await streamWithOwner(nodeA.app);
      const client = await connect(urlB, owner.token);
      const { subscriptionId } = ok(await client.emitWithAck('stream:subscribe', { streamId: stream.id, fields: ['humidity'] }));
      const received = collect(client, subscriptionId);
      await write(nodeA.app, owner.token, stream.id, [{ tags: { room: 'loft' }, values: { humidity: 55 } }]);
      await expect.poll(() => received.points.map((p) => p.values)).toEqual([{ humidity: 55 }]);
    });
  } else {
    it('keeps live fan-out in the process when no Redis is configured', () => {
      expect(nodeA.app.bus).not.toBe(nodeB.app.bus);
    });
  }
});
