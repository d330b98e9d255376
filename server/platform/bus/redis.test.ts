import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { redisTestNamespace } from '../cache/redis-test-support.ts';
import { collect, describeBusConformance, type BusUnderTest } from './conformance.ts';
import { createRedisBus, type Bus } from './index.ts';

async function startNode(namespace: ReturnType<typeof redisTestNamespace>): Promise<BusUnderTest> {
  const errors: BusUnderTest['errors'] = [];
  const bus = await createRedisBus(namespace.connect(), (err, event) => errors.push({ err, event }));
  return { bus, errors, close: () => bus.close() };
}

describeBusConformance('redis', async () => {
  const namespace = redisTestNamespace();
  const node = await startNode(namespace);
  return {
    ...node,
    async close() {
      await node.close();
      await namespace.cleanup();
    },
  };
});

describe('redis bus across nodes', () => {
  let namespace: ReturnType<typeof redisTestNamespace>;
  let nodes: Bus[];
  beforeEach(async () => {
    namespace = redisTestNamespace();
    nodes = [(await startNode(namespace)).bus, (await startNode(namespace)).bus];
  });
  afterEach(async () => {
    for (const node of nodes) await node.close();
    await namespace.cleanup();
  });

  it('delivers an event published on one node to subscribers on another node', async () => {
    const [publisher, receiver] = nodes as [Bus, Bus];
    const remote = collect(receiver, 'organization.created');
    const local = collect(publisher, 'organization.created');
    const [remoteNext, localNext] = [remote.next(), local.next()];
    await publisher.publish('organization.created', { orgId: 'o1', ownerId: 'u1' });
    expect(await remoteNext).toEqual({ orgId: 'o1', ownerId: 'u1' });
    expect(await localNext).toEqual({ orgId: 'o1', ownerId: 'u1' });
  });

  it('keeps environments with different key prefixes apart', async () => {
    const other = redisTestNamespace();
    const stranger = await startNode(other);
    try {
      const overheard = collect(stranger.bus, 'user.registered');
      const heard = collect(nodes[1]!, 'user.registered');
      const next = heard.next();
      await nodes[0]!.publish('user.registered', { userId: 'u1', email: 'a@example.test' });
      await next;
      expect(overheard.payloads).toEqual([]);
    } finally {
      await stranger.close();
      await other.cleanup();
    }
  });
});
