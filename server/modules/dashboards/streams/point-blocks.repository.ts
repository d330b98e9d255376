import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database, type DatabaseHandle } from '../../../platform/db/index.ts';

/**
 * Compacted raw points (`stream_point_blocks`): a row per series and hour instead of a row per
 * point. Points move there once their hour is `COMPACT_AFTER_MS` old; every reader of raw points
 * reads both tables, so a point is found wherever it is.
 */

/** How old an hour's points must be before they are compacted: recent points stay rows, cheap to write and to read back live. */
export const COMPACT_AFTER_MS = 2 * 3_600_000;
/** Hours compacted per transaction, so that a long backlog moves in steps rather than in one huge statement. */
const HOURS_PER_STEP = 6;
const HOUR_MS = 3_600_000;
/** Memory for the sorts and hash tables of statements over many points: compaction and the rollup refresh. */
export const LARGE_WORK_MEM = '64MB';

const timestamp = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;


/**
 * Moves a stream's raw points written for times before `beforeMs` (rounded down to the hour)
 * into blocks, a few hours per transaction: each step deletes the points and inserts their
 * blocks atomically, so a query sees every point exactly once. Answers the points moved.
 */
export async function compactPoints(db: Database, streamId: string, beforeMs: number): Promise<number> {
  const endMs = Math.floor(beforeMs / HOUR_MS) * HOUR_MS;
  let moved = 0;
  // Each step starts at the oldest point left, so hours without points (between a late point and the rest) cost nothing.
  for (let oldest = await oldestPointBefore(db, streamId, endMs); oldest !== undefined; oldest = await oldestPointBefore(db, streamId, endMs)) {
    const stepStart = Math.floor(oldest / HOUR_MS) * HOUR_MS;
    const stepEnd = Math.min(endMs, stepStart + HOURS_PER_STEP * HOUR_MS);
    moved += await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('work_mem', ${LARGE_WORK_MEM}, true)`);
      const [step] = await rowsOf<{ n: number }>(tx, compactionStatement(streamId, stepStart, stepEnd));
      return step?.n ?? 0;
    });
  }
  return moved;
}

async function oldestPointBefore(db: Database, streamId: string, endMs: number): Promise<number | undefined> {
  const [oldest] = await rowsOf<{ ms: number | null }>(
    db,
    sql`select (extract(epoch from min(time)) * 1000)::float8 as ms from stream_points where stream_id = ${streamId} and time < ${timestamp(endMs)}`,
  );
  return oldest?.ms ?? undefined;
}

/**
 * One statement: deletes the points of [fromMs, toMs) and inserts them as blocks, per series and
 * hour. Each point's offset is its microseconds since the hour, written as the low four bytes of
 * an int8 (big-endian); its values go field by field as float8send writes them, every block as
 * wide as the widest point moved, a missing value as NaN. Answers how many points it moved.
 */
function compactionStatement(streamId: string, fromMs: number, toMs: number): SQL {
  return sql`
    with moved as (
      delete from stream_points where stream_id = ${streamId} and time >= ${timestamp(fromMs)} and time < ${timestamp(toMs)}
      returning series_id, time, values
    ), numbered as (
      select series_id, date_bin('1 hour', time, timestamptz '1970-01-01 00:00:00+00') as block_start, time, values,
             row_number() over (partition by series_id order by time) as n
      from moved
    ), width as (
      select greatest(coalesce(max(cardinality(values)), 1), 1) as fields from moved
    ), blocks as (
      insert into stream_point_blocks (stream_id, series_id, block_start, first_time, last_time, point_count, field_count, times, values)
      select ${streamId}, p.series_id, p.block_start, min(p.time), max(p.time), count(*) filter (where f.i = 1), w.fields,
             string_agg(substr(int8send((extract(epoch from p.time - p.block_start) * 1000000)::int8), 5, 4), ''::bytea order by p.n) filter (where f.i = 1),
             string_agg(float8send(coalesce(p.values[f.i], 'NaN'::float8)), ''::bytea order by f.i, p.n)
      from numbered p cross join width w cross join lateral generate_series(1, w.fields) as f(i)
      group by p.series_id, p.block_start, w.fields
      returning point_count
    )
    select coalesce(sum(point_count), 0)::int as n from blocks`;
}

/**
 * Every value of a stream's points at or after `from` (and before `to`), in rows and in blocks
 * alike, as rows of (series_id, time, field, v), `field` counted from 1; missing values are left
 * out. For statements that group points in SQL: rollups, live catch-up, raw listings. A block's
 * bytes are copied once (`|| ''`) before they are read: reading them where they are stored would
 * fetch them again for every value.
 */
export function pointValues(streamId: string, from: SQL, to?: SQL): SQL {
  const beforeTo = (column: SQL) => (to ? sql`and ${column} < ${to}` : sql``);
  return sql`(
    select p.series_id, p.time, f.i::int as field, f.v
    from stream_points p cross join lateral unnest(p.values) with ordinality as f(v, i)
    where p.stream_id = ${streamId} and p.time >= ${from} ${beforeTo(sql`p.time`)} and f.v is not null
    union all
    select series_id, time, field, v from (
      select b.series_id, b.block_start + ${uint32At(sql`d.times`, sql`4 * (e.k % b.point_count)`)} * interval '1 microsecond' as time,
             (e.k / b.point_count + 1)::int as field, ${float8At(sql`d.vals`, sql`8 * e.k`)} as v
      from stream_point_blocks b
      cross join lateral (select b.times || ''::bytea as times, b.values || ''::bytea as vals offset 0) d
      cross join lateral generate_series(0, b.point_count * b.field_count - 1) as e(k)
      where ${blocksOverlapping(streamId, from, to)}
    ) blocked
    where v is not null and time >= ${from} ${beforeTo(sql`time`)}
  )`;
}

/**
 * The stream's blocks (`b`) holding points at or after `from` (and starting before `to`). A block
 * starts at most an hour before its points, which lets the index on (stream, start) narrow it.
 */
const blocksOverlapping = (streamId: string, from: SQL, to?: SQL) =>
  sql`b.stream_id = ${streamId}::uuid and b.last_time >= ${from} and b.block_start > ${from} - interval '1 hour' ${to ? sql`and b.block_start < ${to}` : sql``}`;

/** The big-endian unsigned 32-bit integer at byte `at` of `bytes`, as an int8. PostgreSQL gives << and | one precedence: each shift needs its parentheses. */
const uint32At = (bytes: SQL, at: SQL) =>
  sql`((get_byte(${bytes}, ${at})::int8 << 24) | (get_byte(${bytes}, ${at} + 1) << 16) | (get_byte(${bytes}, ${at} + 2) << 8) | get_byte(${bytes}, ${at} + 3))`;

/**
 * The big-endian float8 at byte `at` of `bytes` (as float8send wrote it), NULL for NaN. SQL cannot
 * cast bytes to a float8, so it is put together from its fields: 2^52 + mantissa is an integer a
 * float8 holds exactly, and scaling it by a power of two is exact too, so the value is the one stored.
 */
function float8At(bytes: SQL, at: SQL): SQL {
  const high = uint32At(bytes, at);
  const low = uint32At(bytes, sql`${at} + 4`);
  const exponent = sql`((${high} >> 20) & 2047)`;
  const mantissa = sql`(((${high} & 1048575) << 32) | ${low})`;
  const magnitude = sql`case when ${exponent} = 0 then ${mantissa}::float8 * power(2::float8, -1074)
                             else (${mantissa} + 4503599627370496)::float8 * power(2::float8, ${exponent} - 1075) end`;
  return sql`case when ${exponent} = 2047 then null when ${high} >> 31 = 1 then -(${magnitude}) else ${magnitude} end`;
}

/**
 * The most points one raw aggregation reads: its COPY is held in memory (12 bytes a point), and
 * exact percentiles place every value again (8 more). Past it, `copySelection` throws `CopyOutTooLarge`.
 */
export const RAW_SCAN_MAX_POINTS = 25_000_000;
const COPIED_BYTES_PER_POINT = 12;

/** A selection of one field's points, for `copySelection`. */
export interface CopySelection {
  streamId: string;
  /** 1-based position of the field in the stored values. */
  field: number;
  seriesIds: number[];
  fromMs: number;
  toMs: number;
}

/**
 * The selection's points in COPY binary rows of (series_id, start, offsets, values), the bytes
 * as blocks store them: a block's points of the field (only that part of its values is read, and
 * a block of that one field is sent as stored, sparing a copy; a field added after the block was
 * written gets no values), or a single point not compacted yet (offset 0 from its own time). Blocks
 * of the range's edge hours hold points outside it; `raw-aggregation` leaves those out.
 */
export function copySelection(database: DatabaseHandle, selection: CopySelection): Promise<Uint8Array> {
  // Both tables are read by their stream-and-time index. The planner would scan all of
  // stream_points when the range holds every row of the stream there, not knowing that its pages
  // are mostly the free space compaction left (a backfill leaves gigabytes of it): reading the
  // rows through the index touches only their own pages.
  const byIndex = { enable_seqscan: 'off' };
  const maxBytes = RAW_SCAN_MAX_POINTS * COPIED_BYTES_PER_POINT;
  const series = sql`${sql.param(selection.seriesIds)}::int[]`;
  const from = timestamp(selection.fromMs);
  const to = timestamp(selection.toMs);
  return database.copyOut(sql`
    select b.series_id, b.block_start, b.times,
           case when b.field_count = 1 and ${selection.field}::int = 1 then b.values
                else substr(b.values, (${selection.field}::int - 1) * b.point_count * 8 + 1, b.point_count * 8) end
    from stream_point_blocks b
    where ${blocksOverlapping(selection.streamId, from, to)} and b.series_id = any(${series})
    union all
    select p.series_id, p.time, '\\x00000000'::bytea, float8send(p.values[${selection.field}::int])
    from stream_points p
    where p.stream_id = ${selection.streamId}::uuid and p.series_id = any(${series}) and p.time >= ${from} and p.time < ${to}
      and p.values[${selection.field}::int] is not null`,
    { settings: byIndex, maxBytes },
  );
}

/** The stream's first and last point times over rows and blocks, as epoch milliseconds. */
export async function pointTimeSpan(db: Database, streamId: string): Promise<{ first: number | null; last: number | null }> {
  const [row] = await rowsOf<{ first: number | null; last: number | null }>(
    db,
    sql`select (extract(epoch from least((select min(time) from stream_points where stream_id = ${streamId}),
                                         (select min(first_time) from stream_point_blocks where stream_id = ${streamId}))) * 1000)::float8 as first,
               (extract(epoch from greatest((select max(time) from stream_points where stream_id = ${streamId}),
                                            (select max(last_time) from stream_point_blocks where stream_id = ${streamId}))) * 1000)::float8 as last`,
  );
  return { first: row?.first ?? null, last: row?.last ?? null };
}

/**
 * Deletes the blocks of every stream whose every point is older than the stream's retention,
 * takes their points off the streams' counts, and answers how many points went. A block reaching
 * across the cutoff is kept whole until its last point is old too, so compacted points go by the
 * hour, at most an hour after their time. One sweep over time for all streams, which the BRIN
 * index on `block_start` narrows to the old blocks.
 */
export async function deleteExpiredBlocks(db: Database): Promise<number> {
  const [gone] = await rowsOf<{ n: number }>(
    db,
    sql`with gone as (
          delete from stream_point_blocks b using streams s
          where s.id = b.stream_id
            and b.block_start < now() - make_interval(days => (select min(retention_days) from streams))
            and b.last_time < now() - make_interval(days => s.retention_days)
          returning b.stream_id, b.point_count
        ), per_stream as (
          select stream_id, sum(point_count) as n from gone group by stream_id
        ), counted as (
          update streams s set point_count = greatest(s.point_count - p.n, 0) from per_stream p where s.id = p.stream_id returning p.n
        )
        select coalesce(sum(n), 0)::int as n from counted`,
  );
  return gone?.n ?? 0;
}
