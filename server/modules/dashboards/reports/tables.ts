import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { REPORT_FORMATS, REPORT_FREQUENCIES } from '../../../../common/dashboards-reports.ts';
import { users } from '../../identity/tables.ts';
import { dashboards } from '../boards/tables.ts';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A dashboard's report schedule; the minute job runs the ones whose `next_run_at` has come. */
export const dashboardReports = pgTable(
  'dashboard_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dashboardId: uuid('dashboard_id').notNull().references(() => dashboards.id, { onDelete: 'cascade' }),
    format: text('format', { enum: REPORT_FORMATS }).notNull(),
    frequency: text('frequency', { enum: REPORT_FREQUENCIES }).notNull(),
    hourUtc: integer('hour_utc').notNull(),
    weekday: integer('weekday'),
    recipients: text('recipients').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    nextRunAt: at('next_run_at').notNull(),
    lastRunAt: at('last_run_at'),
    lastError: text('last_error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('dashboard_reports_due_idx').on(t.nextRunAt), index('dashboard_reports_dashboard_idx').on(t.dashboardId)],
);
