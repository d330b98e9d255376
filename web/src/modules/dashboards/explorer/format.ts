const value = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 3 });
const compact = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const hoursMinutes = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const MINUTE_MS = 60_000;

/** A measured value: one decimal at least (42.0), three at most, no decimals past a million. */
export function formatValue(number: number | null | undefined): string {
  if (number === null || number === undefined) return '—';
  return Math.abs(number) >= 1e6 ? compact.format(number) : value.format(number);
}

/** 12:01:03, in the browser's time zone. */
export function formatClock(epochMs: number): string {
  return clock.format(epochMs);
}

const units: [ms: number, unit: string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
  [1, 'ms'],
];

/** A bucket width as people say it: 5 s, 1 min, 6 h. */
export function formatInterval(ms: number): string {
  const [size, unit] = units.find(([size]) => ms % size === 0 && ms >= size) ?? [1, 'ms'];
  return `${ms / size} ${unit}`;
}

/** A time-axis tick: the day at midnight or when ticks are days apart, else the clock as precise as the ticks are. */
export function formatTick(epochMs: number, incrementMs: number): string {
  const date = new Date(epochMs);
  const midnight = date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0;
  if (midnight && incrementMs >= MINUTE_MS) return day.format(date);
  if (incrementMs >= MINUTE_MS) return hoursMinutes.format(date);
  return clock.format(date);
}
