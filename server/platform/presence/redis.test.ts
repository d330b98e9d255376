import { expect, it } from 'vitest';
import { redisTestNamespace } from '../cache/redis-test-support.ts';
import { describePresenceConformance } from './conformance.ts';
import { createRedisPresence } from './index.ts';

describePresenceConformance('redis', async () => {
  const namespace = redisTestNamespace();
  const nodeA = createRedisPresence(namespace.connect(), { connectionTtlMs: 300 });
  const nodeB = createRedisPresence(namespace.connect(), { connectionTtlMs: 300 });
  return {
    nodeA,
    nodeB,
    async close() {
      await nodeA.close();
      await nodeB.close();
      await namespace.cleanup();
    },
  };
});

it('lets the connections of a node that died without closing expire', async () => {
  const namespace = redisTestNamespace();
  try {
    const connection = namespace.connect();
    const survivor = createRedisPresence(connection, { connectionTtlMs: 300 });
    // A dead node's connection: written once, never refreshed.
    await connection.hset('presence:ada', 'tab-on-dead-node', `online|${Date.now() + 300}`);
    expect((await survivor.statuses(['ada'])).get('ada')).toBe('online');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await survivor.statuses(['ada'])).get('ada')).toBe('offline');
    expect(await survivor.set('ada', 'tab-2', 'away')).toEqual({ userId: 'ada', before: 'offline', after: 'away' });
    expect(await connection.hkeys('presence:ada')).toEqual(['tab-2']);
    await survivor.close();
    expect(await connection.exists('presence:ada')).toBe(0);
  } finally {
    await namespace.cleanup();
  }
});

it('takes a closing node’s connections offline', async () => {
  const namespace = redisTestNamespace();
  try {
    const nodeA = createRedisPresence(namespace.connect(), { connectionTtlMs: 300 });
    const nodeB = createRedisPresence(namespace.connect(), { connectionTtlMs: 300 });
    await nodeA.set('ada', 'tab-1', 'online');
    await nodeA.close();
    expect((await nodeB.statuses(['ada'])).get('ada')).toBe('offline');
    await nodeB.close();
  } finally {
    await namespace.cleanup();
  }
});
