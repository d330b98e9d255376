import type { WidgetKind } from '../../../../../common/dashboards.ts';

export const KIND_LABELS: Record<WidgetKind, string> = {
  line: 'Line chart',
  area: 'Area chart',
  bar: 'Bar chart',
  scatter: 'Scatter plot',
  heatmap: 'Heatmap',
  stat: 'Stat (one number)',
  gauge: 'Gauge',
  table: 'Table',
};

/** Bucket widths offered besides automatic; a widget's own other width is offered too. */
export const INTERVAL_CHOICES = ['10s', '30s', '1m', '5m', '15m', '1h', '6h', '1d'] as const;
