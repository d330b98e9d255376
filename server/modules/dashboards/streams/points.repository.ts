import { sql, type SQL } from 'drizzle-orm';
import { isPercentile, PERCENTILE_RANKS, type Aggregate, type LivePoint } from '../../../../common/dashboards-streams.ts';
import { BinaryCopyWriter, rowsOf, type CopyData, type Database, type DatabaseHandle } from '../../../platform/db/index.ts';
import { copySelection, deleteExpiredBlocks, LARGE_WORK_MEM, pointTimeSpan, pointValues } from './point-blocks.repository.ts';
import { aggregateRows, aggregateRowsOver, type BucketRow } from './raw-aggregation.ts';

export type { BucketRow };

/** Rollup resolutions, in seconds: one minute and one hour. */
export const ROLLUP_RESOLUTIONS = [60, 3600] as const;
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number];

const POINT_COLUMNS = ['stream_id', 'series_id', 'time', 'values'] as const;


/** Loads points with COPY; `rows` comes from a `PointCopyWriter`. */
export function copyPoints(database: DatabaseHandle, rows: CopyData): Promise<number> {
  return database.copyRows('stream_points', POINT_COLUMNS, rows);
}

/**
 * Points of one stream as binary COPY rows: values and times go over as the database stores
 * them, so neither side formats or parses numbers and dates as text. Text was the largest cost of
 * ingestion in Node and a large one in PostgreSQL (docs/benchmarks.md).
 */
export class PointCopyWriter {
  private readonly rows: BinaryCopyWriter;
  private readonly streamId: string;

  /** `expectedPoints` and `fields` size the buffer up front; it grows if they were too few. */
  constructor(streamId: string, expectedPoints = 256, fields = 1) {
    this.streamId = streamId;
    this.rows = new BinaryCopyWriter(expectedPoints * (POINT_ROW_BYTES + fields * 12));
  }

  add(seriesId: number, timeMs: number, values: ArrayLike<number | null | undefined>): void {
    this.rows.row(POINT_COLUMNS.length).uuid(this.streamId).int4(seriesId).timestamptz(timeMs).float8Array(values);
  }

  get count(): number {
    return this.rows.rows;
  }

  /** The COPY data for `copyPoints`; the writer is done afterwards. */
  finish(): Uint8Array {
    return this.rows.finish();
  }

  /** Lets the next writer reuse this one's memory, once the data has been copied in. */
  release(): void {
    this.rows.release();
  }
}

/** Bytes of a point row besides its values: column count, then uuid, int4, timestamptz and the array's header, each with its length. */
const POINT_ROW_BYTES = 2 + 20 + 8 + 12 + 4 + 20;

export interface StreamStats {
  series: number;
  firstTime: Date | null;
  lastTime: Date | null;
}

export async function streamStats(db: Database, streamId: string): Promise<StreamStats> {
  const [[row], span] = await Promise.all([
    rowsOf<{ series: number }>(db, sql`select count(*)::int as series from stream_series where stream_id = ${streamId}`),
    pointTimeSpan(db, streamId),
  ]);
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return { series: row?.series ?? 0, firstTime: date(span.first), lastTime: date(span.last) };
}

export interface SeriesRow {
  id: number;
  tags: Record<string, string>;
}

/** Series of a stream whose tags include every pair of `filter`. */
export function findSeries(db: Database, streamId: string, filter: Record<string, string>): Promise<SeriesRow[]> {
  return rowsOf<SeriesRow>(db, sql`select id, tags from stream_series where stream_id = ${streamId} and tags @> ${JSON.stringify(filter)}::jsonb order by id`);
}

/** A selection of points: one field of the given series (each mapped to its group) in [fromMs, toMs). */
export interface PointSelection {
  streamId: string;
  /** 1-based position of the field in the stored values arrays. */
  field: number;
  seriesIds: number[];
  groups: string[];
  fromMs: number;
  toMs: number;
}

const rollupAggregates: Partial<Record<Aggregate, SQL>> = {
  avg: sql`sum(sum) / nullif(sum(count), 0)`,
  min: sql`min(min)`,
  max: sql`max(max)`,
  sum: sql`sum(sum)`,
  count: sql`sum(count)::float8`,
  last: sql`(array_agg(last order by last_time desc))[1]`,
};


/**
 * Rollup rows of this series id aggregate every series of the stream together: a query of the
 * whole stream, not grouped, reads one row per bucket instead of one per series.
 */
export const WHOLE_STREAM = 0;

/** Whether an aggregate can be answered from rollups: percentiles come from the hourly ones' sketches. */
export const rollupCanAnswer = (agg: Aggregate) => rollupAggregates[agg] !== undefined || isPercentile(agg);

const selectedSeries = (selection: PointSelection) =>
  sql`unnest(${sql.param(selection.seriesIds)}::int[], ${sql.param(selection.groups)}::text[]) as g(id, grp)`;
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;
const binned = (column: SQL, intervalMs: number) => sql`date_bin(make_interval(secs => ${intervalMs / 1000}), ${column}, timestamptz '1970-01-01 00:00:00+00')`;
const timestamp = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;


/** Buckets in the order queries answer them: by group (as `collate "C"` orders), then time. */
export function byGroupAndTime(a: BucketRow, b: BucketRow): number {
  return a.grp < b.grp ? -1 : a.grp > b.grp ? 1 : a.t - b.t;
}

/**
 * Buckets of `intervalMs` aggregated from raw points, per group, in time order: the points are
 * read out with COPY, from blocks and rows alike, and aggregated in Node (`raw-aggregation.ts`).
 */
export async function aggregateRaw(database: DatabaseHandle, selection: PointSelection, agg: Aggregate, intervalMs: number): Promise<BucketRow[]> {
  return aggregateRows(await copySelection(database, selection), selection, agg, intervalMs);
}

/** Buckets of `intervalMs` (a multiple of the resolution) aggregated from rollups, per group, in time order. */
export function aggregateRollups(db: Database, selection: PointSelection, agg: Aggregate, intervalMs: number, resolution: RollupResolution): Promise<BucketRow[]> {
  const rank = PERCENTILE_RANKS[agg];
  if (rank !== undefined) return percentilesFromSketches(db, selection, rank, intervalMs, resolution);
  const aggregate = rollupAggregates[agg];
  if (!aggregate) throw new Error(`${agg} cannot be answered from rollups`);
  return rowsOf<BucketRow>(
    db,
    sql`select g.grp, ${epochMs(binned(sql`r.bucket`, intervalMs))} as t, ${aggregate}::float8 as v
        from stream_rollups r join ${selectedSeries(selection)} on g.id = r.series_id
        where r.stream_id = ${selection.streamId} and r.resolution_seconds = ${resolution} and r.field = ${selection.field - 1}
          and r.bucket >= ${timestamp(selection.fromMs)} and r.bucket < ${timestamp(selection.toMs)}
        group by 1, 2 order by grp collate "C", t`,
  );
}

/**
 * Percentile sketches, kept in the hourly rollups: a histogram over logarithmic bins, as in DDSketch
 * (Masson, Rim and Lee, VLDB 2019). A value v > 0 falls in bin ceil(log_γ v) with
 * γ = (1 + α) / (1 − α); every value of a bin is within a relative α of the bin's representative
 * 2γ^k / (γ + 1), so a percentile read from the merged bins is within α of the exact one
 * (relative to the magnitude of the values it lies between). Negative values mirror positive
 * ones, and magnitudes below 1e-300 share the bin of zero. Keys are stored offset so that they
 * sort as the values do: negative, zero (0), positive. Bins merge by adding counts, so rollups of
 * any width combine; with α = 1% a bucket whose values span a factor of ten has about 115 bins.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
const SKETCH_GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const SKETCH_LN_GAMMA = Math.log(SKETCH_GAMMA);
/** Above −log_γ(1e-300) ≈ 34,538 and log_γ(largest double) ≈ 35,488, so keys of positive values are positive. */
const SKETCH_KEY_OFFSET = 36_000;
const SKETCH_ZERO_BELOW = 1e-300;

const float8 = (value: number) => sql.raw(`${String(value)}::float8`);

/** The sketch bin of a value, in SQL. */
const sketchKey = (v: SQL) =>
  sql`case when abs(${v}) < ${float8(SKETCH_ZERO_BELOW)} then 0
           when ${v} > 0 then ${sql.raw(String(SKETCH_KEY_OFFSET))} + ceil(ln(${v}) / ${float8(SKETCH_LN_GAMMA)})::int
           else -(${sql.raw(String(SKETCH_KEY_OFFSET))} + ceil(ln(-${v}) / ${float8(SKETCH_LN_GAMMA)})::int) end`;

/** The representative value of sketch bin `key`: within SKETCH_RELATIVE_ACCURACY of every value in the bin. */
function sketchValue(key: number): number {
  if (key === 0) return 0;
  return Math.sign(key) * (2 / (SKETCH_GAMMA + 1)) * Math.exp((Math.abs(key) - SKETCH_KEY_OFFSET) * SKETCH_LN_GAMMA);
}

interface SketchRow {
  grp: string;
  t: number;
  min: number;
  max: number;
  /** The sketch's keys and counts in PostgreSQL's binary array format (array_send): compact, and read without parsing text. */
  keys: Uint8Array;
  counts: Uint8Array;
}

/**
 * A percentile per bucket from the merged sketches of the rollups, interpolated between the two
 * ranks around it as `percentile_cont` does, and kept within the bucket's exact min and max.
 * The database sends each rollup's sketch as it stores it and the merge happens here: summing
 * bins in SQL (unnest, group, window) took several times as long (docs/benchmarks.md).
 */
async function percentilesFromSketches(db: Database, selection: PointSelection, rank: number, intervalMs: number, resolution: RollupResolution): Promise<BucketRow[]> {
  const rows = await rowsOf<SketchRow>(
    db,
    sql`select g.grp, ${epochMs(binned(sql`r.bucket`, intervalMs))} as t, r.min, r.max, array_send(r.sketch_keys) as keys, array_send(r.sketch_counts) as counts
        from stream_rollups r join ${selectedSeries(selection)} on g.id = r.series_id
        where r.stream_id = ${selection.streamId} and r.resolution_seconds = ${resolution} and r.field = ${selection.field - 1}
          and r.bucket >= ${timestamp(selection.fromMs)} and r.bucket < ${timestamp(selection.toMs)}
        order by g.grp collate "C", t`,
  );
  const buckets: BucketRow[] = [];
  for (let first = 0; first < rows.length; ) {
    const { grp, t } = rows[first]!;
    let next = first + 1;
    while (next < rows.length && rows[next]!.grp === grp && rows[next]!.t === t) next++;
    // One rollup row per bucket (the whole stream's, at the rollups' own width) is already in key order.
    const sketch = next === first + 1 ? decodeSketch(rows[first]!) : mergeSketches(rows.slice(first, next));
    let min = Infinity;
    let max = -Infinity;
    for (let i = first; i < next; i++) {
      min = Math.min(min, rows[i]!.min);
      max = Math.max(max, rows[i]!.max);
    }
    const value = percentileOfSketch(sketch, rank);
    buckets.push({ grp, t, v: value === null ? null : Math.min(max, Math.max(min, value)) });
    first = next;
  }
  return buckets;
}

interface Sketch {
  /** Bin keys in ascending order, with their counts. */
  keys: Int32Array;
  counts: Float64Array;
}

/** A sketch sent as two binary arrays (int4 keys, int8 counts) by array_send. */
function decodeSketch(row: SketchRow): Sketch {
  const keyView = new DataView(row.keys.buffer, row.keys.byteOffset, row.keys.byteLength);
  const countView = new DataView(row.counts.buffer, row.counts.byteOffset, row.counts.byteLength);
  // Header: dimensions (0 for an empty array), has-nulls flag, element type, then length and lower bound per dimension.
  const length = keyView.getInt32(0) === 0 ? 0 : keyView.getInt32(12);
  const keys = new Int32Array(length);
  const counts = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    keys[i] = keyView.getInt32(20 + i * 8 + 4);
    const at = 20 + i * 12 + 4;
    counts[i] = countView.getUint32(at) * 2 ** 32 + countView.getUint32(at + 4);
  }
  return { keys, counts };
}

/** The sketches of several rollups as one: counts of the same bin added. */
function mergeSketches(rows: SketchRow[]): Sketch {
  const merged = new Map<number, number>();
  for (const row of rows) {
    const { keys, counts } = decodeSketch(row);
    for (let i = 0; i < keys.length; i++) merged.set(keys[i]!, (merged.get(keys[i]!) ?? 0) + counts[i]!);
  }
  const keys = Int32Array.from(merged.keys()).sort();
  return { keys, counts: Float64Array.from(keys, (key) => merged.get(key)!) };
}

/** `percentile_cont(rank)` read from sketch bins: the representatives of the two ranks around it, interpolated. */
function percentileOfSketch({ keys, counts }: Sketch, rank: number): number | null {
  let total = 0;
  for (const count of counts) total += count;
  if (total === 0) return null;
  const target = rank * (total - 1);
  const belowRank = Math.floor(target);
  const aboveRank = Math.ceil(target);
  let below: number | undefined;
  let through = 0;
  for (let i = 0; i < keys.length; i++) {
    through += counts[i]!;
    if (below === undefined && through > belowRank) below = keys[i]!;
    if (through > aboveRank) {
      const weight = target - belowRank;
      return (1 - weight) * sketchValue(below!) + weight * sketchValue(keys[i]!);
    }
  }
  return sketchValue(keys[keys.length - 1]!);
}

/** Raw points of the selection in time order per group, at most `limit`. */
export function rawPoints(db: Database, selection: PointSelection, limit: number): Promise<BucketRow[]> {
  return rowsOf<BucketRow>(
    db,
    sql`select g.grp, ${epochMs(sql`p.time`)} as t, p.v
        from ${pointValues(selection.streamId, timestamp(selection.fromMs), timestamp(selection.toMs))} p join ${selectedSeries(selection)} on g.id = p.series_id
        where p.field = ${selection.field}
        order by g.grp collate "C", p.time limit ${limit}`,
  );
}

/**
 * Brings a stream's rollups up to date in one transaction: takes the stream's dirty mark,
 * recomputes 1-minute buckets from raw points and 1-hour buckets from those, from the start of
 * the hour of the earliest point written since the last run. Queries meanwhile keep reading
 * the rollups as they were. Answers the start of the recomputed window, if any.
 */
export async function refreshRollups(db: Database, streamId: string): Promise<Date | undefined> {
  return db.transaction(async (tx) => {
    const [claimed] = await rowsOf<{ dirty_from: string | Date | null }>(
      tx,
      sql`with old as (select id, rollup_dirty_from from streams where id = ${streamId} for update)
          update streams s set rollup_dirty_from = null, rolled_up_to = now() from old where s.id = old.id
          returning old.rollup_dirty_from as dirty_from`,
    );
    if (!claimed?.dirty_from) return undefined;
    const hourStart = sql`date_trunc('hour', ${new Date(claimed.dirty_from).toISOString()}::timestamptz)`;
    await tx.execute(sql`delete from stream_rollups where stream_id = ${streamId} and bucket >= ${hourStart}`);
    const whole = sql.raw(String(WHOLE_STREAM));
    const origin = sql`timestamptz '1970-01-01 00:00:00+00'`;
    await tx.execute(sql.raw(`set local work_mem = '${LARGE_WORK_MEM}'`));
    await tx.execute(sql`
      insert into stream_rollups (stream_id, resolution_seconds, field, bucket, series_id, count, sum, min, max, last, last_time)
      select ${streamId}, 60, (p.field - 1)::smallint, date_bin('1 minute', p.time, ${origin}) as bucket, p.series_id,
             count(*), sum(p.v), min(p.v), max(p.v), (array_agg(p.v order by p.time desc))[1], max(p.time)
      from ${pointValues(streamId, hourStart)} as p
      group by p.field, bucket, p.series_id`);
    await tx.execute(sql`
      insert into stream_rollups (stream_id, resolution_seconds, field, bucket, series_id, count, sum, min, max, last, last_time)
      select ${streamId}, 60, field, bucket, ${whole}, sum(count), sum(sum), min(min), max(max), (array_agg(last order by last_time desc))[1], max(last_time)
      from stream_rollups
      where stream_id = ${streamId} and resolution_seconds = 60 and bucket >= ${hourStart} and series_id <> ${whole}
      group by field, bucket`);
    // Hours from the minutes (the whole stream's too), with sketches counted from the points per
    // series and for the whole stream in one pass. Minutes keep no sketch: at a few points per
    // series a minute, one would hold about as many bins as points. The planner expects a bin per
    // point and would sort them all; hashing the bins (a few hundred thousand for a month) is far cheaper.
    await tx.execute(sql`select set_config('enable_sort', 'off', true)`);
    await tx.execute(sql`
      insert into stream_rollups (stream_id, resolution_seconds, field, bucket, series_id, count, sum, min, max, last, last_time, sketch_keys, sketch_counts)
      select ${streamId}, 3600, h.field, h.hour, h.series_id, h.count, h.sum, h.min, h.max, h.last, h.last_time, s.keys, s.counts
      from (select field, date_trunc('hour', bucket) as hour, series_id,
                   sum(count) as count, sum(sum) as sum, min(min) as min, max(max) as max, (array_agg(last order by last_time desc))[1] as last, max(last_time) as last_time
            from stream_rollups
            where stream_id = ${streamId} and resolution_seconds = 60 and bucket >= ${hourStart}
            group by 1, 2, 3) h
      join (with bins as (
              select (p.field - 1)::smallint as field, date_trunc('hour', p.time) as hour, p.series_id, ${sketchKey(sql`p.v`)} as k, count(*) as n
              from ${pointValues(streamId, hourStart)} as p
              group by 1, 2, 3, 4)
            select field, hour, series_id, array_agg(k order by k) as keys, array_agg(n order by k) as counts
            from (select * from bins union all select field, hour, ${whole}, k, sum(n)::bigint from bins group by field, hour, k) all_bins
            group by 1, 2, 3) s using (field, hour, series_id)`);
    const [window] = await rowsOf<{ start: string | Date }>(tx, sql`select ${hourStart} as start`);
    return window ? new Date(window.start) : undefined;
  });
}

/** Every stream's id. */
export async function streamIds(db: Database): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(db, sql`select id from streams order by id`);
  return rows.map((row) => row.id);
}

/** Streams with points written since their rollups were last refreshed. */
export async function streamsWithStaleRollups(db: Database): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(db, sql`select id from streams where rollup_dirty_from is not null`);
  return rows.map((row) => row.id);
}

/** Deletes each stream's points and rollups older than its retention period (compacted points by whole hours); answers the points deleted. */
export async function enforceRetention(db: Database): Promise<number> {
  const streamsToTrim = await rowsOf<{ id: string; cutoff: string | Date }>(db, sql`select id, now() - make_interval(days => retention_days) as cutoff from streams`);
  let deleted = await deleteExpiredBlocks(db);
  for (const { id, cutoff } of streamsToTrim) {
    const before = new Date(cutoff).toISOString();
    deleted += await db.transaction(async (tx) => {
      const [gone] = await rowsOf<{ n: number }>(
        tx,
        sql`with gone as (delete from stream_points where stream_id = ${id} and time < ${before}::timestamptz returning 1) select count(*)::int as n from gone`,
      );
      const n = gone?.n ?? 0;
      await tx.execute(sql`delete from stream_rollups where stream_id = ${id} and bucket < date_trunc('hour', ${before}::timestamptz)`);
      if (n > 0) await tx.execute(sql`update streams set point_count = greatest(point_count - ${n}, 0) where id = ${id}`);
      return n;
    });
  }
  return deleted;
}

/** Points written for times after `sinceMs` of the series carrying all of `tags`, oldest first: what a live subscriber missed. */
export async function pointsSince(db: Database, stream: { id: string; fields: string[] }, sinceMs: number, tags: Record<string, string>, limit: number): Promise<LivePoint[]> {
  // A point's values come as a row each; `limit` points have at most `limit` × fields of them.
  const rows = await rowsOf<{ t: number; series: number; tags: Record<string, string>; field: number; v: number }>(
    db,
    sql`select ${epochMs(sql`p.time`)} as t, p.series_id as series, s.tags, p.field, p.v
        from ${pointValues(stream.id, sql`${timestamp(sinceMs)} + interval '1 microsecond'`)} p join stream_series s on s.id = p.series_id
        where s.tags @> ${JSON.stringify(tags)}::jsonb
        order by p.time, p.series_id, p.field limit ${limit * Math.max(1, stream.fields.length)}`,
  );
  const points: LivePoint[] = [];
  let current: { t: number; series: number; point: LivePoint } | undefined;
  for (const row of rows) {
    if (current?.t !== row.t || current.series !== row.series) {
      if (points.length === limit) break;
      current = { t: row.t, series: row.series, point: { time: row.t, tags: row.tags, values: Object.fromEntries(stream.fields.map((field) => [field, null])) } };
      points.push(current.point);
    }
    const field = stream.fields[row.field - 1];
    if (field !== undefined) current.point.values[field] = row.v;
  }
  return points;
}

/** One aggregate over the whole selection (no buckets) and how many values it saw. */
export async function aggregateOver(database: DatabaseHandle, selection: PointSelection, agg: Aggregate): Promise<{ value: number | null; points: number }> {
  return aggregateRowsOver(await copySelection(database, selection), selection, agg);
}
