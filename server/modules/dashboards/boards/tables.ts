import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { DASHBOARD_VISIBILITIES, type DashboardConfig } from '../../../../common/dashboards.ts';
import { organizations, users } from '../../identity/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A dashboard: its whole layout in `config`. A public link is a random token: its SHA-256 finds
 * the dashboard, and the token itself is sealed so editors can show the link again.
 */
export const dashboards = pgTable(
  'dashboards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    visibility: text('visibility', { enum: DASHBOARD_VISIBILITIES }).notNull().default('organization'),
    config: jsonb('config').$type<DashboardConfig>().notNull(),
    version: integer('version').notNull().default(1),
    shareTokenHash: text('share_token_hash'),
    shareTokenSealed: text('share_token_sealed'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('dashboards_org_created_idx').on(t.orgId, t.createdAt, t.id), uniqueIndex('dashboards_share_token_idx').on(t.shareTokenHash)],
);

/** A note on a dashboard's time axis: a moment or a span, by a person or (later) by the analytics jobs. */
export const dashboardAnnotations = pgTable(
  'dashboard_annotations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dashboardId: uuid('dashboard_id').notNull().references(() => dashboards.id, { onDelete: 'cascade' }),
    time: at('time').notNull(),
    timeEnd: at('time_end'),
    text: text('text').notNull(),
    tags: text('tags').array().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('dashboard_annotations_time_idx').on(t.dashboardId, t.time)],
);
