import { cx } from '../../../lib/ui/index.ts';
import type { ChartSeries, Column } from './chart-model.ts';
import { seriesColor } from './chart-theme.ts';
import { formatClock, formatValue } from './format.ts';

interface ChartLegendProps {
  series: ChartSeries[];
  columns: Column[];
  /** The time under the pointer and its row; null when the pointer is off the chart. */
  hover: { time: number; row: number } | null;
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
}

/** One entry per series, named by its tag value; the values under the pointer while hovering. Clicking hides or shows a series. */
export function ChartLegend({ series, columns, hover, hidden, onToggle }: ChartLegendProps) {
  if (series.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1.5 border-t border-border px-4 py-3 text-[13px] sm:px-5">
      <span className="w-16 shrink-0 text-[12px] text-muted tabular-nums" aria-live="off">
        {hover ? formatClock(hover.time) : null}
      </span>
      <ul aria-label="Legend" className="flex min-w-0 flex-1 flex-wrap gap-x-4 gap-y-1.5">
        {series.map((item, index) => {
          const shown = !hidden.has(item.key);
          const value = hover ? columns[index]?.[hover.row] : undefined;
          return (
            <li key={item.key}>
              <button
                type="button"
                aria-pressed={shown}
                title={shown ? 'Hide this series' : 'Show this series'}
                onClick={() => onToggle(item.key)}
                className={cx('inline-flex max-w-full items-center gap-2 rounded-md px-1 py-0.5 hover:bg-surface-muted', !shown && 'opacity-45')}
              >
                <span aria-hidden="true" className="h-0.5 w-3.5 shrink-0 rounded-full" style={{ backgroundColor: seriesColor(index) }} />
                <span className="truncate font-mono">{item.label}</span>
                {hover ? <span className="font-medium tabular-nums">{formatValue(value)}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
