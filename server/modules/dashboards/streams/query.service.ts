import { downsampleLttb } from '../../../../common/lttb.ts';
import { intervalMs as parseInterval, isPercentile, streamLimits, type Aggregate, type Fill, type QueryResult, type Series, type StreamQuery } from '../../../../common/dashboards-streams.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { CopyOutTooLarge } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { DashboardsContext } from '../context.ts';
import {
  aggregateRaw,
  aggregateRollups,
  byGroupAndTime,
  findSeries,
  rawPoints,
  rollupCanAnswer,
  type BucketRow,
  type PointSelection,
  type RollupResolution,
  WHOLE_STREAM,
} from './points.repository.ts';
import { RAW_SCAN_MAX_POINTS } from './point-blocks.repository.ts';
import type { StreamRow } from './repository.ts';
import type { StreamsService } from './streams.service.ts';

/** Bucket widths a range is cut into when the query names none: the smallest that gives at most the points asked for. */
const NICE_INTERVALS_MS = [1, 10, 100, 1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000];
/** Raw points read for one `agg=raw` query before LTTB; past this, ask for an aggregate. */
const RAW_POINT_LIMIT = 2_000_000;
const UNGROUPED = '';

const badRange = () => new AppError('invalid_range', 400, '"from" must come before "to"');
const unknownField = (field: string, stream: StreamRow) =>
  new AppError('field_not_found', 404, `Stream "${stream.name}" has no field "${field}"`, { fields: stream.fields });
const tooManyBuckets = (buckets: number) =>
  new AppError('too_many_buckets', 422, `That interval cuts the range into ${String(buckets)} buckets; ask for at most ${String(streamLimits.queryPoints.max)}`);
const tooManyRawPoints = () =>
  new AppError('too_many_raw_points', 422, `The range holds more than ${String(RAW_POINT_LIMIT)} points; ask for an aggregate such as avg instead of raw`);
const tooManyPointsToAggregate = () =>
  new AppError(
    'too_many_raw_points',
    422,
    `The range holds more than about ${String(RAW_SCAN_MAX_POINTS)} raw points to aggregate; ask for buckets of whole minutes or hours (answered from rollups) or a shorter range`,
  );
const tooManyGroups = (tag: string) => new AppError('too_many_series', 422, `"${tag}" has more than ${String(streamLimits.querySeries)} values in this selection; filter by tag first`);

export function chooseInterval(rangeMs: number, points: number): number {
  const wanted = rangeMs / points;
  return NICE_INTERVALS_MS.find((ms) => ms >= wanted) ?? NICE_INTERVALS_MS.at(-1)!;
}

/**
 * Streams of at most this many points answer percentiles exactly from raw points, which is cheap
 * at that size; larger ones read them from the rollups' sketches, within 1% (SKETCH_RELATIVE_ACCURACY).
 */
export const EXACT_PERCENTILES_UP_TO_POINTS = 100_000;


/**
 * Which stored form answers a bucket width: hourly rollups when it is a whole number of hours,
 * minute rollups for whole minutes, raw points otherwise. Percentiles come from the hourly
 * rollups' sketches only, and from raw points exactly for any other width or a small stream.
 */
export function rollupFor(agg: Aggregate, intervalMs: number, streamPoints = Infinity): RollupResolution | undefined {
  if (!rollupCanAnswer(agg)) return undefined;
  if (intervalMs % 3_600_000 === 0) return isPercentile(agg) && streamPoints <= EXACT_PERCENTILES_UP_TO_POINTS ? undefined : 3600;
  if (isPercentile(agg)) return undefined;
  if (intervalMs % 60_000 === 0) return 60;
  return undefined;
}

/** Range queries of one field: aggregated into buckets, grouped by a tag, gaps filled, or raw points downsampled. */
export function queryService(ctx: DashboardsContext, streams: StreamsService) {
  const { db, database } = ctx;

  async function select(stream: StreamRow, query: StreamQuery, tagFilter: Record<string, string>, fromMs: number, toMs: number): Promise<PointSelection> {
    const field = stream.fields.indexOf(query.field);
    if (field === -1) throw unknownField(query.field, stream);
    const series = await findSeries(db, stream.id, tagFilter);
    const groups = series.map((s) => (query.groupBy ? (s.tags[query.groupBy] ?? UNGROUPED) : UNGROUPED));
    if (new Set(groups).size > streamLimits.querySeries) throw tooManyGroups(query.groupBy!);
    return { streamId: stream.id, field: field + 1, seriesIds: series.map((s) => s.id), groups, fromMs, toMs };
  }

  /**
   * Aggregated buckets, from rollups where they are complete and from raw points after that. A
   * query of the whole stream, not grouped, reads the rollups' whole-stream rows.
   */
  async function raw(selection: PointSelection, agg: Aggregate, interval: number): Promise<BucketRow[]> {
    try {
      return await aggregateRaw(database, selection, agg, interval);
    } catch (error) {
      if (error instanceof CopyOutTooLarge) throw tooManyPointsToAggregate();
      throw error;
    }
  }

  async function buckets(stream: StreamRow, selection: PointSelection, agg: Aggregate, interval: number, wholeStream: boolean) {
    const resolution = rollupFor(agg, interval, stream.pointCount);
    if (!resolution) return { rows: await raw(selection, agg, interval), source: 'raw' as const };
    const completeUntil = Math.min(stream.rolledUpTo?.getTime() ?? -Infinity, stream.rollupDirtyFrom?.getTime() ?? Infinity);
    const boundary = Math.max(selection.fromMs, Math.min(selection.toMs, Math.floor(completeUntil / interval) * interval));
    const rollupSelection = wholeStream ? { ...selection, seriesIds: [WHOLE_STREAM], groups: [UNGROUPED], toMs: boundary } : { ...selection, toMs: boundary };
    const [fromRollups, fromRaw] = await Promise.all([
      boundary > selection.fromMs ? aggregateRollups(db, rollupSelection, agg, interval, resolution) : [],
      boundary < selection.toMs ? raw({ ...selection, fromMs: boundary }, agg, interval) : [],
    ]);
    return {
      rows: [...fromRollups, ...fromRaw].sort(byGroupAndTime),
      source: boundary > selection.fromMs ? (resolution === 3600 ? ('rollup_1h' as const) : ('rollup_1m' as const)) : ('raw' as const),
    };
  }

  return {
    /** `downsample: false` (exports) answers every raw point instead of fitting them to `points`. */
    async query(actor: Actor, streamId: string, query: StreamQuery, tagFilter: Record<string, string>, options: { downsample?: boolean } = {}): Promise<QueryResult> {
      const stream = await streams.authorizeStream(actor, streamId, 'read');
      return this.queryStream(stream, query, tagFilter, options);
    },

    /** The query on a stream the caller has already authorised (a signed-in reader, or a dashboard's public link). */
    async queryStream(stream: StreamRow, query: StreamQuery, tagFilter: Record<string, string>, { downsample = true } = {}): Promise<QueryResult> {
      const requestedFrom = Date.parse(query.from);
      const toMs = Date.parse(query.to);
      if (!(requestedFrom < toMs)) throw badRange();

      if (query.agg === 'raw') {
        const selection = await select(stream, query, tagFilter, requestedFrom, toMs);
        const rows = await rawPoints(db, selection, RAW_POINT_LIMIT + 1);
        if (rows.length > RAW_POINT_LIMIT) throw tooManyRawPoints();
        const series = seriesOf(rows, query.groupBy).map((s) => (downsample ? { ...s, ...downsampleLttb(s.times, s.values, query.points) } : s));
        return { field: query.field, agg: 'raw', intervalMs: null, source: 'raw', sampledFrom: rows.length, approximate: false, series };
      }

      const interval = query.interval ? parseInterval(query.interval)! : chooseInterval(toMs - requestedFrom, query.points);
      // Buckets are whole: the range starts at the beginning of the bucket holding `from`.
      const fromMs = Math.floor(requestedFrom / interval) * interval;
      const bucketCount = Math.ceil((toMs - fromMs) / interval);
      if (bucketCount > streamLimits.queryPoints.max) throw tooManyBuckets(bucketCount);
      const selection = await select(stream, query, tagFilter, fromMs, toMs);
      const wholeStream = !query.groupBy && Object.keys(tagFilter).length === 0;
      const { rows, source } = await buckets(stream, selection, query.agg, interval, wholeStream);
      const series = seriesOf(rows, query.groupBy).map((s) => fillGaps(s, fromMs, toMs, interval, query.fill));
      const approximate = isPercentile(query.agg) && source === 'rollup_1h';
      return { field: query.field, agg: query.agg, intervalMs: interval, source, sampledFrom: null, approximate, series };
    },
  };
}

export type QueryService = ReturnType<typeof queryService>;

function seriesOf(rows: BucketRow[], groupBy: string | undefined): Series[] {
  const series: Series[] = [];
  let current: Series | undefined;
  let currentGroup: string | undefined;
  for (const row of rows) {
    if (!current || row.grp !== currentGroup) {
      currentGroup = row.grp;
      current = { tags: groupBy ? { [groupBy]: row.grp } : {}, times: [], values: [] };
      series.push(current);
    }
    current.times.push(row.t);
    current.values.push(row.v);
  }
  return series;
}

/** Every bucket of the range, with empty ones answered as `fill` says. */
export function fillGaps(series: Series, fromMs: number, toMs: number, interval: number, fill: Fill): Series {
  if (fill === 'none') return series;
  const byTime = new Map(series.times.map((t, i) => [t, series.values[i]!]));
  const times: number[] = [];
  const values: (number | null)[] = [];
  for (let t = fromMs; t < toMs; t += interval) {
    times.push(t);
    values.push(byTime.has(t) ? byTime.get(t)! : fill === 'zero' ? 0 : null);
  }
  if (fill === 'previous') {
    for (let i = 1; i < values.length; i++) if (!byTime.has(times[i]!)) values[i] = values[i - 1]!;
  }
  if (fill === 'linear') interpolate(times, values, byTime);
  return { tags: series.tags, times, values };
}

/** Fills empty buckets between two known ones on the straight line joining them; the ends stay empty. */
function interpolate(times: number[], values: (number | null)[], known: Map<number, number | null>): void {
  let previous = -1;
  for (let i = 0; i < times.length; i++) {
    if (!known.has(times[i]!) || known.get(times[i]!) === null) continue;
    if (previous !== -1 && i - previous > 1) {
      const start = values[previous]!;
      const end = values[i]!;
      for (let j = previous + 1; j < i; j++) values[j] = start + ((end - start) * (j - previous)) / (i - previous);
    }
    previous = i;
  }
}
