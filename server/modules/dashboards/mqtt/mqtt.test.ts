import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttSource } from '../../../../common/dashboards-mqtt.ts';
import type { Page } from '../../../../common/organizations.ts';
import type { QueryResult, Stream } from '../../../../common/dashboards-streams.ts';
import { backend, buildTestApp, createTestEnvironment, type TestApp, type TestEnvironment } from '../../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { pointsOfJsonMessage } from './subscriber.ts';

/** The local Mosquitto that CI starts; the tests publish to it like a device would. */
const BROKER_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

async function publish(topic: string, messages: string[]): Promise<void> {
  const client = await mqtt.connectAsync(BROKER_URL);
  for (const message of messages) await client.publishAsync(topic, message, { qos: 1 });
  await client.endAsync();
}

async function organisationWithStream(t: TestApp) {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Sensors Org');
  const created = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/streams`, headers: bearer(owner.token), payload: { name: 'greenhouse', fields: ['temp'] } });
  return { owner, org, stream: created.json<Stream>() };
}

async function addSource(t: TestApp, token: string, orgId: string, body: object): Promise<MqttSource> {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${orgId}/mqtt-sources`, headers: bearer(token), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<MqttSource>();
}

async function sourceOf(t: TestApp, token: string, orgId: string, sourceId: string): Promise<MqttSource> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${orgId}/mqtt-sources`, headers: bearer(token) });
  return res.json<{ items: MqttSource[] }>().items.find((s) => s.id === sourceId)!;
}

/**
 * Publishes probes until the source has taken one: from then on the app is subscribed, and what
 * is published is received (the broker drops messages for a shared subscription nobody holds yet).
 */
async function untilSubscribed(t: TestApp, token: string, orgId: string, sourceId: string, topic: string, probe: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await publish(topic, [probe]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { messages } = (await sourceOf(t, token, orgId, sourceId)).status;
    if (messages > 0) return messages;
    if (Date.now() > deadline) throw new Error('the app never subscribed to the topic');
  }
}

async function countOf(t: TestApp, token: string, streamId: string, field = 'temp'): Promise<number> {
  const params = new URLSearchParams({ field, agg: 'count', interval: '1d', fill: 'none', from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() });
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/streams/${streamId}/query?${params.toString()}`, headers: bearer(token) });
  return res.json<QueryResult>().series.reduce((sum, s) => sum + s.values.reduce<number>((a, v) => a + (v ?? 0), 0), 0);
}

describe('MQTT sources', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('stores JSON points published on the topic, counts them, and reports a bad message', async () => {
    const { owner, org, stream } = await organisationWithStream(t);
    const topic = `fluxworks-test/${randomUUID()}/temp`;
    const source = await addSource(t, owner.token, org.id, { name: 'Greenhouse sensors', brokerUrl: BROKER_URL, topic, streamId: stream.id, username: 'greenhouse', password: 's3cret' });
    expect(source).toMatchObject({ format: 'json', hasPassword: true, enabled: true });
    expect(JSON.stringify(source)).not.toContain('s3cret');
    const probes = await untilSubscribed(t, owner.token, org.id, source.id, topic, '{"values":{}}');

    await publish(topic, [JSON.stringify({ tags: { bed: 'a' }, values: { temp: 21.5 } }), JSON.stringify([{ values: { temp: 22 } }, { values: { temp: 'hot' } }]), 'not json']);
    await expect.poll(() => countOf(t, owner.token, stream.id), { timeout: 10_000 }).toBe(2);
    await expect
      .poll(async () => (await sourceOf(t, owner.token, org.id, source.id)).status, { timeout: 10_000 })
      .toMatchObject({ messages: probes + 3, acceptedPoints: 2, rejectedPoints: probes + 1, lastError: 'The message is not JSON' });
  });

  it('routes line protocol by measurement, and stops when paused', async () => {
    const { owner, org } = await organisationWithStream(t);
    const topic = `fluxworks-test/${randomUUID()}/telegraf`;
    const source = await addSource(t, owner.token, org.id, { name: 'Telegraf', brokerUrl: BROKER_URL, topic, format: 'line' });
    await untilSubscribed(t, owner.token, org.id, source.id, topic, '# probe');
    await publish(topic, [`soil,bed=a moisture=0.31 ${String(Date.now())}000000`]);
    const soil = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/streams?q=soil`, headers: bearer(owner.token) })).json<Page<Stream>>().items[0];
    await expect.poll(soil, { timeout: 10_000 }).toMatchObject({ name: 'soil', fields: ['moisture'] });

    const paused = await t.app.inject({ method: 'PATCH', url: `/api/v1/mqtt-sources/${source.id}`, headers: bearer(owner.token), payload: { enabled: false } });
    expect(paused.json<MqttSource>().enabled).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await publish(topic, [`soil,bed=a moisture=0.5 ${String(Date.now())}000000`]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await countOf(t, owner.token, (await soil())!.id, 'moisture')).toBe(1);
  });

  it('lets only organisation admins see and manage sources, and validates them', async () => {
    const { org, stream } = await organisationWithStream(t);
    const member = await buildMember(t.app, org.id, 'member');
    const stranger = await buildUser(t.app);
    const body = { name: 'x', brokerUrl: BROKER_URL, topic: 'a/b', streamId: stream.id, enabled: false };
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/mqtt-sources`, headers: bearer(member.token), payload: body })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${org.id}/mqtt-sources`, headers: bearer(stranger.token) })).statusCode).toBe(404);
    const admin = await buildMember(t.app, org.id, 'admin');
    const noStream = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/mqtt-sources`, headers: bearer(admin.token), payload: { ...body, streamId: undefined } });
    expect(noStream.statusCode).toBe(400);
    const badUrl = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/mqtt-sources`, headers: bearer(admin.token), payload: { ...body, brokerUrl: 'http://example.com' } });
    expect(errorCode(badUrl)).toBe('validation_failed');
  });

  it('reads a point, an array of points or { points } from a JSON message', () => {
    expect(pointsOfJsonMessage(Buffer.from('{"values":{"a":1}}'))).toEqual([{ values: { a: 1 } }]);
    expect(pointsOfJsonMessage(Buffer.from('[{"values":{"a":1}},{"values":{"a":2}}]'))).toHaveLength(2);
    expect(pointsOfJsonMessage(Buffer.from('{"points":[{"values":{"a":1}}]}'))).toHaveLength(1);
  });
});

describe('MQTT sources on two app nodes', () => {
  let environment: TestEnvironment;
  let nodeA: TestApp;
  let nodeB: TestApp;
  beforeAll(async () => {
    environment = await createTestEnvironment();
    nodeA = await buildTestApp({ environment });
    nodeB = await buildTestApp({ environment });
  });
  afterAll(async () => {
    await nodeA.close();
    await nodeB.close();
    await environment.cleanup();
  });

  if (backend === 'services') {
    it('stores each message once although both nodes subscribe (shared subscription)', async () => {
      const { owner, org, stream } = await organisationWithStream(nodeA);
      const topic = `fluxworks-test/${randomUUID()}/shared`;
      const source = await addSource(nodeA, owner.token, org.id, { name: 'Shared', brokerUrl: BROKER_URL, topic, streamId: stream.id });
      const probes = await untilSubscribed(nodeA, owner.token, org.id, source.id, topic, '{"values":{}}');
      // Node B reads the new source from the bus too; give it a moment to join the share.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await publish(topic, Array.from({ length: 20 }, (_, i) => JSON.stringify({ values: { temp: i } })));
      await expect.poll(() => countOf(nodeA, owner.token, stream.id), { timeout: 10_000 }).toBe(20);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await countOf(nodeA, owner.token, stream.id)).toBe(20);
      expect((await sourceOf(nodeA, owner.token, org.id, source.id)).status.messages).toBe(probes + 20);
    });
  } else {
    it('uses one database per node when embedded, so there is nothing to share', () => {
      expect(nodeA.app.db).not.toBe(nodeB.app.db);
    });
  }
});
