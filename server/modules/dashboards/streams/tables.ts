import { sql } from 'drizzle-orm';
import { bigint, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from '../../identity/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * A data stream of an organisation. Points store their values in the order of `fields`, which is
 * why fields are only ever appended. Rollups are complete for buckets before `rolled_up_to`,
 * unless points arrived since for times from `rollup_dirty_from` on.
 */
export const streams = pgTable(
  'streams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    tagKeys: text('tag_keys').array().notNull().default(sql`'{}'::text[]`),
    retentionDays: integer('retention_days').notNull(),
    /** Points stored, kept by ingestion and retention so the count never scans the points. */
    pointCount: bigint('point_count', { mode: 'number' }).notNull().default(0),
    rolledUpTo: at('rolled_up_to'),
    rollupDirtyFrom: at('rollup_dirty_from'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('streams_org_name_idx').on(t.orgId, t.name), index('streams_org_created_idx').on(t.orgId, t.createdAt, t.id)],
);

/** One set of tag values of a stream (InfluxDB's "series"); points refer to it by id instead of repeating the tags. */
export const streamSeries = pgTable(
  'stream_series',
  {
    id: serial('id').primaryKey(),
    streamId: uuid('stream_id').notNull().references(() => streams.id, { onDelete: 'cascade' }),
    /** The tags in key order as `k=v,k=v`, the series' identity. */
    key: text('key').notNull(),
    tags: jsonb('tags').$type<Record<string, string>>().notNull(),
  },
  (t) => [uniqueIndex('stream_series_stream_key_idx').on(t.streamId, t.key), index('stream_series_tags_idx').using('gin', t.tags)],
);

/**
 * Raw points of the last hours, one row per point, loaded with COPY; compaction moves older ones
 * into `stream_point_blocks`. No foreign key: a per-row check would slow ingestion, and deleting
 * a stream deletes its points itself. A B-tree answers one stream's range. (A BRIN index on time
 * does not suit a table whose rows compaction keeps deleting and whose pages new rows reuse: each
 * range's summary would soon span every time, and a query read the whole table.)
 */
export const streamPoints = pgTable(
  'stream_points',
  {
    streamId: uuid('stream_id').notNull(),
    seriesId: integer('series_id').notNull(),
    time: at('time').notNull(),
    values: doublePrecision('values').array().notNull(),
  },
  (t) => [index('stream_points_stream_time_idx').on(t.streamId, t.time)],
);

/**
 * Raw points of past hours, compacted: a row per series and hour holds all of them, where
 * `stream_points` would hold a row per point. Reading 10 million points this way moves ~14,000
 * rows instead of ten million (docs/benchmarks.md). Both byte columns are read out as they are
 * stored, with nothing to convert per value: `times` are the points' offsets from `block_start` in
 * microseconds, each a big-endian unsigned 32-bit integer, in time order; `values` are big-endian
 * float8s, field by field (every point's first field, then every point's second...), with NaN
 * where a point has no value for a field (stored values are finite). Points written for an hour
 * after it was compacted make another block of the same hour. Nothing is lost: the job moves
 * points here and deletes them from `stream_points` in one statement.
 */
export const streamPointBlocks = pgTable(
  'stream_point_blocks',
  {
    streamId: uuid('stream_id').notNull().references(() => streams.id, { onDelete: 'cascade' }),
    seriesId: integer('series_id').notNull(),
    blockStart: at('block_start').notNull(),
    firstTime: at('first_time').notNull(),
    lastTime: at('last_time').notNull(),
    pointCount: integer('point_count').notNull(),
    fieldCount: smallint('field_count').notNull(),
    times: bytes('times').notNull(),
    values: bytes('values').notNull(),
  },
  // Blocks are written in time order and only ever deleted: BRIN finds an hour's blocks across streams in a tiny index.
  (t) => [index('stream_point_blocks_stream_start_idx').on(t.streamId, t.blockStart), index('stream_point_blocks_start_brin').using('brin', t.blockStart)],
);

/**
 * Per-bucket aggregates of one field of one series, at 60 s and 3600 s resolution, kept by the
 * rollup job; series 0 aggregates every series of the stream (`WHOLE_STREAM`). Hourly rows carry
 * a sketch, a histogram of the bucket's values over logarithmic bins (keys in ascending order,
 * with their counts; see `SKETCH_RELATIVE_ACCURACY`): buckets merge by adding counts, and
 * percentiles read from it are within 1% of the exact ones. Minute rows leave it empty.
 */
export const streamRollups = pgTable(
  'stream_rollups',
  {
    streamId: uuid('stream_id').notNull(),
    resolutionSeconds: integer('resolution_seconds').notNull(),
    field: smallint('field').notNull(),
    bucket: at('bucket').notNull(),
    seriesId: integer('series_id').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    sum: doublePrecision('sum').notNull(),
    min: doublePrecision('min').notNull(),
    max: doublePrecision('max').notNull(),
    last: doublePrecision('last').notNull(),
    lastTime: at('last_time').notNull(),
    sketchKeys: integer('sketch_keys').array().notNull().default(sql`'{}'::integer[]`),
    sketchCounts: bigint('sketch_counts', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.resolutionSeconds, t.field, t.bucket, t.seriesId] })],
);
