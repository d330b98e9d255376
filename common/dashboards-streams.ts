import { z } from 'zod';
import { pageQuerySchema } from './organizations.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

/** Limits of data streams, their ingestion and their queries, shared by the forms and the server. */
export const streamLimits = {
  name: { min: 1, max: 80 },
  description: { max: 500 },
  /** Numeric fields a stream may hold; new ones are added as points name them (like InfluxDB). */
  fields: 64,
  tagKeys: 32,
  fieldName: { max: 64 },
  tagKey: { max: 64 },
  tagValue: { max: 256 },
  retentionDays: { min: 1, max: 3650, default: 30 },
  /** Points in one JSON batch or line-protocol request. */
  batchPoints: 10_000,
  /** Line-protocol and JSON request bodies; 10,000 points with long tags fit. */
  batchBytes: 16 * 1024 * 1024,
  /** Buckets (or raw points after downsampling) one query answers per series. */
  queryPoints: { default: 1_000, max: 10_000 },
  /** Series (tag groups) one grouped query answers. */
  querySeries: 100,
} as const;

/** Stream, field and tag names: letters, digits and `_ . -`, so they read the same in SQL, CSV and line protocol. */
export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

const streamName = z.string().trim().min(streamLimits.name.min).max(streamLimits.name.max).regex(NAME_PATTERN, 'Use letters, digits, dots, dashes and underscores');
const fieldName = z.string().min(1).max(streamLimits.fieldName.max).regex(NAME_PATTERN, 'Use letters, digits, dots, dashes and underscores');
const tagKey = z.string().min(1).max(streamLimits.tagKey.max).regex(NAME_PATTERN, 'Use letters, digits, dots, dashes and underscores');
const retentionDays = z.number().int().min(streamLimits.retentionDays.min).max(streamLimits.retentionDays.max);

export const streamSchema = z.object({
  id,
  orgId: id,
  name: z.string(),
  description: z.string(),
  fields: z.array(z.string()),
  tagKeys: z.array(z.string()),
  retentionDays: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Stream = z.infer<typeof streamSchema>;

export const streamPoliciesSchema = z.record(z.string(), z.boolean());

export const streamDetailSchema = z.object({
  stream: streamSchema,
  stats: z.object({ points: z.number().int(), series: z.number().int(), firstTime: timestamp.nullable(), lastTime: timestamp.nullable() }),
  policies: streamPoliciesSchema,
});
export type StreamDetail = z.infer<typeof streamDetailSchema>;

export const createStreamBodySchema = z.object({
  name: streamName,
  description: z.string().trim().max(streamLimits.description.max).default(''),
  fields: z.array(fieldName).max(streamLimits.fields).default([]),
  tagKeys: z.array(tagKey).max(streamLimits.tagKeys).default([]),
  retentionDays: retentionDays.default(streamLimits.retentionDays.default),
});
export type CreateStreamBody = z.input<typeof createStreamBodySchema>;

/** Fields and tag keys are only ever added: stored points refer to fields by position. */
export const updateStreamBodySchema = z.object({
  name: streamName.optional(),
  description: z.string().trim().max(streamLimits.description.max).optional(),
  addFields: z.array(fieldName).max(streamLimits.fields).optional(),
  addTagKeys: z.array(tagKey).max(streamLimits.tagKeys).optional(),
  retentionDays: retentionDays.optional(),
});
export type UpdateStreamBody = z.infer<typeof updateStreamBodySchema>;

export const streamListQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(80).optional() });
export type StreamListQuery = z.infer<typeof streamListQuerySchema>;

/** The values one tag key takes in a stream's series, for variable dropdowns; `q` narrows them (case-insensitive, anywhere in the value). */
export const tagValuesQuerySchema = z.object({
  key: tagKey,
  q: z.string().trim().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type TagValuesQuery = z.infer<typeof tagValuesQuerySchema>;
export const tagValuesSchema = z.object({ key: z.string(), values: z.array(z.string()) });
export type TagValues = z.infer<typeof tagValuesSchema>;

/**
 * One point of a JSON batch. `time` is an ISO 8601 string or epoch milliseconds (the server's
 * clock when absent); `values` maps field names to numbers. Points are checked one by one on the
 * server, so the batch body is typed loosely here and each bad point is reported, not the batch.
 */
export interface PointInput {
  time?: string | number;
  tags?: Record<string, string>;
  values: Record<string, number | null>;
}

export const pointBatchBodySchema = z.object({
  points: z.array(z.unknown()).min(1).max(streamLimits.batchPoints),
});

/** A batch written over the /streams socket: the same points as the HTTP batch, with the stream named. */
export const socketPointBatchSchema = pointBatchBodySchema.extend({ streamId: id });

export const rejectedPointSchema = z.object({
  /** Position in the batch (0-based) for JSON, line number (1-based) for line protocol. */
  index: z.number().int().optional(),
  line: z.number().int().optional(),
  reason: z.string(),
});
export type RejectedPoint = z.infer<typeof rejectedPointSchema>;

export const ingestResultSchema = z.object({
  accepted: z.number().int(),
  rejected: z.array(rejectedPointSchema),
  /** Fields or tag keys the batch added to its stream(s). */
  added: z.object({ fields: z.array(z.string()), tagKeys: z.array(z.string()) }),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

export const LINE_PROTOCOL_PRECISIONS = ['ns', 'us', 'ms', 's'] as const;
export const lineProtocolQuerySchema = z.object({ precision: z.enum(LINE_PROTOCOL_PRECISIONS).default('ns') });

export const AGGREGATES = ['avg', 'min', 'max', 'sum', 'count', 'last', 'p50', 'p95', 'p99'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
/** The percentile aggregates and the rank each one reads, as `percentile_cont` takes it. */
export const PERCENTILE_RANKS: Partial<Record<Aggregate, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };
export const isPercentile = (agg: Aggregate) => PERCENTILE_RANKS[agg] !== undefined;
/** How empty buckets are answered: left out, null, 0, the previous value, or a line between neighbours. */
export const FILLS = ['none', 'null', 'zero', 'previous', 'linear'] as const;
export type Fill = (typeof FILLS)[number];

/** `interval` like `30s`, `5m`, `1h`, `1d`. */
export const INTERVAL_PATTERN = /^(\d{1,6})(ms|s|m|h|d)$/;
const INTERVAL_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An interval string in milliseconds, or undefined when it does not read as one. */
export function intervalMs(text: string): number | undefined {
  const match = INTERVAL_PATTERN.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * INTERVAL_UNITS_MS[match[2] as keyof typeof INTERVAL_UNITS_MS];
  return ms > 0 ? ms : undefined;
}

/**
 * A range query of one field. Without `interval`, the range is cut into about `points` buckets.
 * `agg=raw` answers stored points, downsampled with LTTB to `points` when there are more.
 * `tag.<key>=<value>` query parameters filter by tag; `groupBy` answers one series per value.
 */
export const streamQuerySchema = z.object({
  field: fieldName,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  agg: z.enum([...AGGREGATES, 'raw']).default('avg'),
  interval: z.string().regex(INTERVAL_PATTERN, 'Write an interval like 10s, 5m, 1h or 1d').optional(),
  points: z.coerce.number().int().min(2).max(streamLimits.queryPoints.max).default(streamLimits.queryPoints.default),
  groupBy: tagKey.optional(),
  fill: z.enum(FILLS).default('null'),
});
export type StreamQuery = z.infer<typeof streamQuerySchema>;

export const seriesSchema = z.object({
  /** The tag values that set this series apart (the groupBy tag), empty when not grouped. */
  tags: z.record(z.string(), z.string()),
  times: z.array(z.number()),
  values: z.array(z.number().nullable()),
});
export type Series = z.infer<typeof seriesSchema>;

export const queryResultSchema = z.object({
  field: z.string(),
  agg: z.string(),
  /** Bucket width in milliseconds; null for raw points. */
  intervalMs: z.number().nullable(),
  /** Where the answer came from: raw points, or the 1-minute or 1-hour rollups. */
  source: z.enum(['raw', 'rollup_1m', 'rollup_1h']),
  /** Raw points before downsampling, for agg=raw. */
  sampledFrom: z.number().int().nullable(),
  /**
   * True when percentiles were read from the hourly rollups' sketches: each is then within 1% of
   * the exact value. Every other answer is exact.
   */
  approximate: z.boolean(),
  series: z.array(seriesSchema),
});
export type QueryResult = z.infer<typeof queryResultSchema>;

/** The Socket.IO namespace of live stream updates. */
export const STREAMS_NAMESPACE = '/streams';
/** The shortest time between two sends to one subscriber: a burst waits for it, a lone update goes at once. */
export const LIVE_BATCH_MS = 100;
/** Points a reconnecting subscriber gets back at most; older gaps are for a range query. */
export const LIVE_CATCH_UP_POINTS = 10_000;

/**
 * A live subscription: some fields of a stream, only series carrying all of `tags`. With
 * `windowMs`, points are averaged per series into windows of that width before they are sent.
 * `since` (epoch ms of the last point seen) asks for what was missed while disconnected.
 */
export const liveSubscribeSchema = z.object({
  streamId: id,
  fields: z.array(fieldName).min(1).max(streamLimits.fields),
  tags: z.record(tagKey, z.string().min(1).max(streamLimits.tagValue.max)).default({}),
  windowMs: z.number().int().min(0).max(3_600_000).default(0),
  since: z.number().optional(),
});
export type LiveSubscribe = z.input<typeof liveSubscribeSchema>;

export interface LivePoint {
  time: number;
  tags: Record<string, string>;
  values: Record<string, number | null>;
}

export interface LiveBatch {
  subscriptionId: string;
  points: LivePoint[];
}
