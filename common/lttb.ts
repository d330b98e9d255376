/** A stretch of consecutive non-null values, as indexes [start, end) into the input. */
interface Run {
  start: number;
  end: number;
}

interface Series {
  times: number[];
  values: (number | null)[];
}

/**
 * Downsamples a time-sorted series to about `threshold` points with Largest-Triangle-Three-Buckets
 * (Steinarsson 2013). Nulls are gaps: each run between them is downsampled on its own, keeps its first and
 * last point, and runs are separated by a single null so a chart still draws the gap.
 */
export function downsampleLttb(
  times: ArrayLike<number>,
  values: ArrayLike<number | null>,
  threshold: number,
): { times: number[]; values: (number | null)[] } {
  if (values.length <= threshold) return { times: Array.from(times), values: Array.from(values) };
  const runs = findRuns(values);
  const shares = shareThreshold(runs, Math.floor(threshold));
  const series: Series = { times: [], values: [] };
  runs.forEach((run, index) => {
    // The gap marker takes the time of the first null, which lies inside the gap.
    if (index > 0) push(series, times[runs[index - 1]!.end]!, null);
    downsampleRun(times, values, run, shares[index]!, series);
  });
  return series;
}

function findRuns(values: ArrayLike<number | null>): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) {
      if (start !== -1) runs.push({ start, end: i });
      start = -1;
    } else if (start === -1) {
      start = i;
    }
  }
  if (start !== -1) runs.push({ start, end: values.length });
  return runs;
}

/**
 * Gives every run its first and last point, then splits the rest of the threshold in proportion to the
 * points each run has beyond those; rounding the running total keeps the shares summing to the threshold.
 */
function shareThreshold(runs: Run[], threshold: number): number[] {
  const minimums = runs.map((run) => Math.min(run.end - run.start, 2));
  const minimumTotal = minimums.reduce((sum, minimum) => sum + minimum, 0);
  const beyondTotal = runs.reduce((sum, run) => sum + run.end - run.start, 0) - minimumTotal;
  const spare = Math.max(0, threshold - minimumTotal);
  let beyondSoFar = 0;
  let handedOut = 0;
  return runs.map((run, index) => {
    const length = run.end - run.start;
    const minimum = minimums[index]!;
    beyondSoFar += length - minimum;
    const handedOutSoFar = beyondTotal === 0 ? 0 : Math.floor((spare * beyondSoFar) / beyondTotal);
    const extra = handedOutSoFar - handedOut;
    handedOut = handedOutSoFar;
    return Math.min(length, minimum + extra);
  });
}

function downsampleRun(times: ArrayLike<number>, values: ArrayLike<number | null>, run: Run, share: number, series: Series): void {
  const length = run.end - run.start;
  if (share >= length) {
    for (let i = run.start; i < run.end; i++) push(series, times[i]!, values[i]!);
    return;
  }
  push(series, times[run.start]!, values[run.start]!);
  const buckets = share - 2;
  let selected = run.start;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const bucketStart = bucketBoundary(run, buckets, bucket);
    const bucketEnd = bucketBoundary(run, buckets, bucket + 1);
    const nextEnd = bucket + 1 === buckets ? run.end : bucketBoundary(run, buckets, bucket + 2);
    selected = pickLargestTriangle(times, values, selected, bucketStart, bucketEnd, nextEnd);
    push(series, times[selected]!, values[selected]!);
  }
  push(series, times[run.end - 1]!, values[run.end - 1]!);
}

/** The first index of a bucket; the interior points (all but the first and last) are split into `buckets` equal parts. */
function bucketBoundary(run: Run, buckets: number, bucket: number): number {
  return run.start + 1 + Math.floor((bucket * (run.end - run.start - 2)) / buckets);
}

/**
 * Picks the point of [bucketStart, bucketEnd) forming the largest triangle with the previously selected
 * point and the average of the next bucket [bucketEnd, nextEnd).
 */
function pickLargestTriangle(
  times: ArrayLike<number>,
  values: ArrayLike<number | null>,
  previous: number,
  bucketStart: number,
  bucketEnd: number,
  nextEnd: number,
): number {
  let averageTime = 0;
  let averageValue = 0;
  for (let i = bucketEnd; i < nextEnd; i++) {
    averageTime += times[i]!;
    averageValue += values[i]!;
  }
  averageTime /= nextEnd - bucketEnd;
  averageValue /= nextEnd - bucketEnd;

  const previousTime = times[previous]!;
  const previousValue = values[previous]!;
  let largestArea = -1;
  let largest = bucketStart;
  for (let i = bucketStart; i < bucketEnd; i++) {
    // Twice the triangle's area; the factor does not change which is largest.
    const area = Math.abs(
      (previousTime - averageTime) * (values[i]! - previousValue) - (previousTime - times[i]!) * (averageValue - previousValue),
    );
    if (area > largestArea) {
      largestArea = area;
      largest = i;
    }
  }
  return largest;
}

function push(series: Series, time: number, value: number | null): void {
  series.times.push(time);
  series.values.push(value);
}
