import { z } from 'zod';
import { AGGREGATES, FILLS, INTERVAL_PATTERN, NAME_PATTERN } from './dashboards-streams.ts';
import { pageQuerySchema, userSummarySchema } from './organizations.ts';

const id = z.uuid();
const timestamp = z.iso.datetime();

/** Limits of dashboards, shared by the builder and the server. */
export const dashboardLimits = {
  title: { min: 1, max: 120 },
  description: { max: 1000 },
  widgets: 48,
  variables: 12,
  gridColumns: 12,
  gridRows: 200,
  /** The tallest a widget may be, in rows. */
  widgetRows: 40,
  annotationText: { max: 2000 },
  /** An exported dashboard file the import takes at most. */
  importBytes: 1024 * 1024,
} as const;

export const WIDGET_KINDS = ['line', 'area', 'bar', 'gauge', 'stat', 'table', 'heatmap', 'scatter'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];
export const REFRESH_SECONDS = [0, 5, 10, 30, 60, 300, 900] as const;
/** `organization`: everyone in the organisation reads it. `private`: its creator and the organisation's admins. */
export const DASHBOARD_VISIBILITIES = ['organization', 'private'] as const;
export type DashboardVisibility = (typeof DASHBOARD_VISIBILITIES)[number];
/** A variable's value is written `$name` in a widget's tag filter and replaced when the widget asks for data. */
export const VARIABLE_PATTERN = /^\$([A-Za-z_][A-Za-z0-9_]{0,31})$/;
/** A relative time like `now`, `now-6h`, `now-30d`, or an ISO 8601 instant. */
export const RELATIVE_TIME_PATTERN = /^now(-\d{1,6}(s|m|h|d|w))?$/;

const timePoint = z.union([z.string().regex(RELATIVE_TIME_PATTERN), z.iso.datetime({ offset: true })]);

export const widgetQuerySchema = z.object({
  streamId: id,
  field: z.string().min(1).max(64),
  agg: z.enum([...AGGREGATES, 'raw']).default('avg'),
  interval: z.string().regex(INTERVAL_PATTERN).optional(),
  groupBy: z.string().regex(NAME_PATTERN).max(64).optional(),
  fill: z.enum(FILLS).default('null'),
  /** Tag filter; a value may be a `$variable`. */
  tags: z.record(z.string().regex(NAME_PATTERN).max(64), z.string().min(1).max(256)).default({}),
});
export type WidgetQuery = z.infer<typeof widgetQuerySchema>;

export const widgetSchema = z.object({
  /** Chosen by the client; unique in the dashboard. */
  id: z.string().min(1).max(64),
  kind: z.enum(WIDGET_KINDS),
  title: z.string().max(120).default(''),
  position: z.object({
    x: z.number().int().min(0).max(dashboardLimits.gridColumns - 1),
    y: z.number().int().min(0).max(dashboardLimits.gridRows),
    w: z.number().int().min(1).max(dashboardLimits.gridColumns),
    h: z.number().int().min(1).max(dashboardLimits.widgetRows),
  }),
  query: widgetQuerySchema,
  /** Display options: unit, decimals, min, max, thresholds, colours. */
  options: z.record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean(), z.array(z.number())])).default({}),
});
export type Widget = z.infer<typeof widgetSchema>;

export const variableSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,31}$/, 'Start with a letter; letters, digits and underscores'),
  label: z.string().max(80).default(''),
  streamId: id,
  tagKey: z.string().regex(NAME_PATTERN).max(64),
  default: z.string().max(256).optional(),
});
export type DashboardVariable = z.infer<typeof variableSchema>;

/** Everything a dashboard shows: widgets on a 12-column grid, variables, time range and refresh. */
export const dashboardConfigSchema = z
  .object({
    widgets: z.array(widgetSchema).max(dashboardLimits.widgets).default([]),
    variables: z.array(variableSchema).max(dashboardLimits.variables).default([]),
    timeRange: z.object({ from: timePoint, to: timePoint }).default({ from: 'now-6h', to: 'now' }),
    refreshSeconds: z
      .number()
      .int()
      .refine((seconds) => (REFRESH_SECONDS as readonly number[]).includes(seconds), `Refresh every ${REFRESH_SECONDS.join(', ')} seconds (0 is off)`)
      .default(0),
  })
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    config.widgets.forEach((widget, i) => {
      if (ids.has(widget.id)) ctx.addIssue({ code: 'custom', path: ['widgets', i, 'id'], message: `Two widgets share the id "${widget.id}"` });
      ids.add(widget.id);
      if (widget.position.x + widget.position.w > dashboardLimits.gridColumns) {
        ctx.addIssue({ code: 'custom', path: ['widgets', i, 'position'], message: `The widget runs past column ${String(dashboardLimits.gridColumns)}` });
      }
      for (const value of Object.values(widget.query.tags)) {
        const variable = VARIABLE_PATTERN.exec(value)?.[1];
        if (variable && !config.variables.some((v) => v.name === variable)) {
          ctx.addIssue({ code: 'custom', path: ['widgets', i, 'query', 'tags'], message: `No variable named "${variable}"` });
        }
      }
    });
    const names = new Set<string>();
    config.variables.forEach((variable, i) => {
      if (names.has(variable.name)) ctx.addIssue({ code: 'custom', path: ['variables', i, 'name'], message: `Two variables are named "${variable.name}"` });
      names.add(variable.name);
    });
  });
export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;

export const dashboardSchema = z.object({
  id,
  orgId: id,
  title: z.string(),
  description: z.string(),
  visibility: z.enum(DASHBOARD_VISIBILITIES),
  config: dashboardConfigSchema,
  /** Increases on every change; an update names the version it started from. */
  version: z.number().int(),
  shared: z.boolean(),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const dashboardDetailSchema = z.object({ dashboard: dashboardSchema, policies: z.record(z.string(), z.boolean()) });
export type DashboardDetail = z.infer<typeof dashboardDetailSchema>;

export const createDashboardBodySchema = z.object({
  title: z.string().trim().min(dashboardLimits.title.min).max(dashboardLimits.title.max),
  description: z.string().trim().max(dashboardLimits.description.max).default(''),
  visibility: z.enum(DASHBOARD_VISIBILITIES).default('organization'),
  config: dashboardConfigSchema.default({ widgets: [], variables: [], timeRange: { from: 'now-6h', to: 'now' }, refreshSeconds: 0 }),
});
export type CreateDashboardBody = z.input<typeof createDashboardBodySchema>;

export const updateDashboardBodySchema = z.object({
  /** The version the change was made from; a stale one answers 409 so no one's work is overwritten. */
  version: z.number().int(),
  title: z.string().trim().min(dashboardLimits.title.min).max(dashboardLimits.title.max).optional(),
  description: z.string().trim().max(dashboardLimits.description.max).optional(),
  visibility: z.enum(DASHBOARD_VISIBILITIES).optional(),
  config: dashboardConfigSchema.optional(),
});
export type UpdateDashboardBody = z.input<typeof updateDashboardBodySchema>;

export const dashboardListQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(120).optional() });
export type DashboardListQuery = z.infer<typeof dashboardListQuerySchema>;

/** The file a dashboard exports to and imports from. */
export const DASHBOARD_EXPORT_FORMAT = 'fluxworks.dashboard/v1';
export const dashboardExportSchema = z.object({
  format: z.literal(DASHBOARD_EXPORT_FORMAT),
  title: z.string().trim().min(dashboardLimits.title.min).max(dashboardLimits.title.max),
  description: z.string().max(dashboardLimits.description.max).default(''),
  config: dashboardConfigSchema,
});
export type DashboardExport = z.infer<typeof dashboardExportSchema>;

export const shareLinkSchema = z.object({ url: z.string(), token: z.string() });
export type ShareLink = z.infer<typeof shareLinkSchema>;

/** A public (read-only) dashboard as a link shows it: no people, no policies. */
export const publicDashboardSchema = z.object({ title: z.string(), description: z.string(), config: dashboardConfigSchema });
export type PublicDashboard = z.infer<typeof publicDashboardSchema>;

/** A widget's data for a time range and variable values (`var.<name>=<value>` on the query string). */
export const widgetDataQuerySchema = z.object({
  from: timePoint.optional(),
  to: timePoint.optional(),
  points: z.coerce.number().int().min(2).max(10_000).default(1_000),
});

/** The values a dashboard variable can take (its tag key's values in its stream); `q` narrows them. */
export const variableValuesQuerySchema = z.object({
  q: z.string().trim().max(256).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type VariableValuesQuery = z.infer<typeof variableValuesQuerySchema>;
export const variableValuesSchema = z.object({ name: z.string(), values: z.array(z.string()) });
export type VariableValues = z.infer<typeof variableValuesSchema>;

export const annotationSchema = z.object({
  id,
  dashboardId: id,
  time: timestamp,
  timeEnd: timestamp.nullable(),
  text: z.string(),
  tags: z.array(z.string()),
  createdBy: userSummarySchema.nullable(),
  createdAt: timestamp,
});
export type Annotation = z.infer<typeof annotationSchema>;

export const createAnnotationBodySchema = z
  .object({
    time: z.iso.datetime({ offset: true }),
    timeEnd: z.iso.datetime({ offset: true }).optional(),
    text: z.string().trim().min(1).max(dashboardLimits.annotationText.max),
    tags: z.array(z.string().min(1).max(40)).max(10).default([]),
  })
  .refine((body) => !body.timeEnd || Date.parse(body.timeEnd) >= Date.parse(body.time), { message: 'The end comes after the start', path: ['timeEnd'] });
export type CreateAnnotationBody = z.input<typeof createAnnotationBodySchema>;

export const annotationListQuerySchema = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

/** `now-6h` and friends, or an ISO instant, as epoch milliseconds at `nowMs`. */
export function resolveTime(text: string, nowMs: number): number {
  if (!text.startsWith('now')) return Date.parse(text);
  const match = /^now-(\d+)(s|m|h|d|w)$/.exec(text);
  if (!match) return nowMs;
  const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return nowMs - Number(match[1]) * unitMs;
}

/** A chosen variable value that filters nothing. */
export const ALL_VALUES = '*';

/**
 * A tag filter with `$variable` values replaced by the chosen values, else the variables' defaults;
 * a variable with no value (or all values) filters nothing. The server answers widget data with it
 * and the builder previews with it.
 */
export function resolveTags(tags: Record<string, string>, variables: readonly { name: string; default?: string }[], values: Record<string, string>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    const name = VARIABLE_PATTERN.exec(value)?.[1];
    if (!name) {
      resolved[key] = value;
      continue;
    }
    const chosen = values[name] ?? variables.find((variable) => variable.name === name)?.default;
    if (chosen !== undefined && chosen !== '' && chosen !== ALL_VALUES) resolved[key] = chosen;
  }
  return resolved;
}
