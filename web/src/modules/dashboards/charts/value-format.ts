import { formatValue } from '../explorer/format.ts';

/** How a widget writes its values: a unit and fixed decimals (null lets the value choose). */
export interface ValueFormat {
  unit: string;
  decimals: number | null;
}

const fixedFormats = new Map<string, Intl.NumberFormat>();

function fixed(decimals: number, compact: boolean): Intl.NumberFormat {
  const key = `${decimals}:${compact}`;
  let format = fixedFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { minimumFractionDigits: compact ? 0 : decimals, maximumFractionDigits: decimals, notation: compact ? 'compact' : 'standard' });
    fixedFormats.set(key, format);
  }
  return format;
}

/** `42 ms`, but `42%`: a percent sign sits against its number. */
export function withUnit(text: string, unit: string): string {
  if (!unit) return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

/** A value as a readout shows it, with the widget's decimals and unit; a dash when there is none. */
export function formatReading(value: number | null | undefined, format: ValueFormat): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return withUnit(format.decimals === null ? formatValue(value) : fixed(format.decimals, false).format(value), format.unit);
}

/** The decimals a tick step needs to tell its ticks apart: 2 for 0.25, 1 for 2.5, 0 for 5. */
function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  const [mantissa = '', exponent = '0'] = step.toExponential().split('e');
  return Math.min(6, Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent)));
}

/** Value-axis labels: as many decimals as the step needs (at least the widget's), large ones compact (1.2M). */
export function formatTicks(ticks: readonly number[], step: number, format: ValueFormat): string[] {
  const largest = Math.max(0, ...ticks.map((tick) => Math.abs(tick)));
  const compact = largest >= 1e6;
  const decimals = compact ? 1 : Math.max(stepDecimals(step), format.decimals ?? 0);
  return ticks.map((tick) => withUnit(fixed(decimals, compact).format(tick), format.unit));
}
