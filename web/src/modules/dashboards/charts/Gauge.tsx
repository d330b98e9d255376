import { gaugeSegments, gaugeShare, thresholdLevel, type WidgetDisplay } from '../../../../../common/widget-display.ts';
import { levelColor } from '../explorer/chart-theme.ts';
import { formatReading } from './value-format.ts';

/** The arc opens downwards: it starts at the lower left and sweeps 240° clockwise to the lower right. */
const START_DEGREES = 150;
const SWEEP_DEGREES = 240;
const CENTRE = { x: 100, y: 100 };
const VALUE_RADIUS = 76;
const VALUE_WIDTH = 16;
const BAND_RADIUS = 93;
const BAND_WIDTH = 5;
/** Room the value's text has inside the arc, in viewBox units. */
const TEXT_ROOM = 128;

function pointAt(share: number, radius: number): { x: number; y: number } {
  const radians = ((START_DEGREES + SWEEP_DEGREES * share) * Math.PI) / 180;
  return { x: CENTRE.x + radius * Math.cos(radians), y: CENTRE.y + radius * Math.sin(radians) };
}

function arcPath(from: number, to: number, radius: number): string {
  const start = pointAt(from, radius);
  const end = pointAt(to, radius);
  const large = (to - from) * SWEEP_DEGREES > 180 ? 1 : 0;
  return `M ${start.x.toFixed(2)} ${start.y.toFixed(2)} A ${radius} ${radius} 0 ${large} 1 ${end.x.toFixed(2)} ${end.y.toFixed(2)}`;
}

interface GaugeProps {
  value: number | null;
  display: WidgetDisplay;
  /** What is measured, for screen readers. */
  label: string;
  /** A line under the value, such as the series it came from. */
  caption?: string;
  height: number;
}

/** A radial gauge between the widget's min and max, its band and value coloured by the thresholds. */
export function Gauge({ value, display, label, caption, height }: GaugeProps) {
  const format = { unit: display.unit, decimals: display.decimals };
  const levels = display.thresholds.length + 1;
  const share = value === null ? 0 : gaugeShare(value, display);
  const color = value === null ? 'var(--border)' : levelColor(thresholdLevel(value, display.thresholds), levels);
  const reading = formatReading(value, format);
  const fontSize = Math.min(30, TEXT_ROOM / (0.58 * Math.max(1, reading.length)));
  const minEnd = pointAt(0, BAND_RADIUS);
  const maxEnd = pointAt(1, BAND_RADIUS);
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={display.min}
      aria-valuemax={display.max}
      aria-valuenow={value ?? display.min}
      aria-valuetext={value === null ? 'No value in this range' : reading}
      className="grid h-full place-items-center"
      style={{ height }}
    >
      <svg viewBox="0 0 200 172" className="h-full max-h-full w-full max-w-full" aria-hidden="true">
        {display.thresholds.length ? (
          gaugeSegments(display).map((segment) => (
            <path key={segment.from} d={arcPath(segment.from, segment.to, BAND_RADIUS)} fill="none" strokeWidth={BAND_WIDTH} style={{ stroke: levelColor(segment.level, levels) }} />
          ))
        ) : (
          <path d={arcPath(0, 1, BAND_RADIUS)} fill="none" strokeWidth={BAND_WIDTH} style={{ stroke: 'var(--border)' }} />
        )}
        <path d={arcPath(0, 1, VALUE_RADIUS)} fill="none" strokeWidth={VALUE_WIDTH} strokeLinecap="round" style={{ stroke: 'var(--surface-muted)' }} />
        {value !== null && share > 0 ? <path d={arcPath(0, share, VALUE_RADIUS)} fill="none" strokeWidth={VALUE_WIDTH} strokeLinecap="round" style={{ stroke: color }} /> : null}
        <text x={CENTRE.x} y={CENTRE.y + fontSize * 0.35} textAnchor="middle" fontSize={fontSize} fontWeight={600} className="fill-fg tabular-nums">
          {reading}
        </text>
        {caption ? (
          <text x={CENTRE.x} y={CENTRE.y + 34} textAnchor="middle" fontSize={11} className="fill-muted">
            {caption.length > 24 ? `${caption.slice(0, 23)}…` : caption}
          </text>
        ) : null}
        <text x={minEnd.x} y={minEnd.y + 18} textAnchor="middle" fontSize={11} className="fill-muted tabular-nums">
          {formatReading(display.min, format)}
        </text>
        <text x={maxEnd.x} y={maxEnd.y + 18} textAnchor="middle" fontSize={11} className="fill-muted tabular-nums">
          {formatReading(display.max, format)}
        </text>
      </svg>
    </div>
  );
}
