import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  LIVE_BATCH_MS,
  LIVE_CATCH_UP_POINTS,
  liveSubscribeSchema,
  STREAMS_NAMESPACE,
  type LivePoint,
} from '../../../../common/dashboards-streams.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { socketFailure } from '../../../platform/realtime/ack.ts';
import type { RealtimeNamespace, RealtimeSocket } from '../../../platform/realtime/types.ts';
import { pointsSince } from './points.repository.ts';
import type { StreamsService } from './streams.service.ts';

/** While a node has subscribers of a stream it keeps this key alive; ingestion publishes points only then. */
const watchedKey = (streamId: string) => `dashboards:live:${streamId}`;
const WATCH_TTL_SECONDS = 30;
const WATCH_REFRESH_MS = 10_000;
const SEND_BURST = 2;

interface Subscription {
  id: string;
  socket: RealtimeSocket;
  actor: Actor;
  streamId: string;
  fields: string[];
  tags: Record<string, string>;
  windowMs: number;
  pending: LivePoint[];
  /** Sends this subscriber may make now (a token bucket refilled one per LIVE_BATCH_MS, up to SEND_BURST). */
  sendTokens: number;
  refilledAt: number;
  timer: NodeJS.Timeout | undefined;
}

export interface LiveStreams {
  /** The /streams namespace, for the other handlers on it (writing points). */
  namespace: RealtimeNamespace;
  /** Whether any node has live subscribers of the stream (so ingestion should publish its points). */
  isWatched(streamId: string): Promise<boolean>;
}

/** Keeps the subscribed fields of the points that carry every subscribed tag. */
function select(points: LivePoint[], subscription: Subscription): LivePoint[] {
  const selected: LivePoint[] = [];
  for (const point of points) {
    if (!Object.entries(subscription.tags).every(([key, value]) => point.tags[key] === value)) continue;
    const values: Record<string, number | null> = {};
    let any = false;
    for (const field of subscription.fields) {
      const value = point.values[field];
      if (value === undefined || value === null) continue;
      values[field] = value;
      any = true;
    }
    if (any) selected.push({ time: point.time, tags: point.tags, values });
  }
  return selected;
}

/** Averages each series' points into windows of `windowMs`, stamped with the window's start. */
export function averageIntoWindows(points: LivePoint[], windowMs: number): LivePoint[] {
  if (windowMs === 0) return points;
  const windows = new Map<string, { point: LivePoint; sums: Record<string, number>; counts: Record<string, number> }>();
  for (const point of points) {
    const start = Math.floor(point.time / windowMs) * windowMs;
    const key = `${String(start)}|${JSON.stringify(point.tags)}`;
    let window = windows.get(key);
    if (!window) {
      window = { point: { time: start, tags: point.tags, values: {} }, sums: {}, counts: {} };
      windows.set(key, window);
    }
    for (const [field, value] of Object.entries(point.values)) {
      if (value === null) continue;
      window.sums[field] = (window.sums[field] ?? 0) + value;
      window.counts[field] = (window.counts[field] ?? 0) + 1;
    }
  }
  return [...windows.values()]
    .map(({ point, sums, counts }) => {
      for (const field in sums) point.values[field] = sums[field]! / counts[field]!;
      return point;
    })
    .sort((a, b) => a.time - b.time);
}

/**
 * Live points on the /streams namespace. Ingestion on any node publishes a batch's points on the
 * bus (Redis across nodes) while the stream is watched; each node filters them for its own
 * subscribers and sends each one what it asked for, at most once every LIVE_BATCH_MS.
 */
export function registerLiveStreams(app: FastifyInstance, streams: StreamsService): LiveStreams {
  const nsp = app.realtime.namespace(STREAMS_NAMESPACE);
  const byStream = new Map<string, Set<Subscription>>();
  const bySocket = new Map<string, Map<string, Subscription>>();

  const watch = (streamId: string) => app.cache.set(watchedKey(streamId), true, WATCH_TTL_SECONDS);

  function add(subscription: Subscription): void {
    const ofStream = byStream.get(subscription.streamId) ?? new Set();
    ofStream.add(subscription);
    byStream.set(subscription.streamId, ofStream);
    const ofSocket = bySocket.get(subscription.socket.id) ?? new Map<string, Subscription>();
    ofSocket.set(subscription.id, subscription);
    bySocket.set(subscription.socket.id, ofSocket);
  }

  function remove(subscription: Subscription): void {
    const ofStream = byStream.get(subscription.streamId);
    ofStream?.delete(subscription);
    if (ofStream?.size === 0) byStream.delete(subscription.streamId);
    bySocket.get(subscription.socket.id)?.delete(subscription.id);
    clearTimeout(subscription.timer);
  }

  function send(subscription: Subscription): void {
    subscription.timer = undefined;
    if (subscription.pending.length === 0) return;
    subscription.sendTokens -= 1;
    const points = averageIntoWindows(subscription.pending, subscription.windowMs);
    subscription.pending = [];
    subscription.socket.emit('stream:points', { subscriptionId: subscription.id, points });
  }

  /**
   * One batch per LIVE_BATCH_MS for each subscriber on average, without making anyone wait who is
   * within that rate: a token bucket lets updates that arrive at or below it go out at once (a
   * bucket of one would lock onto a writer with the same period and delay every update), while a
   * flood is held and sent in batches.
   */
  function schedule(subscription: Subscription): void {
    if (subscription.timer) return;
    const now = Date.now();
    subscription.sendTokens = Math.min(SEND_BURST, subscription.sendTokens + (now - subscription.refilledAt) / LIVE_BATCH_MS);
    subscription.refilledAt = now;
    const wait = subscription.sendTokens >= 1 ? 0 : (1 - subscription.sendTokens) * LIVE_BATCH_MS;
    subscription.timer = setTimeout(() => send(subscription), wait);
    subscription.timer.unref();
  }

  const unsubscribeBus = app.bus.subscribe('stream.points', ({ streamId, points }) => {
    for (const subscription of byStream.get(streamId) ?? []) {
      const selected = select(points, subscription);
      if (selected.length === 0) continue;
      subscription.pending.push(...selected);
      schedule(subscription);
    }
  });

  const watchTimer = setInterval(() => {
    for (const streamId of byStream.keys()) void watch(streamId).catch((err: unknown) => app.log.warn({ err }, 'could not mark a stream as watched'));
  }, WATCH_REFRESH_MS);
  watchTimer.unref();

  // Someone whose role changed may have lost a stream: their subscriptions are checked again.
  const unsubscribeRoles = app.bus.subscribe('membership.changed', async ({ userId }) => {
    for (const subscriptions of byStream.values()) {
      for (const subscription of subscriptions) {
        if (subscription.actor.userId !== userId) continue;
        await streams.authorizeStream(subscription.actor, subscription.streamId, 'read').catch(() => remove(subscription));
      }
    }
  });

  app.addHook('onClose', async () => {
    clearInterval(watchTimer);
    for (const subscriptions of byStream.values()) for (const subscription of subscriptions) clearTimeout(subscription.timer);
    unsubscribeBus();
    unsubscribeRoles();
  });

  nsp.on('connection', (socket) => {
    const { actor } = socket.data;
    socket.on('stream:subscribe', (payload, ack) => {
      void (async () => {
        try {
          const request = liveSubscribeSchema.parse(payload);
          const stream = await streams.authorizeStream(actor, request.streamId, 'read');
          const unknown = request.fields.find((field) => !stream.fields.includes(field));
          if (unknown) throw new AppError('field_not_found', 404, `Stream "${stream.name}" has no field "${unknown}"`);
          const subscription: Subscription = { id: randomUUID(), socket, actor, ...request, pending: [], sendTokens: SEND_BURST, refilledAt: Date.now(), timer: undefined };
          add(subscription);
          await watch(stream.id);
          const missed =
            request.since === undefined
              ? []
              : averageIntoWindows(select(await pointsSince(app.db, stream, request.since, request.tags, LIVE_CATCH_UP_POINTS), subscription), request.windowMs);
          ack({ ok: true, subscriptionId: subscription.id, missed });
        } catch (err) {
          ack(socketFailure(err, app.log));
        }
      })();
    });
    socket.on('stream:unsubscribe', ({ subscriptionId }, ack) => {
      const subscription = bySocket.get(socket.id)?.get(subscriptionId);
      if (subscription) remove(subscription);
      ack?.({ ok: true });
    });
    socket.on('disconnect', () => {
      for (const subscription of bySocket.get(socket.id)?.values() ?? []) remove(subscription);
      bySocket.delete(socket.id);
    });
  });

  return {
    namespace: nsp,
    async isWatched(streamId) {
      return (await app.cache.get<boolean>(watchedKey(streamId))) === true;
    },
  };
}
