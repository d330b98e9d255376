/** A widget's `options` as stored: loosely typed, written by the builder or by hand in an imported file. */
export type WidgetOptions = Record<string, string | number | boolean | number[]>;

/** How a widget shows its values, read from its options with defaults for what is missing or malformed. */
export interface WidgetDisplay {
  unit: string;
  /** Fixed decimals of values; null lets the value choose (one to three). */
  decimals: number | null;
  /** The gauge's scale. */
  min: number;
  max: number;
  /** Ascending values where the colour changes: below the first is level 0, from the first on level 1, and so on. */
  thresholds: number[];
  /** Draws the stream's day-ahead forecast after the last point (line and area charts). */
  forecast: boolean;
  /** Marks the hours the analytics found anomalous. */
  anomalies: boolean;
}

export const MAX_DECIMALS = 6;
const DEFAULT_SCALE = { min: 0, max: 100 };

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readWidgetDisplay(options: WidgetOptions): WidgetDisplay {
  const decimals = finite(options.decimals);
  const min = finite(options.min) ?? DEFAULT_SCALE.min;
  const max = finite(options.max) ?? Math.max(DEFAULT_SCALE.max, min + 1);
  const thresholds = Array.isArray(options.thresholds) ? options.thresholds.filter((value) => Number.isFinite(value)).sort((a, b) => a - b) : [];
  return {
    unit: typeof options.unit === 'string' ? options.unit.trim() : '',
    decimals: decimals === undefined ? null : Math.min(MAX_DECIMALS, Math.max(0, Math.round(decimals))),
    min: Math.min(min, max),
    max: max > min ? max : min + 1,
    thresholds: [...new Set(thresholds)],
    forecast: options.forecast === true,
    anomalies: options.anomalies !== false,
  };
}

/** How many thresholds the value has reached: 0 below the first. */
export function thresholdLevel(value: number, thresholds: readonly number[]): number {
  let level = 0;
  for (const threshold of thresholds) if (value >= threshold) level++;
  return level;
}

/** Where a value sits on the gauge, 0 at `min` to 1 at `max`, clamped. */
export function gaugeShare(value: number, display: Pick<WidgetDisplay, 'min' | 'max'>): number {
  return Math.min(1, Math.max(0, (value - display.min) / (display.max - display.min)));
}

export interface GaugeSegment {
  /** Shares of the scale, 0 to 1. */
  from: number;
  to: number;
  level: number;
}

/** The scale cut at the thresholds inside it, each part with the level its values have. */
export function gaugeSegments(display: Pick<WidgetDisplay, 'min' | 'max' | 'thresholds'>): GaugeSegment[] {
  const cuts = display.thresholds.filter((threshold) => threshold > display.min && threshold < display.max);
  const edges = [display.min, ...cuts, display.max];
  return edges.slice(1).map((end, index) => {
    const start = edges[index]!;
    return { from: gaugeShare(start, display), to: gaugeShare(end, display), level: thresholdLevel(start, display.thresholds) };
  });
}
