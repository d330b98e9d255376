import { NAME_PATTERN, streamLimits, type IngestResult, type RejectedPoint } from '../../../../common/dashboards-streams.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { DashboardsContext } from '../context.ts';
import { parseLineProtocol, type LineProtocolPrecision } from '../line-protocol.ts';
import type { LiveStreams } from './live.ts';
import { copyPoints, CopyRowWriter } from './points.repository.ts';
import { recordWrite, upsertSeries, type StreamRow } from './repository.ts';
import type { StreamsService } from './streams.service.ts';

/** A point that passed its checks, before it is placed in a stream's schema. */
export interface CheckedPoint {
  /** Where the client can find it: batch index (JSON) or line number (line protocol). */
  at: { index: number } | { line: number };
  timeMs: number;
  tags: Record<string, string>;
  values: Record<string, number | null>;
}

/** Points from before 1970 or after 2200 are almost always a unit mistake (seconds read as nanoseconds...). */
const EARLIEST_MS = 0;
const LATEST_MS = Date.UTC(2200, 0, 1);
const SERIES_CACHE_LIMIT = 100_000;

const rejection = (at: CheckedPoint['at'], reason: string): RejectedPoint => ({ ...at, reason });

/** Checks one JSON point; answers the point or why it was refused. */
export function checkJsonPoint(raw: unknown, index: number, nowMs: number): CheckedPoint | RejectedPoint {
  const at = { index };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return rejection(at, 'a point is an object with "values" and optional "time" and "tags"');
  const { time, tags = {}, values } = raw as Record<string, unknown>;
  let timeMs = nowMs;
  if (typeof time === 'number') timeMs = time;
  else if (typeof time === 'string') timeMs = Date.parse(time);
  else if (time !== undefined) return rejection(at, '"time" is an ISO 8601 string or epoch milliseconds');
  if (!Number.isFinite(timeMs) || timeMs < EARLIEST_MS || timeMs >= LATEST_MS) return rejection(at, `"time" ${JSON.stringify(time)} is not a date between 1970 and 2200`);
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return rejection(at, '"values" maps field names to numbers');
  let count = 0;
  for (const field in values) {
    const value = (values as Record<string, unknown>)[field];
    const problem = fieldNameProblem(field);
    if (problem) return rejection(at, problem);
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) return rejection(at, `field "${field}" has ${JSON.stringify(value)}, not a finite number`);
    if (value !== null) count++;
  }
  if (count === 0) return rejection(at, 'the point has no values');
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return rejection(at, '"tags" maps tag keys to strings');
  const tagProblem = tagsProblem(tags as Record<string, unknown>);
  if (tagProblem) return rejection(at, tagProblem);
  return { at, timeMs, tags: tags as Record<string, string>, values: values as Record<string, number | null> };
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
 * Writes points into streams: each point is checked on its own, so one bad point is reported
 * with its reason while the good ones are stored. The answer comes only after the points are
 * committed: what is acknowledged is kept.
 */
export function ingestService(ctx: DashboardsContext, streams: StreamsService, live: LiveStreams) {
  /** Series ids by stream, then by series key; bounded by clearing when it grows past the limit. */
  const seriesIds = new Map<string, Map<string, number>>();
  let cachedSeries = 0;

  async function resolveSeries(streamId: string, points: CheckedPoint[]): Promise<number[]> {
    let known = seriesIds.get(streamId);
    if (!known) seriesIds.set(streamId, (known = new Map<string, number>()));
    const keys = points.map((point) => seriesKey(point.tags));
    const missing = new Map<string, Record<string, string>>();
    keys.forEach((key, i) => {
      if (!known.has(key)) missing.set(key, points[i]!.tags);
    });
    if (missing.size > 0) {
      const created = await upsertSeries(ctx.db, streamId, [...missing].map(([key, tags]) => ({ key, tags })));
      if (cachedSeries + created.size > SERIES_CACHE_LIMIT) {
        for (const other of seriesIds.values()) other.clear();
        cachedSeries = 0;
      }
      for (const [key, id] of created) known.set(key, id);
      cachedSeries += created.size;
      return keys.map((key) => known.get(key) ?? created.get(key)!);
    }
    return keys.map((key) => known.get(key)!);
  }

  /** Grows the stream's schema for the batch; points that would pass the limits are rejected instead. */
  async function placeInSchema(stream: StreamRow, points: CheckedPoint[], rejected: RejectedPoint[]) {
    const fields = new Set(stream.fields);
    const tagKeys = new Set(stream.tagKeys);
    const fitting: CheckedPoint[] = [];
    for (const point of points) {
      const newFields = unknownKeys(point.values, fields);
      const newTagKeys = unknownKeys(point.tags, tagKeys);
      if (newFields.length === 0 && newTagKeys.length === 0) {
        fitting.push(point);
      } else if (fields.size + newFields.length > streamLimits.fields) {
        rejected.push(rejection(point.at, `stream "${stream.name}" already has ${String(streamLimits.fields)} fields; "${newFields[0]!}" cannot be added`));
      } else if (tagKeys.size + newTagKeys.length > streamLimits.tagKeys) {
        rejected.push(rejection(point.at, `stream "${stream.name}" already has ${String(streamLimits.tagKeys)} tag keys; "${newTagKeys[0]!}" cannot be added`));
      } else {
        newFields.forEach((f) => fields.add(f));
        newTagKeys.forEach((k) => tagKeys.add(k));
        fitting.push(point);
      }
    }
    const grown = await streams.extendSchema(stream, [...fields], [...tagKeys]);
    return { stream: grown, points: fitting, added: { fields: grown.fields.filter((f) => !stream.fields.includes(f)), tagKeys: grown.tagKeys.filter((k) => !stream.tagKeys.includes(k)) } };
  }

  /** Stores checked points of one stream; answers how many were stored and what the schema gained. */
  async function store(streamRow: StreamRow, checked: CheckedPoint[], rejected: RejectedPoint[]) {
    const { stream, points, added } = await placeInSchema(streamRow, checked, rejected);
    if (points.length === 0) return { accepted: 0, added };
    const ids = await resolveSeries(stream.id, points);
    const position = new Map(stream.fields.map((field, i) => [field, i]));
    const values = new Array<number | null>(stream.fields.length);
    const rows = new CopyRowWriter(stream.id);
    let fromMs = Infinity;
    let toMs = -Infinity;
    points.forEach((point, i) => {
      values.fill(null);
      for (const field in point.values) values[position.get(field)!] = point.values[field]!;
      rows.add(ids[i]!, point.timeMs, values);
      if (point.timeMs < fromMs) fromMs = point.timeMs;
      if (point.timeMs > toMs) toMs = point.timeMs;
    });
    await copyPoints(ctx.database, rows.text());
    await recordWrite(ctx.db, stream.id, points.length, new Date(fromMs));
    await ctx.bus.publish('stream.points_written', { orgId: stream.orgId, streamId: stream.id, count: points.length, fromMs, toMs });
    if (await live.isWatched(stream.id)) {
      await ctx.bus.publish('stream.points', { streamId: stream.id, points: points.map((p) => ({ time: p.timeMs, tags: p.tags, values: p.values })) });
    }
    return { accepted: points.length, added };
  }

  return {
    /** A JSON batch into one stream. */
    async writeJson(actor: Actor, streamId: string, rawPoints: unknown[]): Promise<IngestResult> {
      const stream = await streams.authorizeStream(actor, streamId, 'write');
      const nowMs = Date.now();
      const rejected: RejectedPoint[] = [];
      const checked: CheckedPoint[] = [];
      rawPoints.forEach((raw, index) => {
        const result = checkJsonPoint(raw, index, nowMs);
        if ('reason' in result) rejected.push(result);
        else checked.push(result);
      });
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
      const byMeasurement = new Map<string, CheckedPoint[]>();
      for (const point of parsed.points) {
        const checked = checkLinePoint(point, nowMs);
        if ('reason' in checked) {
          rejected.push(checked);
          continue;
        }
        const list = byMeasurement.get(point.measurement) ?? [];
        list.push(checked);
        byMeasurement.set(point.measurement, list);
      }
      let accepted = 0;
      const added = { fields: new Set<string>(), tagKeys: new Set<string>() };
      for (const [measurement, points] of byMeasurement) {
        if (!NAME_PATTERN.test(measurement) || measurement.length > streamLimits.name.max) {
          for (const point of points) rejected.push(rejection(point.at, `measurement "${measurement.slice(0, 80)}" is not a valid stream name`));
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

export type IngestService = ReturnType<typeof ingestService>;

export const tooManyPoints = () => new AppError('too_many_points', 413, `A batch holds at most ${String(streamLimits.batchPoints)} points`);

function checkLinePoint(point: ReturnType<typeof parseLineProtocol>['points'][number], nowMs: number): CheckedPoint | RejectedPoint {
  const at = { line: point.line };
  const timeMs = point.timeMs ?? nowMs;
  if (timeMs < EARLIEST_MS || timeMs >= LATEST_MS) return rejection(at, 'the timestamp is not between 1970 and 2200; check the precision');
  // Booleans become 1 and 0 in the parsed point itself: it is ours, and a copy per point costs.
  const values = point.fields;
  for (const field in values) {
    const value = values[field];
    const problem = fieldNameProblem(field);
    if (problem) return rejection(at, problem);
    if (typeof value === 'string') return rejection(at, `field "${field}" is a string; streams hold numbers`);
    if (typeof value === 'boolean') values[field] = Number(value);
  }
  const problem = tagsProblem(point.tags);
  if (problem) return rejection(at, problem);
  return { at, timeMs, tags: point.tags, values: values as Record<string, number> };
}

/** The keys of `record` that `known` lacks; no allocation in the usual case of none. */
function unknownKeys(record: object, known: Set<string>): string[] {
  let unknown: string[] | undefined;
  for (const key in record) if (!known.has(key)) (unknown ??= []).push(key);
  return unknown ?? NONE;
}
const NONE: string[] = [];

const sortedRejections = (rejected: RejectedPoint[]) => rejected.sort((a, b) => (a.index ?? a.line ?? 0) - (b.index ?? b.line ?? 0));
