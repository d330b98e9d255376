import type { QueryResult } from '../../../../../common/dashboards-streams.ts';
import { formatInterval } from './format.ts';
import type { RangeAnswer } from './useRangeQuery.ts';

const count = new Intl.NumberFormat();

const sources: Record<QueryResult['source'], string> = {
  raw: 'raw points',
  rollup_1m: 'minute rollups',
  rollup_1h: 'hourly rollups',
};

/** What the chart shows: how the points were aggregated or sampled, and where the answer came from. */
export function QuerySummary({ answer }: { answer: RangeAnswer }) {
  const { result } = answer;
  const series = result.series.length === 1 ? '1 series' : `${result.series.length} series`;
  let text: string;
  if (result.intervalMs === null) {
    const drawn = result.series.reduce((sum, item) => sum + item.times.length, 0);
    const stored = result.sampledFrom ?? drawn;
    text = stored > drawn ? `${count.format(stored)} raw points, drawn as ${count.format(drawn)} (LTTB)` : `${count.format(stored)} raw points`;
  } else {
    const buckets = Math.max(0, ...result.series.map((item) => item.times.length));
    const accuracy = result.approximate ? ' (sketches, within 1%)' : '';
    text = `${result.agg} per ${formatInterval(result.intervalMs)} from ${sources[result.source]}${accuracy}, ${count.format(buckets)} buckets a series`;
  }
  return (
    <p className="min-w-0 truncate text-[12px] text-muted">
      <span className="font-mono text-fg">{result.field}</span> · {text} · {series}
    </p>
  );
}
