/** One step of a forecast: the expected value and a band that holds the outcome about 95% of the time. */
export interface ForecastPoint {
  time: number;
  mean: number;
  lower: number;
  upper: number;
}

const Z_95 = 1.96;

/**
 * Additive Holt-Winters (level, trend and a season of `period` steps) fitted to evenly spaced
 * `values`, forecast `horizon` steps past the last one. With fewer than two seasons of history
 * the season is left out (Holt's linear trend). The band widens with the square root of the
 * steps ahead, from the spread of the one-step errors on the history.
 */
export function holtWinters(
  values: number[],
  { period, horizon, alpha = 0.3, beta = 0.05, gamma = 0.2 }: { period: number; horizon: number; alpha?: number; beta?: number; gamma?: number },
): { mean: number[]; lower: number[]; upper: number[] } {
  if (values.length < 2) throw new Error('a forecast needs at least two values');
  const seasonal = values.length >= 2 * period && period > 1;
  const season = new Array<number>(seasonal ? period : 1).fill(0);
  let level: number;
  let trend: number;
  if (seasonal) {
    const firstMean = mean(values.slice(0, period));
    const secondMean = mean(values.slice(period, 2 * period));
    level = firstMean;
    trend = (secondMean - firstMean) / period;
    for (let i = 0; i < period; i++) season[i] = values[i]! - firstMean;
  } else {
    level = values[0]!;
    trend = values[1]! - values[0]!;
  }
  const seasonAt = (i: number) => (seasonal ? season[i % period]! : 0);
  const errors: number[] = [];
  for (let i = seasonal ? period : 1; i < values.length; i++) {
    const value = values[i]!;
    const predicted = level + trend + seasonAt(i);
    errors.push(value - predicted);
    const previousLevel = level;
    level = alpha * (value - seasonAt(i)) + (1 - alpha) * (level + trend);
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
    if (seasonal) season[i % period] = gamma * (value - level) + (1 - gamma) * season[i % period]!;
  }
  const spread = Math.sqrt(mean(errors.map((e) => e * e)));
  const forecast = { mean: [] as number[], lower: [] as number[], upper: [] as number[] };
  for (let h = 1; h <= horizon; h++) {
    const expected = level + h * trend + seasonAt(values.length + h - 1);
    const margin = Z_95 * spread * Math.sqrt(h);
    forecast.mean.push(expected);
    forecast.lower.push(expected - margin);
    forecast.upper.push(expected + margin);
  }
  return forecast;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0;
}
