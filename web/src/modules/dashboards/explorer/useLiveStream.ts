import { useEffect, useMemo, useState } from 'react';
import { STREAMS_NAMESPACE, type LivePoint } from '../../../../../common/dashboards-streams.ts';
import type { SocketAck } from '../../../../../common/socket-ack.ts';
import { errorMessage } from '../../../lib/forms.ts';
import { connectNamespace, releaseNamespace } from '../../../lib/socket.ts';
import { FrameFeed } from './live-feed.ts';

/** Live points the chart keeps at most, and the feed holds at most while the tab is hidden. */
export const LIVE_POINT_CAP = 10_000;
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export type LiveStatus = { state: 'off' } | { state: 'connecting' } | { state: 'live' } | { state: 'failed'; message: string };

/**
 * Subscribes to one field of a stream on the /streams namespace while `enabled`, starting after
 * `since` (the end of the range the chart already shows) and, after a reconnect, after the last
 * point received, so nothing falls between the query and the live points.
 */
export function useLiveStream(streamId: string, field: string, enabled: boolean, since: number | undefined) {
  const feed = useMemo(() => (enabled && field && since !== undefined ? new FrameFeed<LivePoint>(LIVE_POINT_CAP) : null), [enabled, field, since]);
  // The status belongs to one feed: a new subscription reads as connecting until it answers.
  const [reported, setReported] = useState<{ feed: FrameFeed<LivePoint>; status: LiveStatus } | null>(null);

  useEffect(() => {
    if (!feed || since === undefined) return;
    const report = (status: LiveStatus) => setReported({ feed, status });
    const socket = connectNamespace(STREAMS_NAMESPACE);
    let subscriptionId: string | null = null;
    let lastSeen = since;
    let stopped = false;

    const receive = (points: readonly LivePoint[]) => {
      for (const point of points) lastSeen = Math.max(lastSeen, point.time);
      feed.push(points);
    };
    const subscribed = (answer: SocketAck<{ subscriptionId: string; missed: LivePoint[] }>) => {
      if (stopped) {
        if (answer.ok) socket.emit('stream:unsubscribe', { subscriptionId: answer.subscriptionId });
        return;
      }
      if (!answer.ok) {
        report({ state: 'failed', message: answer.error.message });
        return;
      }
      subscriptionId = answer.subscriptionId;
      receive(answer.missed);
      report({ state: 'live' });
    };
    const subscribe = () => {
      socket
        .timeout(SUBSCRIBE_TIMEOUT_MS)
        .emitWithAck('stream:subscribe', { streamId, fields: [field], since: lastSeen })
        .then(subscribed, (error: unknown) => {
          if (!stopped) report({ state: 'failed', message: errorMessage(error) });
        });
    };
    const onPoints = (batch: { subscriptionId: string; points: LivePoint[] }) => {
      if (batch.subscriptionId === subscriptionId) receive(batch.points);
    };
    const onDisconnect = () => {
      subscriptionId = null;
      report({ state: 'connecting' });
    };

    socket.on('stream:points', onPoints);
    socket.on('connect', subscribe);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) subscribe();
    return () => {
      stopped = true;
      socket.off('stream:points', onPoints);
      socket.off('connect', subscribe);
      socket.off('disconnect', onDisconnect);
      if (subscriptionId && socket.connected) socket.emit('stream:unsubscribe', { subscriptionId });
      releaseNamespace(STREAMS_NAMESPACE);
      feed.cancel();
    };
  }, [feed, streamId, field, since]);

  const status: LiveStatus = !feed ? { state: 'off' } : reported?.feed === feed ? reported.status : { state: 'connecting' };
  return { feed, status };
}
