import { FILLS, type Fill, type Stream } from '../../../../../common/dashboards-streams.ts';
import { Select, cx } from '../../../lib/ui/index.ts';
import { AGGREGATE_LABELS, FILL_LABELS } from '../query-labels.ts';
import { AGGREGATE_CHOICES, TIME_RANGES, type AggregateChoice, type ExplorerQuery, type RangeId } from './explorer-query.ts';

interface QueryControlsProps {
  stream: Stream;
  explorer: ExplorerQuery;
  onChange: (patch: Partial<ExplorerQuery>) => void;
}

/** Field, aggregate, grouping and gap filling of the explorer's query. */
export function QueryControls({ stream, explorer, onChange }: QueryControlsProps) {
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
      <Select label="Field" value={explorer.field} onChange={(event) => onChange({ field: event.target.value })}>
        {stream.fields.map((field) => (
          <option key={field} value={field}>
            {field}
          </option>
        ))}
      </Select>
      <Select label="Aggregate" value={explorer.agg} onChange={(event) => onChange({ agg: event.target.value as AggregateChoice })}>
        {AGGREGATE_CHOICES.map((agg) => (
          <option key={agg} value={agg}>
            {AGGREGATE_LABELS[agg]}
          </option>
        ))}
      </Select>
      <Select label="Group by" value={explorer.groupBy} onChange={(event) => onChange({ groupBy: event.target.value })} disabled={stream.tagKeys.length === 0}>
        <option value="">{stream.tagKeys.length ? 'No grouping' : 'No tag keys yet'}</option>
        {stream.tagKeys.map((key) => (
          <option key={key} value={key}>
            {key}
          </option>
        ))}
      </Select>
      <Select
        label="Empty buckets"
        value={explorer.fill}
        onChange={(event) => onChange({ fill: event.target.value as Fill })}
        disabled={explorer.agg === 'raw'}
        title={explorer.agg === 'raw' ? 'Raw points have no buckets to fill' : undefined}
      >
        {FILLS.map((fill) => (
          <option key={fill} value={fill}>
            {FILL_LABELS[fill]}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** The time range presets as one segmented control. */
export function RangePicker({ value, onChange }: { value: RangeId; onChange: (range: RangeId) => void }) {
  return (
    <div role="group" aria-label="Time range" className="flex rounded-lg border border-border bg-surface p-0.5 text-sm shadow-card">
      {TIME_RANGES.map((range) => (
        <button
          key={range.id}
          type="button"
          aria-pressed={value === range.id}
          aria-label={range.title}
          title={range.title}
          onClick={() => onChange(range.id)}
          className={cx('rounded-md px-2.5 py-1 font-medium tabular-nums', value === range.id ? 'bg-accent-soft text-accent' : 'text-muted hover:text-fg')}
        >
          {range.label}
        </button>
      ))}
    </div>
  );
}
