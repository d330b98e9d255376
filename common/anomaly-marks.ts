/** An hour of a stream field the analytics found anomalous, by the hour's start (epoch ms). */
export interface HourAnomaly {
  time: number;
  value: number;
  expected: number;
  score: number;
}

/** A chart series in the aligned form: one time column, values with gaps. */
export interface MarkableSeries {
  times: readonly number[];
  values: readonly (number | null | undefined)[];
}

/** Anomalies are found on hourly averages. */
export const ANOMALY_HOUR_MS = 3_600_000;

/**
 * Where to mark each anomaly on a chart: on the charted point of its hour that strays furthest
 * from what was expected the way the anomaly did (up for a spike, down for a dip), so the mark
 * sits on the spike itself rather than on the hour's average at the hour's start. An hour with no
 * charted point that way keeps where it was found.
 */
export function placeAnomalies(anomalies: readonly HourAnomaly[], series: readonly MarkableSeries[], hourMs = ANOMALY_HOUR_MS): HourAnomaly[] {
  return anomalies.map((anomaly) => {
    const direction = anomaly.value >= anomaly.expected ? 1 : -1;
    let placed = { time: anomaly.time, value: anomaly.value };
    let farthest = 0;
    for (const { times, values } of series) {
      let row = lowerBound(times, anomaly.time);
      for (; row < times.length && times[row]! < anomaly.time + hourMs; row++) {
        const value = values[row];
        if (value === null || value === undefined) continue;
        const distance = direction * (value - anomaly.expected);
        if (distance > farthest) {
          farthest = distance;
          placed = { time: times[row]!, value };
        }
      }
    }
    return { ...anomaly, ...placed };
  });
}

/** The first index whose time is at or after `time` in ascending times. */
function lowerBound(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (times[middle]! < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
