import { NAME_PATTERN, streamLimits, type IngestResult, type RejectedPoint } from '../../../../common/dashboards-streams.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { DashboardsContext } from '../context.ts';
import { parseLineProtocol, type LineProtocolPrecision, type ParsedPoint } from '../line-protocol.ts';
import type { LiveStreams } from './live.ts';
import { copyPoints, PointCopyWriter } from './points.repository.ts';
import { recordWrite, upsertSeries, type StreamRow } from './repository.ts';
import type { StreamsService } from './streams.service.ts';

/**
 * Points of a batch that passed their checks, before they are placed in a stream's schema, as
 * parallel arrays: no object per point besides what the parser made.
 */
interface CheckedPoints {
  /** How the client finds a point again: its index in a JSON batch or its line in line protocol. */
  position: 'index' | 'line';
  at: number[];
  timeMs: number[];
  tags: Record<string, string>[];
  values: Record<string, number | null>[];
}

const checkedPoints = (position: CheckedPoints['position']): CheckedPoints => ({ position, at: [], timeMs: [], tags: [], values: [] });

/** Points from before 1970 or after 2200 are almost always a unit mistake (seconds read as nanoseconds...). */
const EARLIEST_MS = 0;
const LATEST_MS = Date.UTC(2200, 0, 1);
const SERIES_CACHE_LIMIT = 100_000;
const NO_TAGS: Record<string, string> = Object.freeze({});

const rejection = (position: CheckedPoints['position'], at: number, reason: string): RejectedPoint => (position === 'index' ? { index: at, reason } : { line: at, reason });

/** Checks one JSON point; answers its time in epoch milliseconds, or why it was refused. */
export function checkJsonPoint(raw: unknown, nowMs: number): number | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'a point is an object with "values" and optional "time" and "tags"';
  const { time, tags = NO_TAGS, values } = raw as Record<string, unknown>;
  let timeMs = nowMs;
  if (typeof time === 'number') timeMs = time;
  else if (typeof time === 'string') timeMs = Date.parse(time);
  else if (time !== undefined) return '"time" is an ISO 8601 string or epoch milliseconds';
  if (!Number.isFinite(timeMs) || timeMs < EARLIEST_MS || timeMs >= LATEST_MS) return `"time" ${JSON.stringify(time)} is not a date between 1970 and 2200`;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return '"values" maps field names to numbers';
  let count = 0;
  for (const field in values) {
    const value = (values as Record<string, unknown>)[field];
    const problem = fieldNameProblem(field);
    if (problem) return problem;
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) return `field "${field}" has ${JSON.stringify(value)}, not a finite number`;
    if (value !== null) count++;
  }
  if (count === 0) return 'the point has no values';
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return '"tags" maps tag keys to strings';
  return tagsProblem(tags as Record<string, unknown>) ?? timeMs;
}

/**
 * Checks one line protocol point; answers its time in epoch milliseconds, or why it was refused.
 * Booleans become 1 and 0 in the parsed point itself: it is ours, and a copy per point costs.
 */
function checkLinePoint(point: ParsedPoint, nowMs: number): number | string {
  const timeMs = point.timeMs ?? nowMs;
  if (timeMs < EARLIEST_MS || timeMs >= LATEST_MS) return 'the timestamp is not between 1970 and 2200; check the precision';
  const values = point.fields;
  for (const field in values) {
    const value = values[field];
    const problem = fieldNameProblem(field);
    if (problem) return problem;
    if (typeof value === 'string') return `field "${field}" is a string; streams hold numbers`;
    if (typeof value === 'boolean') values[field] = Number(value);
  }
  return tagsProblem(point.tags) ?? timeMs;
}

/**
 * Names already found valid. A batch names the same few fields and tag keys thousands of times;
 * checking each name once keeps the per-point cost down (see docs/benchmarks.md).
 */
const validNames = new Set<string>();
const VALID_NAMES_LIMIT = 10_000;

function remember(name: string): void {
  if (validNames.size >= VALID_NAMES_LIMIT) validNames.clear();
  validNames.add(name);
}

function fieldNameProblem(field: string): string | undefined {
  if (validNames.has(field)) return undefined;
  if (field.length === 0 || field.length > streamLimits.fieldName.max || !NAME_PATTERN.test(field)) {
    return `field name "${field.slice(0, 80)}" must be 1 to ${String(streamLimits.fieldName.max)} letters, digits, dots, dashes or underscores`;
  }
  remember(field);
  return undefined;
}

function tagsProblem(tags: Record<string, unknown>): string | undefined {
  for (const key in tags) {
    const value = tags[key];
    if (!validNames.has(key)) {
      if (key.length === 0 || key.length > streamLimits.tagKey.max || !NAME_PATTERN.test(key)) {
        return `tag key "${key.slice(0, 80)}" must be 1 to ${String(streamLimits.tagKey.max)} letters, digits, dots, dashes or underscores`;
      }
      remember(key);
    }
    if (typeof value !== 'string' || value.length === 0 || value.length > streamLimits.tagValue.max) {
      return `tag "${key}" needs a text value of 1 to ${String(streamLimits.tagValue.max)} characters`;
    }
  }
  return undefined;
}

/** The series identity of a tag set: `k=v` pairs in key order. */
export function seriesKey(tags: Record<string, string>): string {
  const keys = Object.keys(tags);
  if (keys.length === 1) return `${keys[0]!}=${tags[keys[0]!]!}`;
  return keys
    .sort()
    .map((key) => `${key}=${tags[key]!}`)
    .join(',');
}

/**
 * Series ids of one stream by tag set. Most points carry one tag (`host=...`): those are found
 * by tag key and value without building the series key string, one allocation less per point.
 */
class SeriesIds {
  private readonly byKey = new Map<string, number>();
  private readonly byOnlyTag = new Map<string, Map<string, number>>();

  get(tags: Record<string, string>): number | undefined {
    const only = onlyTagKey(tags);
    return only === undefined ? this.byKey.get(seriesKey(tags)) : this.byOnlyTag.get(only)?.get(tags[only]!);
  }

  set(tags: Record<string, string>, id: number): void {
    const only = onlyTagKey(tags);
    if (only === undefined) {
      this.byKey.set(seriesKey(tags), id);
      return;
    }
    let byValue = this.byOnlyTag.get(only);
    if (!byValue) this.byOnlyTag.set(only, (byValue = new Map<string, number>()));
    byValue.set(tags[only]!, id);
  }

  clear(): void {
    this.byKey.clear();
    this.byOnlyTag.clear();
  }
}

/** The key of a tag set with exactly one tag; undefined for none or several. */
function onlyTagKey(tags: Record<string, string>): string | undefined {
  let only: string | undefined;
  for (const key in tags) {
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}

/**
 * Writes points into streams: each point is checked on its own, so one bad point is reported
 * with its reason while the good ones are stored. The answer comes only after the points are
 * committed: what is acknowledged is kept.
 */
export function ingestService(ctx: DashboardsContext, streams: StreamsService, live: LiveStreams) {
  /** Series ids by stream; bounded by clearing them all when they grow past the limit. */
  const seriesIds = new Map<string, SeriesIds>();
  let cachedSeries = 0;

  /** Series ids of the points at `kept`, creating the series the stream lacks. */
  async function resolveSeries(streamId: string, points: CheckedPoints, kept: number[]): Promise<number[]> {
    let known = seriesIds.get(streamId);
    if (!known) seriesIds.set(streamId, (known = new SeriesIds()));
    const ids = new Array<number>(kept.length);
    let missing: Map<string, Record<string, string>> | undefined;
    kept.forEach((point, i) => {
      const id = known.get(points.tags[point]!);
      if (id !== undefined) ids[i] = id;
      else (missing ??= new Map<string, Record<string, string>>()).set(seriesKey(points.tags[point]!), points.tags[point]!);
    });
    if (!missing) return ids;
    const created = await upsertSeries(ctx.db, streamId, [...missing].map(([key, tags]) => ({ key, tags })));
    if (cachedSeries + created.size > SERIES_CACHE_LIMIT) {
      for (const other of seriesIds.values()) other.clear();
      cachedSeries = 0;
    }
    for (const [key, tags] of missing) known.set(tags, created.get(key)!);
    cachedSeries += created.size;
    kept.forEach((point, i) => (ids[i] ??= created.get(seriesKey(points.tags[point]!))!));
    return ids;
  }

  /**
   * The COPY rows of every point, in one pass, when the stream already has every field the
   * points name and every series they belong to is known here: the usual batch of a collector
   * that has written before. Undefined as soon as a point needs more; `placeInSchema` and
   * `resolveSeries` then do the rest.
   */
  function rowsOfKnownPoints(stream: StreamRow, points: CheckedPoints): PointRows | undefined {
    const known = seriesIds.get(stream.id);
    if (!known) return undefined;
    const position = fieldPositions(stream);
    const rows = new PointRows(stream, points.at.length);
    for (let i = 0; i < points.at.length; i++) {
      const id = known.get(points.tags[i]!);
      if (id === undefined || !rows.add(position, id, points.timeMs[i]!, points.values[i]!)) {
        rows.release();
        return undefined;
      }
    }
    return rows;
  }

  /** Grows the stream's schema for the batch; points that would pass the limits are rejected instead. Answers the points kept. */
  async function placeInSchema(stream: StreamRow, points: CheckedPoints, rejected: RejectedPoint[]) {
    const fields = new Set(stream.fields);
    const tagKeys = new Set(stream.tagKeys);
    const kept: number[] = [];
    for (let i = 0; i < points.at.length; i++) {
      const newFields = unknownKeys(points.values[i]!, fields);
      const newTagKeys = unknownKeys(points.tags[i]!, tagKeys);
      if (newFields.length === 0 && newTagKeys.length === 0) {
        kept.push(i);
      } else if (fields.size + newFields.length > streamLimits.fields) {
        rejected.push(rejection(points.position, points.at[i]!, `stream "${stream.name}" already has ${String(streamLimits.fields)} fields; "${newFields[0]!}" cannot be added`));
      } else if (tagKeys.size + newTagKeys.length > streamLimits.tagKeys) {
        rejected.push(rejection(points.position, points.at[i]!, `stream "${stream.name}" already has ${String(streamLimits.tagKeys)} tag keys; "${newTagKeys[0]!}" cannot be added`));
      } else {
        newFields.forEach((f) => fields.add(f));
        newTagKeys.forEach((k) => tagKeys.add(k));
        kept.push(i);
      }
    }
    const grown = await streams.extendSchema(stream, [...fields], [...tagKeys]);
    return { stream: grown, kept, added: { fields: grown.fields.filter((f) => !stream.fields.includes(f)), tagKeys: grown.tagKeys.filter((k) => !stream.tagKeys.includes(k)) } };
  }

  /** Stores checked points of one stream; answers how many were stored and what the schema gained. */
  async function store(streamRow: StreamRow, points: CheckedPoints, rejected: RejectedPoint[]) {
    let stream = streamRow;
    let added: { fields: string[]; tagKeys: string[] } = { fields: [], tagKeys: [] };
    let kept: number[] | undefined;
    let rows = rowsOfKnownPoints(stream, points);
    if (!rows) {
      ({ stream, kept, added } = await placeInSchema(streamRow, points, rejected));
      if (kept.length === 0) return { accepted: 0, added };
      const ids = await resolveSeries(stream.id, points, kept);
      const position = fieldPositions(stream);
      rows = new PointRows(stream, kept.length);
      for (const [i, point] of kept.entries()) rows.add(position, ids[i]!, points.timeMs[point]!, points.values[point]!);
    }
    const accepted = rows.count;
    if (accepted === 0) return { accepted, added };
    const { fromMs, toMs } = rows;
    // What live subscribers get is taken now; past here the points are only the rows, and the
    // parsed ones can be collected while COPY runs instead of being copied by the garbage
    // collector for the length of the request (docs/benchmarks.md).
    const livePoints = (await live.isWatched(stream.id))
      ? (kept ?? points.at.map((_, i) => i)).map((i) => ({ time: points.timeMs[i]!, tags: points.tags[i]!, values: points.values[i]! }))
      : undefined;
    points.tags.length = 0;
    points.values.length = 0;
    await copyPoints(ctx.database, rows.finish());
    // Only once COPY has taken every byte: a failed one may still be sending them.
    rows.release();
    await recordWrite(ctx.db, stream.id, accepted, new Date(fromMs));
    await ctx.bus.publish('stream.points_written', { orgId: stream.orgId, streamId: stream.id, count: accepted, fromMs, toMs });
    if (livePoints) await ctx.bus.publish('stream.points', { streamId: stream.id, points: livePoints });
    return { accepted, added };
  }

  return {
    /** A JSON batch into one stream. */
    async writeJson(actor: Actor, streamId: string, rawPoints: unknown[]): Promise<IngestResult> {
      const stream = await streams.authorizeStream(actor, streamId, 'write');
      const nowMs = Date.now();
      const rejected: RejectedPoint[] = [];
      const checked = checkedPoints('index');
      for (let index = 0; index < rawPoints.length; index++) {
        const raw = rawPoints[index];
        const result = checkJsonPoint(raw, nowMs);
        if (typeof result === 'string') {
          rejected.push({ index, reason: result });
          continue;
        }
        const point = raw as { tags?: Record<string, string>; values: Record<string, number | null> };
        checked.at.push(index);
        checked.timeMs.push(result);
        checked.tags.push(point.tags ?? NO_TAGS);
        checked.values.push(point.values);
      }
      const { accepted, added } = await store(stream, checked, rejected);
      return { accepted, rejected: sortedRejections(rejected), added };
    },

    /**
     * InfluxDB line protocol into the organisation's streams, one per measurement, made on first
     * use. Only numbers are stored: booleans become 1 and 0, and a string field rejects its line.
     */
    async writeLineProtocol(actor: Actor, orgId: string, text: string, precision: LineProtocolPrecision): Promise<IngestResult> {
      const parsed = parseLineProtocol(text, precision);
      const rejected: RejectedPoint[] = parsed.rejected.map(({ line, reason }) => ({ line, reason }));
      if (parsed.points.length + rejected.length > streamLimits.batchPoints) throw tooManyPoints();
      const nowMs = Date.now();
      const byMeasurement = new Map<string, CheckedPoints>();
      for (const point of parsed.points) {
        const result = checkLinePoint(point, nowMs);
        if (typeof result === 'string') {
          rejected.push({ line: point.line, reason: result });
          continue;
        }
        let checked = byMeasurement.get(point.measurement);
        if (!checked) byMeasurement.set(point.measurement, (checked = checkedPoints('line')));
        checked.at.push(point.line);
        checked.timeMs.push(result);
        checked.tags.push(point.tags);
        checked.values.push(point.fields as Record<string, number>);
      }
      let accepted = 0;
      const added = { fields: new Set<string>(), tagKeys: new Set<string>() };
      for (const [measurement, points] of byMeasurement) {
        if (!NAME_PATTERN.test(measurement) || measurement.length > streamLimits.name.max) {
          for (const line of points.at) rejected.push({ line, reason: `measurement "${measurement.slice(0, 80)}" is not a valid stream name` });
          continue;
        }
        const stream = await streams.byNameForWriting(actor, orgId, measurement);
        const stored = await store(stream, points, rejected);
        accepted += stored.accepted;
        stored.added.fields.forEach((f) => added.fields.add(f));
        stored.added.tagKeys.forEach((k) => added.tagKeys.add(k));
      }
      return { accepted, rejected: sortedRejections(rejected), added: { fields: [...added.fields], tagKeys: [...added.tagKeys] } };
    },
  };
}

/** Each field's position in the stream's stored values. */
function fieldPositions(stream: StreamRow): Map<string, number> {
  return new Map(stream.fields.map((field, i) => [field, i]));
}

/** COPY rows of one stream's points, and the span of their times. */
class PointRows {
  private readonly writer: PointCopyWriter;
  private readonly values: (number | null)[];
  fromMs = Infinity;
  toMs = -Infinity;

  constructor(stream: StreamRow, expected: number) {
    this.writer = new PointCopyWriter(stream.id, expected, stream.fields.length);
    this.values = new Array<number | null>(stream.fields.length).fill(null);
  }

  get count(): number {
    return this.writer.count;
  }

  /** Adds a point; false, adding nothing, when it names a field the stream lacks. */
  add(position: Map<string, number>, seriesId: number, timeMs: number, values: Record<string, number | null>): boolean {
    const row = this.values;
    row.fill(null);
    for (const field in values) {
      const at = position.get(field);
      if (at === undefined) return false;
      row[at] = values[field]!;
    }
    this.writer.add(seriesId, timeMs, row);
    if (timeMs < this.fromMs) this.fromMs = timeMs;
    if (timeMs > this.toMs) this.toMs = timeMs;
    return true;
  }

  finish(): Uint8Array {
    return this.writer.finish();
  }

  release(): void {
    this.writer.release();
  }
}

export type IngestService = ReturnType<typeof ingestService>;

export const tooManyPoints = () => new AppError('too_many_points', 413, `A batch holds at most ${String(streamLimits.batchPoints)} points`);

/** The keys of `record` that `known` lacks; no allocation in the usual case of none. */
function unknownKeys(record: object, known: Set<string>): string[] {
  let unknown: string[] | undefined;
  for (const key in record) if (!known.has(key)) (unknown ??= []).push(key);
  return unknown ?? NONE;
}
const NONE: string[] = [];

const sortedRejections = (rejected: RejectedPoint[]) => rejected.sort((a, b) => (a.index ?? a.line ?? 0) - (b.index ?? b.line ?? 0));
