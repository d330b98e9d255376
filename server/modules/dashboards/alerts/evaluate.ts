import type { AlertCondition, AlertState, ThresholdOperator } from '../../../../common/dashboards-alerts.ts';

/** What one evaluation found: the window's value, how many points it had, and the baseline windows for anomalies. */
export interface Reading {
  value: number | null;
  points: number;
  baseline: number[];
}

const compare: Record<ThresholdOperator, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The robust z-score of `value` against `baseline`: distance from the median in median absolute
 * deviations, scaled (0.6745) so it reads like a standard z-score on normal data. Outliers in the
 * baseline barely move it, unlike a mean and standard deviation.
 */
export function robustZScore(value: number, baseline: number[]): number {
  const centre = median(baseline);
  const mad = median(baseline.map((v) => Math.abs(v - centre)));
  if (mad === 0) return value === centre ? 0 : Infinity * Math.sign(value - centre);
  return (0.6745 * (value - centre)) / mad;
}

/** Fewer baseline windows than this say nothing about what is normal. */
const MIN_BASELINE_WINDOWS = 5;

export function conditionHolds(condition: AlertCondition, reading: Reading): boolean {
  switch (condition.kind) {
    case 'no_data':
      return reading.points === 0;
    case 'threshold':
      return reading.value !== null && compare[condition.operator](reading.value, condition.value);
    case 'anomaly':
      return reading.value !== null && reading.baseline.length >= MIN_BASELINE_WINDOWS && Math.abs(robustZScore(reading.value, reading.baseline)) > condition.zScore;
  }
}

export interface Transition {
  state: AlertState;
  since: Date;
  /** Set when people should hear of it. */
  announce: 'firing' | 'resolved' | null;
}

/**
 * The rule's state machine. A holding condition moves ok → pending → firing once it has held
 * `forSeconds` (straight to firing when that is 0); a condition that stops holding moves
 * pending → ok and firing → resolved, and resolved settles to ok on the next evaluation.
 */
export function nextState(current: { state: AlertState; stateSince: Date; forSeconds: number }, holds: boolean, now: Date): Transition {
  const stay = { state: current.state, since: current.stateSince, announce: null };
  const go = (state: AlertState, announce: Transition['announce'] = null): Transition => ({ state, since: now, announce });
  if (holds) {
    if (current.state === 'firing') return stay;
    if (current.state === 'pending') return now.getTime() - current.stateSince.getTime() >= current.forSeconds * 1000 ? go('firing', 'firing') : stay;
    return current.forSeconds === 0 ? go('firing', 'firing') : go('pending');
  }
  if (current.state === 'firing') return go('resolved', 'resolved');
  if (current.state === 'pending' || current.state === 'resolved') return go('ok');
  return stay;
}
