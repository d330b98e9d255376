import type { StreamDetail } from '../../../../../common/dashboards-streams.ts';
import { formatDateTime, formatRelative } from '../../../lib/format.ts';

const count = new Intl.NumberFormat();
// Short enough for a phone's half-width tile; the full date is in the title.
const moment = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function Stat({ label, value, note, title }: { label: string; value: string; note?: string; title?: string }) {
  return (
    <div className="min-w-0 rounded-xl border border-border bg-surface px-4 py-3 shadow-card">
      <dt className="text-[12px] font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className="mt-0.5 truncate text-[15px] font-semibold tabular-nums" title={title}>
        {value}
      </dd>
      {note ? <dd className="truncate text-[12px] text-muted">{note}</dd> : null}
    </div>
  );
}

function TimeStat({ label, time }: { label: string; time: string | null }) {
  if (!time) return <Stat label={label} value="—" />;
  return <Stat label={label} value={moment.format(new Date(time))} note={formatRelative(time)} title={formatDateTime(time)} />;
}

/** Points, series and the span of time the stream holds. */
export function StreamStats({ stats }: { stats: StreamDetail['stats'] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Stat label="Points" value={count.format(stats.points)} />
      <Stat label="Series" value={count.format(stats.series)} />
      <TimeStat label="First point" time={stats.firstTime} />
      <TimeStat label="Last point" time={stats.lastTime} />
    </dl>
  );
}
