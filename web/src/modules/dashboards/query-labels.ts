import type { Aggregate, Fill } from '../../../../common/dashboards-streams.ts';

/** How the explorer and the widget editor name a query's aggregate and gap filling. */
export const AGGREGATE_LABELS: Record<Aggregate | 'raw', string> = {
  avg: 'Mean',
  min: 'Minimum',
  max: 'Maximum',
  sum: 'Sum',
  count: 'Count',
  last: 'Last',
  p50: 'Median (p50)',
  p95: '95th percentile (p95)',
  p99: '99th percentile (p99)',
  raw: 'Raw points',
};

export const FILL_LABELS: Record<Fill, string> = {
  null: 'Leave gaps',
  none: 'Skip empty buckets',
  zero: 'Zero',
  previous: 'Previous value',
  linear: 'Linear',
};
