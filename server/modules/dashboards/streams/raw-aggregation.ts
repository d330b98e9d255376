import { PERCENTILE_RANKS, type Aggregate } from '../../../../common/dashboards-streams.ts';
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
  const { counts, values } = aggregateCells(rows, whole, agg, { firstBucket: selection.fromMs, intervalMs: selection.toMs - selection.fromMs, buckets: 1 });
  const points = counts[0] ?? 0;
  return { value: points > 0 ? values[0]! : null, points };
}

interface Buckets {
  firstBucket: number;
  intervalMs: number;
  buckets: number;
}

/**
 * What a pass over the points does with each value: the aggregate it keeps per cell, or for
 * percentiles, nothing but the count (a first pass), then the value in its cell's place (a second).
 */
const Keep = { Sum: 0, Min: 1, Max: 2, Last: 3, Count: 4, Place: 5 } as const;
type Keep = (typeof Keep)[keyof typeof Keep];

const KEEP: Record<Exclude<Aggregate, 'p50' | 'p95' | 'p99'>, Keep> = { avg: Keep.Sum, sum: Keep.Sum, count: Keep.Sum, min: Keep.Min, max: Keep.Max, last: Keep.Last };

/** The aggregate and the count of values of every cell, a group's bucket, at `group × buckets + bucket`. */
function aggregateCells(rows: Uint8Array, selection: ScanSelection, agg: Aggregate, grid: Buckets) {
  const { names, groupOfSeries } = groupsOf(selection);
  const cells = names.length * grid.buckets;
  const rank = PERCENTILE_RANKS[agg];
  if (rank !== undefined) {
    const counted = new Pass(cells, Keep.Count);
    counted.run(rows, groupOfSeries, selection, grid);
    const placed = new Pass(cells, Keep.Place, counted.counts);
    placed.run(rows, groupOfSeries, selection, grid);
    return { names, counts: counted.counts, values: percentiles(counted.counts, placed.placed, rank) };
  }
  const pass = new Pass(cells, KEEP[agg as keyof typeof KEEP]);
  pass.run(rows, groupOfSeries, selection, grid);
  const { counts, values } = pass;
  if (agg === 'avg') for (let cell = 0; cell < cells; cell++) values[cell]! /= counts[cell]!;
  if (agg === 'count') values.set(counts);
  return { names, counts, values };
}

/**
 * One pass over the points of the COPY rows, keeping per cell what `keep` says. The loop is
 * written out once with the choice inside it rather than handed a callback: a call per point
 * that V8 cannot inline cost more than everything else the loop does (docs/benchmarks.md).
 */
class Pass {
  readonly counts: Float64Array;
  /** Per cell: the sum, min, max or last value. */
  readonly values: Float64Array;
  /** Last: per cell, the time of the value kept. */
  private readonly times: Float64Array;
  /** Place: every value, each cell's side by side and the cells in order, as read. */
  readonly placed: Float64Array;
  /** Place: per cell, where its next value goes. */
  private readonly next: Float64Array;
  private readonly keep: Keep;

  /** `countsOfCells` (Place): each cell's count from a first pass, which sizes the cell's place. */
  constructor(cells: number, keep: Keep, countsOfCells?: Float64Array) {
    this.keep = keep;
    this.counts = new Float64Array(cells);
    this.values = new Float64Array(keep === Keep.Count || keep === Keep.Place ? 0 : cells);
    this.times = new Float64Array(keep === Keep.Last ? cells : 0).fill(-Infinity);
    this.next = new Float64Array(countsOfCells ? cells : 0);
    let total = 0;
    if (countsOfCells) {
      for (let cell = 0; cell < cells; cell++) {
        this.next[cell] = total;
        total += countsOfCells[cell]!;
      }
    }
    this.placed = new Float64Array(total);
  }

  run(rows: Uint8Array, groupOfSeries: Map<number, number>, { fromMs, toMs }: ScanSelection, { firstBucket, intervalMs, buckets }: Buckets): void {
    const { counts, values: aggregates, times: keptTimes, placed, next, keep } = this;
    const reader = new BinaryCopyReader(rows);
    while (reader.next()) {
      const group = groupOfSeries.get(reader.int4()!);
      const startMs = reader.timestamptz()!;
      const times = reader.bytes()!;
      const bytes = reader.bytes()!;
      if (group === undefined) continue;
      const offsets = new DataView(times.buffer, times.byteOffset, times.byteLength);
      const values = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const firstCell = group * buckets;
      // A block's points are in time order: the bucket is worked out again only when a point leaves it.
      let cell = 0;
      let cellStart = Infinity;
      let cellEnd = -Infinity;
      // A field added after the block was written has no values in it: those points have none.
      const count = Math.min(bytes.byteLength / 8, times.byteLength / 4);
      for (let i = 0; i < count; i++) {
        const value = values.getFloat64(i * 8);
        if (Number.isNaN(value)) continue;
        const timeMs = startMs + offsets.getUint32(i * 4) / 1000;
        if (timeMs < fromMs || timeMs >= toMs) continue;
        if (timeMs >= cellEnd || timeMs < cellStart) {
          const bucket = Math.floor((timeMs - firstBucket) / intervalMs);
          cell = firstCell + bucket;
          cellStart = firstBucket + bucket * intervalMs;
          cellEnd = cellStart + intervalMs;
        }
        const seen = counts[cell]!++;
        switch (keep) {
          case Keep.Sum:
            aggregates[cell]! += value;
            break;
          case Keep.Min:
            if (seen === 0 || value < aggregates[cell]!) aggregates[cell] = value;
            break;
          case Keep.Max:
            if (seen === 0 || value > aggregates[cell]!) aggregates[cell] = value;
            break;
          case Keep.Last:
            if (timeMs >= keptTimes[cell]!) {
              keptTimes[cell] = timeMs;
              aggregates[cell] = value;
            }
            break;
          case Keep.Count:
            break;
          case Keep.Place:
            placed[next[cell]!++] = value;
        }
      }
    }
  }
}

/**
 * Each cell's percentile from its values (placed side by side, cell after cell): the two ranks
 * around the percentile are selected in linear time, rather than sorting every value.
 */
function percentiles(counts: Float64Array, placed: Float64Array, rank: number): Float64Array {
  const answer = new Float64Array(counts.length);
  let start = 0;
  for (let cell = 0; cell < counts.length; start += counts[cell++]!) {
    const count = counts[cell]!;
    if (count === 0) continue;
    // As percentile_cont: the values at the ranks on either side of rank × (count − 1), interpolated.
    const position = rank * (count - 1);
    const below = Math.floor(position);
    const first = selectNth(placed, start, start + count - 1, start + below);
    if (position === below) {
      answer[cell] = first;
      continue;
    }
    let second = Infinity;
    for (let i = start + below + 1; i < start + count; i++) second = Math.min(second, placed[i]!);
    answer[cell] = first + (second - first) * (position - below);
  }
  return answer;
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
