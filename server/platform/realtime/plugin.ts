import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { userRoom } from '../../../common/realtime.ts';
import { createNamespaceFactory } from './gateway.ts';
import { inMemoryAdapter, withSingleWriteFrames } from './single-write-frames.ts';
import { coalesceWritesPerTurn } from './write-coalescing.ts';
import type { RealtimeNamespace, RealtimeServer, RoomAuthorizer } from './types.ts';

export interface Realtime {
  /** A namespace with handshake auth, the connection gauge and user/org rooms already applied. */
  namespace(name: string): RealtimeNamespace;
  /** The identity module registers who may join which room; until then every join is denied. */
  setRoomAuthorizer(authorizer: RoomAuthorizer): void;
  /** 'redis' when events cross app nodes through Redis pub/sub, 'memory' on a single node. */
  adapter: 'redis' | 'memory';
}

declare module 'fastify' {
  interface FastifyInstance {
    io: RealtimeServer;
    realtime: Realtime;
  }
}

const denyAll: RoomAuthorizer = async () => false;

/** Socket.IO on the app's own HTTP server at /socket.io, across nodes through Redis when configured. */
export const realtimePlugin = fp(
  async (app: FastifyInstance) => {
    const io: RealtimeServer = new Server(app.server, { path: '/socket.io', serveClient: false, adapter: withSingleWriteFrames(inMemoryAdapter) });
    coalesceWritesPerTurn(io, (err) => app.log.error({ err }, 'realtime write failed'));
    const redisClients = app.redis ? await useRedisAdapter(io, app.redis, app.config.redis.keyPrefix) : [];
    for (const client of redisClients) client.on('error', (err) => app.log.error({ err }, 'realtime redis connection error'));

    let roomAuthorizer = denyAll;
    const namespace = createNamespaceFactory({
      io,
      auth: app.auth,
      metrics: app.metrics,
      logger: app.log,
      authorizeRoom: (actor, room) => roomAuthorizer(actor, room),
    });
    namespace('/');

    app.decorate('io', io);
    app.decorate('realtime', {
      namespace,
      setRoomAuthorizer(authorizer) {
        roomAuthorizer = authorizer;
      },
      adapter: redisClients.length ? 'redis' : 'memory',
    } satisfies Realtime);

    const stopProgressBridge = app.jobs.onProgress(({ queue, jobId, percent, data }) => {
      const notifyUserId = (data as { notifyUserId?: unknown } | null)?.notifyUserId;
      if (typeof notifyUserId === 'string') io.to(userRoom(notifyUserId)).emit('job:progress', { queue, jobId, percent });
    });

    // Upgraded sockets keep the HTTP server open, so they go before Fastify closes it.
    app.addHook('preClose', async () => {
      io.local.disconnectSockets(true);
    });
    app.addHook('onClose', async () => {
      stopProgressBridge();
      // Quitting the pub/sub clients ends the adapters' subscriptions; adapter.close() would leave
      // unawaited unsubscribe promises that reject once the connection is gone.
      io.engine.close();
      await Promise.all(redisClients.map((client) => client.quit().catch(() => undefined)));
    });
  },
  { name: 'realtime', dependencies: ['auth', 'observability'] },
);

/**
 * ioredis' keyPrefix does not apply to PUBLISH/SUBSCRIBE channels, so the prefix goes into the
 * adapter's channel key: environments sharing one Redis stay apart.
 */
async function useRedisAdapter(io: RealtimeServer, redis: Redis, keyPrefix: string): Promise<Redis[]> {
  const pub = redis.duplicate();
  const sub = redis.duplicate();
  // Subscriptions sent while still connecting are dropped if the app closes right away.
  await Promise.all([pub, sub].map((client) => new Promise((resolve) => client.once('ready', resolve))));
  io.adapter(withSingleWriteFrames(createAdapter(pub, sub, { key: `${keyPrefix}socket.io`, publishOnSpecificResponseChannel: true })));
  return [pub, sub];
}
