import { useEffect, useState } from 'react';
import type { LivePoint } from '../../../../../common/dashboards-streams.ts';
import { cx } from '../../../lib/ui/index.ts';
import { formatClock, formatValue } from './format.ts';
import type { FrameFeed } from './live-feed.ts';
import type { LiveStatus } from './useLiveStream.ts';

const count = new Intl.NumberFormat();
const pointsLabel = (received: number) => `${count.format(received)} live ${received === 1 ? 'point' : 'points'}`;

interface Latest {
  feed: FrameFeed<LivePoint>;
  received: number;
  last: { time: number; value: number | null } | null;
}

/** How many live points arrived and the newest one, updated at most once per frame. */
export function LiveReadout({ feed, field, status }: { feed: FrameFeed<LivePoint>; field: string; status: LiveStatus }) {
  const [latest, setLatest] = useState<Latest | null>(null);

  useEffect(
    () =>
      feed.subscribe((points) => {
        const point = points.findLast((candidate) => candidate.values[field] !== undefined);
        setLatest((previous) => ({
          feed,
          received: feed.received,
          last: point ? { time: point.time, value: point.values[field] ?? null } : previous?.feed === feed ? previous.last : null,
        }));
      }),
    [feed, field],
  );

  const current = latest?.feed === feed ? latest : null;
  const label = status.state === 'live' ? 'Connected' : status.state === 'failed' ? 'Live failed' : 'Connecting…';
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-border px-4 py-2.5 text-[13px] sm:px-5">
      <span className={cx('inline-flex items-center gap-1.5 font-medium', status.state === 'failed' ? 'text-danger' : status.state === 'live' ? 'text-success' : 'text-muted')}>
        <span aria-hidden="true" className={cx('size-2 rounded-full bg-current', status.state === 'live' && 'animate-pulse')} />
        {label}
      </span>
      {status.state === 'failed' ? <span className="text-danger">{status.message}</span> : null}
      <span className="text-muted tabular-nums">{pointsLabel(current?.received ?? 0)}</span>
      <span className="font-mono tabular-nums">
        {current?.last ? `Last: ${formatValue(current.last.value)} at ${formatClock(current.last.time)}` : 'Waiting for the next point…'}
      </span>
    </div>
  );
}
