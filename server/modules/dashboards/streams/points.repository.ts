import { sql, type SQL } from 'drizzle-orm';
import type { Aggregate, LivePoint } from '../../../../common/dashboards-streams.ts';
import type { Database, DatabaseHandle, Executor } from '../../../platform/db/index.ts';

/** Rollup resolutions, in seconds: one minute and one hour. */
export const ROLLUP_RESOLUTIONS = [60, 3600] as const;
export type RollupResolution = (typeof ROLLUP_RESOLUTIONS)[number];

const POINT_COLUMNS = ['stream_id', 'series_id', 'time', 'values'] as const;

async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
  // PGlite and node-postgres both answer an object with `rows`.
  const result: unknown = await db.execute(query);
  return (result as { rows: Row[] }).rows;
}

/** Loads points with COPY; `rows` is COPY text from a `CopyRowWriter`. */
export function copyPoints(database: DatabaseHandle, rows: string): Promise<number> {
  return database.copyRows('stream_points', POINT_COLUMNS, rows);
}

/**
 * Points of one stream as COPY text. Values are plain numbers or NULL, so nothing needs escaping.
 * Consecutive points mostly fall in the same second, so the ISO text of that second is reused:
 * formatting each timestamp from scratch was the largest cost of ingestion (docs/benchmarks.md).
 */
export class CopyRowWriter {
  private readonly prefix: string;
  private readonly lines: string[] = [];
  private second = Number.NaN;
  private secondText = '';

  constructor(streamId: string) {
    this.prefix = `${streamId}\t`;
  }

  add(seriesId: number, timeMs: number, values: readonly (number | null)[]): void {
    let array = '{';
    for (let i = 0; i < values.length; i++) {
      if (i > 0) array += ',';
      const value = values[i];
      array += value === null || value === undefined ? 'NULL' : String(value);
    }
    this.lines.push(`${this.prefix}${String(seriesId)}\t${this.timestamp(timeMs)}\t${array}}\n`);
  }

  text(): string {
    return this.lines.join('');
  }

  /** `YYYY-MM-DDTHH:MM:SS.mmmZ`, with the part up to the second cached. */
  private timestamp(timeMs: number): string {
    const second = Math.floor(timeMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.secondText = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const ms = Math.floor(timeMs) - second * 1000;
    return `${this.secondText}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${String(ms)}Z`;
  }
}

export interface StreamStats {
  series: number;
  firstTime: Date | null;
  lastTime: Date | null;
}

export async function streamStats(db: Database, streamId: string): Promise<StreamStats> {
  const [row] = await rowsOf<{ series: number; first: string | Date | null; last: string | Date | null }>(
    db,
    sql`select (select count(*)::int from stream_series where stream_id = ${streamId}) as series,
               (select min(time) from stream_points where stream_id = ${streamId}) as first,
               (select max(time) from stream_points where stream_id = ${streamId}) as last`,
  );
  const date = (value: string | Date | null | undefined) => (value ? new Date(value) : null);
  return { series: row?.series ?? 0, firstTime: date(row?.first), lastTime: date(row?.last) };
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

export interface BucketRow {
  grp: string;
  t: number;
  v: number | null;
}

const rawAggregates: Record<Aggregate, SQL> = {
  avg: sql`avg(v)`,
  min: sql`min(v)`,
  max: sql`max(v)`,
  sum: sql`sum(v)`,
  count: sql`count(v)::float8`,
  last: sql`(array_agg(v order by time desc))[1]`,
  p50: sql`percentile_cont(0.5) within group (order by v)`,
  p95: sql`percentile_cont(0.95) within group (order by v)`,
  p99: sql`percentile_cont(0.99) within group (order by v)`,
};

const rollupAggregates: Partial<Record<Aggregate, SQL>> = {
  avg: sql`sum(sum) / nullif(sum(count), 0)`,
  min: sql`min(min)`,
  max: sql`max(max)`,
  sum: sql`sum(sum)`,
  count: sql`sum(count)::float8`,
  last: sql`(array_agg(last order by last_time desc))[1]`,
};

/** Whether an aggregate can be answered from rollups (percentiles need every point). */
export const rollupCanAnswer = (agg: Aggregate) => rollupAggregates[agg] !== undefined;

const selectedSeries = (selection: PointSelection) =>
  sql`unnest(${sql.param(selection.seriesIds)}::int[], ${sql.param(selection.groups)}::text[]) as g(id, grp)`;
const epochMs = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;
const binned = (column: SQL, intervalMs: number) => sql`date_bin(make_interval(secs => ${intervalMs / 1000}), ${column}, timestamptz '1970-01-01 00:00:00+00')`;
const timestamp = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/** Buckets of `intervalMs` aggregated from raw points, per group, in time order. */
export function aggregateRaw(db: Database, selection: PointSelection, agg: Aggregate, intervalMs: number): Promise<BucketRow[]> {
  const query = sql`select grp, ${epochMs(binned(sql`time`, intervalMs))} as t, ${rawAggregates[agg]}::float8 as v
        from (select g.grp, p.time, p.values[${selection.field}] as v
              from stream_points p join ${selectedSeries(selection)} on g.id = p.series_id
              where p.stream_id = ${selection.streamId} and p.time >= ${timestamp(selection.fromMs)} and p.time < ${timestamp(selection.toMs)}) points
        where v is not null
        group by 1, 2 order by grp collate "C", t`;
  if (!PERCENTILES.has(agg)) return rowsOf<BucketRow>(db, query);
  // Percentiles sort every value of a bucket; with the default 4 MB the sorts of a long range
  // spill to disk (docs/benchmarks.md), so this one statement may use more memory.
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local work_mem = '${PERCENTILE_WORK_MEM}'`));
    return rowsOf<BucketRow>(tx, query);
  });
}

const PERCENTILES = new Set<Aggregate>(['p50', 'p95', 'p99']);
const PERCENTILE_WORK_MEM = '64MB';

/** Buckets of `intervalMs` (a multiple of the resolution) aggregated from rollups, per group, in time order. */
export function aggregateRollups(db: Database, selection: PointSelection, agg: Aggregate, intervalMs: number, resolution: RollupResolution): Promise<BucketRow[]> {
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

/** Raw points of the selection in time order per group, at most `limit`. */
export function rawPoints(db: Database, selection: PointSelection, limit: number): Promise<BucketRow[]> {
  return rowsOf<BucketRow>(
    db,
    sql`select g.grp, ${epochMs(sql`p.time`)} as t, p.values[${selection.field}] as v
        from stream_points p join ${selectedSeries(selection)} on g.id = p.series_id
        where p.stream_id = ${selection.streamId} and p.time >= ${timestamp(selection.fromMs)} and p.time < ${timestamp(selection.toMs)}
          and p.values[${selection.field}] is not null
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
    await tx.execute(sql`
      insert into stream_rollups (stream_id, resolution_seconds, field, bucket, series_id, count, sum, min, max, last, last_time)
      select ${streamId}, 60, (f.i - 1)::smallint, date_bin('1 minute', p.time, timestamptz '1970-01-01 00:00:00+00') as bucket, p.series_id,
             count(*), sum(f.v), min(f.v), max(f.v), (array_agg(f.v order by p.time desc))[1], max(p.time)
      from stream_points p cross join lateral unnest(p.values) with ordinality as f(v, i)
      where p.stream_id = ${streamId} and p.time >= ${hourStart} and f.v is not null
      group by f.i, bucket, p.series_id`);
    await tx.execute(sql`
      insert into stream_rollups (stream_id, resolution_seconds, field, bucket, series_id, count, sum, min, max, last, last_time)
      select ${streamId}, 3600, field, date_trunc('hour', bucket) as hour, series_id,
             sum(count), sum(sum), min(min), max(max), (array_agg(last order by last_time desc))[1], max(last_time)
      from stream_rollups
      where stream_id = ${streamId} and resolution_seconds = 60 and bucket >= ${hourStart}
      group by field, hour, series_id`);
    const [window] = await rowsOf<{ start: string | Date }>(tx, sql`select ${hourStart} as start`);
    return window ? new Date(window.start) : undefined;
  });
}

/** Streams with points written since their rollups were last refreshed. */
export async function streamsWithStaleRollups(db: Database): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(db, sql`select id from streams where rollup_dirty_from is not null`);
  return rows.map((row) => row.id);
}

/** Deletes each stream's points and rollups older than its retention period; answers the points deleted. */
export async function enforceRetention(db: Database): Promise<number> {
  const streamsToTrim = await rowsOf<{ id: string; cutoff: string | Date }>(db, sql`select id, now() - make_interval(days => retention_days) as cutoff from streams`);
  let deleted = 0;
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
  const rows = await rowsOf<{ t: number; tags: Record<string, string>; values: (number | null)[] }>(
    db,
    sql`select ${epochMs(sql`p.time`)} as t, s.tags, p.values
        from stream_points p join stream_series s on s.id = p.series_id
        where p.stream_id = ${stream.id} and p.time > ${timestamp(sinceMs)} and s.tags @> ${JSON.stringify(tags)}::jsonb
        order by p.time limit ${limit}`,
  );
  return rows.map((row) => ({
    time: row.t,
    tags: row.tags,
    values: Object.fromEntries(stream.fields.map((field, i) => [field, row.values[i] ?? null])),
  }));
}

/** One aggregate over the whole selection (no buckets) and how many points it saw. */
export async function aggregateOver(db: Database, selection: PointSelection, agg: Aggregate): Promise<{ value: number | null; points: number }> {
  const [row] = await rowsOf<{ v: number | null; n: number }>(
    db,
    sql`select ${rawAggregates[agg]}::float8 as v, count(v)::int as n
        from (select p.time, p.values[${selection.field}] as v
              from stream_points p join ${selectedSeries(selection)} on g.id = p.series_id
              where p.stream_id = ${selection.streamId} and p.time >= ${timestamp(selection.fromMs)} and p.time < ${timestamp(selection.toMs)}) points
        where v is not null`,
  );
  return { value: row?.v ?? null, points: row?.n ?? 0 };
}
