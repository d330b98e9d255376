import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from '../../identity/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

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
 * Raw points, one row per point, loaded with COPY. No foreign key: a per-row check would slow
 * ingestion, and deleting a stream deletes its points itself. BRIN keeps the time index tiny on
 * an append-mostly table; the B-tree answers one stream's range.
 */
export const streamPoints = pgTable(
  'stream_points',
  {
    streamId: uuid('stream_id').notNull(),
    seriesId: integer('series_id').notNull(),
    time: at('time').notNull(),
    values: doublePrecision('values').array().notNull(),
  },
  (t) => [index('stream_points_time_brin').using('brin', t.time), index('stream_points_stream_time_idx').on(t.streamId, t.time)],
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
