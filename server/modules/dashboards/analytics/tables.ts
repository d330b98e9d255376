import { doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ForecastPoint } from './holt-winters.ts';
import { streams } from '../streams/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** Points of a stream field that stood out from the hours before them; charts show them as annotations. */
export const streamAnomalies = pgTable(
  'stream_anomalies',
  {
    streamId: uuid('stream_id').notNull().references(() => streams.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    time: at('time').notNull(),
    value: doublePrecision('value').notNull(),
    expected: doublePrecision('expected').notNull(),
    score: doublePrecision('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.field, t.time] })],
);

/** The latest forecast of each stream field: hourly expected values with a 95% band. */
export const streamForecasts = pgTable(
  'stream_forecasts',
  {
    streamId: uuid('stream_id').notNull().references(() => streams.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    computedAt: at('computed_at').notNull(),
    points: jsonb('points').$type<ForecastPoint[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.streamId, t.field] })],
);

/** Plain-language findings about a stream field, newest first. */
export const streamInsights = pgTable(
  'stream_insights',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    streamId: uuid('stream_id').notNull().references(() => streams.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    text: text('text').notNull(),
    change: doublePrecision('change').notNull(),
    computedAt: at('computed_at').notNull(),
  },
  (t) => [index('stream_insights_stream_idx').on(t.streamId, t.computedAt)],
);
