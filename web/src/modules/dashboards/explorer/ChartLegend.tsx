import type { CSSProperties } from 'react';
import { cx } from '../../../lib/ui/index.ts';
import type { ChartSeries, Column } from './chart-model.ts';
import { seriesColor, withAlpha } from './chart-theme.ts';
import { formatClock, formatValue } from './format.ts';

/** How a series is drawn, so its legend swatch looks the same. */
export type SeriesMark = 'line' | 'area' | 'bar' | 'scatter';

/** A legend entry of something drawn besides the series (a forecast, annotations); not toggled. */
export interface LegendExtra {
  label: string;
  /** Tailwind classes and style of its swatch. */
  swatchClassName: string;
  swatchStyle?: CSSProperties;
}

interface ChartLegendProps {
  series: ChartSeries[];
  columns: Column[];
  /** The time under the pointer and its row; null when the pointer is off the chart. */
  hover: { time: number; row: number } | null;
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  mark?: SeriesMark;
  /** Writes hovered values; the explorer's plain numbers by default. */
  formatReading?: (value: number | null | undefined) => string;
  extras?: readonly LegendExtra[];
  /**
   * `wrap` grows a row per line of entries; `line` keeps one line that scrolls sideways, so its
   * height never changes (a widget's plot is sized from what the legend leaves it).
   */
  layout?: 'wrap' | 'line';
}

function Swatch({ mark, color }: { mark: SeriesMark; color: string }) {
  if (mark === 'scatter') return <span aria-hidden="true" className="size-2 shrink-0 rounded-full" style={{ backgroundColor: color }} />;
  if (mark === 'bar') return <span aria-hidden="true" className="size-2.5 shrink-0 rounded-[2px]" style={{ backgroundColor: color }} />;
  if (mark === 'area') return <span aria-hidden="true" className="h-2.5 w-3.5 shrink-0 rounded-[2px] border-t-2" style={{ borderColor: color, backgroundColor: withAlpha(color, 0.25) }} />;
  return <span aria-hidden="true" className="h-0.5 w-3.5 shrink-0 rounded-full" style={{ backgroundColor: color }} />;
}

/** One entry per series, named by its tag value; the values under the pointer while hovering. Clicking hides or shows a series. */
export function ChartLegend({ series, columns, hover, hidden, onToggle, mark = 'line', formatReading = formatValue, extras = [], layout = 'wrap' }: ChartLegendProps) {
  if (series.length === 0) return null;
  const line = layout === 'line';
  return (
    <div className={cx('flex items-center border-t border-border text-[13px]', line ? 'gap-x-2 px-2 py-1.5' : 'flex-wrap gap-x-4 gap-y-1.5 px-4 py-3 sm:px-5')}>
      {line && !hover ? null : (
        <span className="w-16 shrink-0 text-[12px] text-muted tabular-nums" aria-live="off">
          {hover ? formatClock(hover.time) : null}
        </span>
      )}
      <ul aria-label="Legend" className={cx('flex min-w-0 flex-1 gap-x-4 gap-y-1.5', line ? 'overflow-x-auto whitespace-nowrap [scrollbar-width:none] *:shrink-0' : 'flex-wrap')}>
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
                <Swatch mark={mark} color={seriesColor(index)} />
                <span className="truncate font-mono">{item.label}</span>
                {hover ? <span className="font-medium tabular-nums">{formatReading(value)}</span> : null}
              </button>
            </li>
          );
        })}
        {extras.map((extra) => (
          <li key={extra.label} className="inline-flex items-center gap-2 px-1 py-0.5 text-muted">
            <span aria-hidden="true" className={cx('shrink-0', extra.swatchClassName)} style={extra.swatchStyle} />
            {extra.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
