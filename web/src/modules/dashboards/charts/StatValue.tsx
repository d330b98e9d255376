import type { Series } from '../../../../../common/dashboards-streams.ts';
import { thresholdLevel, type WidgetDisplay } from '../../../../../common/widget-display.ts';
import { levelColor } from '../explorer/chart-theme.ts';
import { formatReading } from './value-format.ts';

const VALUE_ROWS_PX = 56;
const CAPTION_PX = 20;
const SPARKLINE_MIN_PX = 24;
const SPARKLINE_PAD_PX = 3;

/** The series as an SVG path over [from, to] in a width × height box; gaps break the line. */
function sparklinePath(series: Series, from: number, to: number, width: number, height: number): { line: string; area: string } {
  let low = Infinity;
  let high = -Infinity;
  for (const value of series.values) {
    if (value === null) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  if (low > high) return { line: '', area: '' };
  const span = high - low || 1;
  const x = (time: number) => ((time - from) / Math.max(1, to - from)) * width;
  const y = (value: number) => SPARKLINE_PAD_PX + (1 - (value - low) / span) * (height - 2 * SPARKLINE_PAD_PX);
  const runs: { x: number; y: number }[][] = [];
  let run: { x: number; y: number }[] = [];
  series.values.forEach((value, index) => {
    if (value === null) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    run.push({ x: x(series.times[index]!), y: y(value) });
  });
  if (run.length) runs.push(run);
  const line = runs.map((points) => points.map((point, index) => `${index ? 'L' : 'M'}${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join('')).join('');
  const area = runs
    .filter((points) => points.length > 1)
    .map((points) => `M${points[0]!.x.toFixed(1)} ${height}${points.map((point) => `L${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join('')}L${points.at(-1)!.x.toFixed(1)} ${height}Z`)
    .join('');
  return { line, area };
}

interface StatValueProps {
  value: number | null;
  /** The series the value is the newest of, drawn small under it. */
  series: Series | null;
  caption?: string;
  display: WidgetDisplay;
  from: number;
  to: number;
  width: number;
  height: number;
  label: string;
}

/** A big number, coloured by the thresholds when there are some, over a sparkline of its series. */
export function StatValue({ value, series, caption, display, from, to, width, height, label }: StatValueProps) {
  const color = display.thresholds.length && value !== null ? levelColor(thresholdLevel(value, display.thresholds), display.thresholds.length + 1) : 'var(--accent)';
  const sparkHeight = Math.floor(height - VALUE_ROWS_PX - (caption ? CAPTION_PX : 0));
  const sparkWidth = Math.max(0, width - 16);
  const spark = series && sparkHeight >= SPARKLINE_MIN_PX ? sparklinePath(series, from, to, sparkWidth, sparkHeight) : null;
  return (
    <div className="flex h-full flex-col justify-center px-2" style={{ height }}>
      <p className="truncate text-3xl font-semibold tracking-tight tabular-nums" data-testid="widget-value" aria-label={`${label}: ${formatReading(value, display)}`}>
        <span style={display.thresholds.length && value !== null ? { color } : undefined}>{formatReading(value, { unit: '', decimals: display.decimals })}</span>
        {display.unit && value !== null ? <span className={display.unit === '%' ? 'text-base font-medium text-muted' : 'ml-1 text-base font-medium text-muted'}>{display.unit}</span> : null}
      </p>
      {caption ? <p className="truncate text-[13px] text-muted">{caption}</p> : null}
      {value === null ? <p className="text-[13px] text-muted">No points in this range</p> : null}
      {spark?.line ? (
        <svg viewBox={`0 0 ${sparkWidth} ${sparkHeight}`} width={sparkWidth} height={sparkHeight} className="mt-2 shrink-0" aria-hidden="true">
          <path d={spark.area} style={{ fill: color }} opacity={0.12} />
          <path d={spark.line} fill="none" strokeWidth={1.5} strokeLinejoin="round" style={{ stroke: color }} />
        </svg>
      ) : null}
    </div>
  );
}
