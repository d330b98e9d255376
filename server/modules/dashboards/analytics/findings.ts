import { robustZScore } from '../alerts/evaluate.ts';

const MAX_SCORE = 1_000;

export interface Anomaly {
  time: number;
  value: number;
  /** The median of the window before it: what was expected. */
  expected: number;
  score: number;
}

/**
 * Points that stand out from the `window` points before them by more than `threshold` robust
 * deviations (a rolling robust z-score: one earlier spike does not hide the next).
 */
export function rollingAnomalies(times: number[], values: (number | null)[], { window, threshold }: { window: number; threshold: number }): Anomaly[] {
  const found: Anomaly[] = [];
  const history: number[] = [];
  values.forEach((value, i) => {
    if (value === null) return;
    if (history.length >= window) {
      const baseline = history.slice(-window);
      // A flat baseline gives an infinite score to any change; it is kept, capped so it can be stored.
      const score = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, robustZScore(value, baseline)));
      if (Math.abs(score) > threshold) {
        const sorted = [...baseline].sort((a, b) => a - b);
        found.push({ time: times[i]!, value, expected: sorted[Math.floor(sorted.length / 2)]!, score });
      }
    }
    history.push(value);
  });
  return found;
}

/** "cpu.load p95 rose 38% week over week", or nothing when the change is under `minimumChange`. */
export function weekOverWeek(metric: string, current: number | null, previous: number | null, minimumChange = 0.1): { text: string; change: number } | undefined {
  if (current === null || previous === null || previous === 0) return undefined;
  const change = (current - previous) / Math.abs(previous);
  if (Math.abs(change) < minimumChange) return undefined;
  const percent = Math.round(Math.abs(change) * 100);
  return { text: `${metric} ${change > 0 ? 'rose' : 'fell'} ${String(percent)}% week over week (${format(previous)} → ${format(current)})`, change };
}

const format = (value: number) => (Math.abs(value) >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toPrecision(3));
