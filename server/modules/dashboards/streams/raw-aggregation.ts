import type { Aggregate } from '../../../../common/dashboards-streams.ts';
import { BinaryCopyReader } from '../../../platform/db/index.ts';

/**
 * Aggregation of raw points in Node, over the rows `copySelection` reads out of the database in
 * COPY's binary format: one row per compacted block (a series' points of an hour) or per point not
 * compacted yet. PostgreSQL spends about 100 ns on each row it scans, and ten million point rows
 * took it 1–2 s; the same points in blocks are ~14,000 rows, and a typed-array loop here adds
 * tens of nanoseconds per point (docs/benchmarks.md).
 */

/** Which points to aggregate: one field of the given series (each mapped to its group), in [fromMs, toMs). */
export interface ScanSelection {
  seriesIds: number[];
  groups: string[];
  fromMs: number;
  toMs: number;
}

export interface BucketRow {
  grp: string;
  t: number;
  v: number | null;
}

const PERCENTILE_RANKS: Partial<Record<Aggregate, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/** Calls `visit` with every value of the selection in the COPY rows: its group's index, time and value. */
function forEachPoint(rows: Uint8Array, groupOfSeries: Map<number, number>, fromMs: number, toMs: number, visit: (group: number, timeMs: number, value: number) => void): void {
  const reader = new BinaryCopyReader(rows);
  while (reader.next()) {
    const group = groupOfSeries.get(reader.int4()!);
    const startMs = reader.timestamptz()!;
    const times = reader.bytes()!;
    const values = reader.float8Array()!;
    if (group === undefined) continue;
    const offsets = new DataView(times.buffer, times.byteOffset, times.byteLength);
    // A field added after the block was written has no values in it: those points have none.
    const count = Math.min(values.length, times.byteLength / 4);
    for (let i = 0; i < count; i++) {
      const value = values[i]!;
      if (Number.isNaN(value)) continue;
      const timeMs = startMs + offsets.getUint32(i * 4) / 1000;
      if (timeMs >= fromMs && timeMs < toMs) visit(group, timeMs, value);
    }
  }
}

/** The selection's groups in answer order (as `collate "C"` orders them), and each series' index among them. */
function groupsOf(selection: ScanSelection): { names: string[]; groupOfSeries: Map<number, number> } {
  const names = [...new Set(selection.groups)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(names.map((name, i) => [name, i]));
  return { names, groupOfSeries: new Map(selection.seriesIds.map((id, i) => [id, index.get(selection.groups[i]!)!])) };
}

/**
 * Buckets of `intervalMs` (counted from the one holding `fromMs`) per group, in group then time
 * order, with the aggregate of their values; buckets without values are left out, as SQL's
 * grouping leaves them out. Percentiles are exact, interpolated as `percentile_cont` does.
 */
export function aggregateRows(rows: Uint8Array, selection: ScanSelection, agg: Aggregate, intervalMs: number): BucketRow[] {
  const firstBucket = Math.floor(selection.fromMs / intervalMs) * intervalMs;
  const buckets = Math.max(1, Math.ceil((selection.toMs - firstBucket) / intervalMs));
  const { names, counts, values } = aggregateCells(rows, selection, agg, { firstBucket, intervalMs, buckets });
  const answer: BucketRow[] = [];
  for (let group = 0; group < names.length; group++) {
    for (let bucket = 0; bucket < buckets; bucket++) {
      const cell = group * buckets + bucket;
      if (counts[cell]! > 0) answer.push({ grp: names[group]!, t: firstBucket + bucket * intervalMs, v: values[cell]! });
    }
  }
  return answer;
}

/** One aggregate over the whole selection, every group together, and how many values it saw. */
export function aggregateRowsOver(rows: Uint8Array, selection: ScanSelection, agg: Aggregate): { value: number | null; points: number } {
  const whole = { ...selection, groups: selection.groups.map(() => '') };
  const { counts, values } = aggregateCells(rows, whole, agg, { firstBucket: selection.fromMs, intervalMs: Infinity, buckets: 1 });
  const points = counts[0] ?? 0;
  return { value: points > 0 ? values[0]! : null, points };
}

interface Buckets {
  firstBucket: number;
  intervalMs: number;
  buckets: number;
}

/** The aggregate and the count of values of every cell, a group's bucket, at `group × buckets + bucket`. */
function aggregateCells(rows: Uint8Array, selection: ScanSelection, agg: Aggregate, { firstBucket, intervalMs, buckets }: Buckets) {
  const { names, groupOfSeries } = groupsOf(selection);
  const cellOf = (group: number, timeMs: number) => group * buckets + Math.floor((timeMs - firstBucket) / intervalMs);
  const counts = new Float64Array(names.length * buckets);
  const values = new Float64Array(counts.length);
  const rank = PERCENTILE_RANKS[agg];
  if (rank !== undefined) {
    forEachPoint(rows, groupOfSeries, selection.fromMs, selection.toMs, (group, timeMs) => counts[cellOf(group, timeMs)]!++);
    percentiles(rows, groupOfSeries, selection, counts, values, cellOf, rank);
    return { names, counts, values };
  }
  const lastTimes = agg === 'last' ? new Float64Array(counts.length).fill(-Infinity) : undefined;
  forEachPoint(rows, groupOfSeries, selection.fromMs, selection.toMs, (group, timeMs, value) => {
    const cell = cellOf(group, timeMs);
    const seen = counts[cell]!++;
    if (agg === 'min') values[cell] = seen === 0 ? value : Math.min(values[cell]!, value);
    else if (agg === 'max') values[cell] = seen === 0 ? value : Math.max(values[cell]!, value);
    else if (lastTimes) {
      if (timeMs >= lastTimes[cell]!) {
        lastTimes[cell] = timeMs;
        values[cell] = value;
      }
    } else values[cell]! += value;
  });
  if (agg === 'avg') for (let cell = 0; cell < counts.length; cell++) values[cell]! /= counts[cell]!;
  if (agg === 'count') values.set(counts);
  return { names, counts, values };
}

/**
 * Each cell's percentile: its values are gathered side by side (a second pass, now that each
 * cell's count is known) and the two ranks around the percentile are selected in linear time,
 * rather than sorting every value.
 */
function percentiles(
  rows: Uint8Array,
  groupOfSeries: Map<number, number>,
  selection: ScanSelection,
  counts: Float64Array,
  answer: Float64Array,
  cellOf: (group: number, timeMs: number) => number,
  rank: number,
): void {
  const starts = new Float64Array(counts.length + 1);
  for (let cell = 0; cell < counts.length; cell++) starts[cell + 1] = starts[cell]! + counts[cell]!;
  const filled = starts.slice(0, counts.length);
  const gathered = new Float64Array(starts[counts.length]!);
  forEachPoint(rows, groupOfSeries, selection.fromMs, selection.toMs, (group, timeMs, value) => {
    gathered[filled[cellOf(group, timeMs)]!++] = value;
  });
  for (let cell = 0; cell < counts.length; cell++) {
    const count = counts[cell]!;
    if (count === 0) continue;
    const start = starts[cell]!;
    // As percentile_cont: the values at the ranks on either side of rank × (count − 1), interpolated.
    const position = rank * (count - 1);
    const below = Math.floor(position);
    const first = selectNth(gathered, start, start + count - 1, start + below);
    if (position === below) {
      answer[cell] = first;
      continue;
    }
    let second = Infinity;
    for (let i = start + below + 1; i < start + count; i++) second = Math.min(second, gathered[i]!);
    answer[cell] = first + (second - first) * (position - below);
  }
}

/**
 * Quickselect: reorders `values[lo..hi]` so that the element at `n` is the one sorted order puts
 * there, every element before it no larger and every one after it no smaller; answers it.
 */
function selectNth(values: Float64Array, lo: number, hi: number, n: number): number {
  let left = lo;
  let right = hi;
  while (left < right) {
    const pivot = medianOfThree(values[left]!, values[(left + right) >>> 1]!, values[right]!);
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (n <= j) right = j;
    else if (n >= i) left = i;
    else break;
  }
  return values[n]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
