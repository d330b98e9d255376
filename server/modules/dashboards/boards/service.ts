import { createHash, randomBytes } from 'node:crypto';
import { widgetAnalytics, type WidgetAnalytics } from '../../../../common/dashboards-analytics.ts';
import type { QueryResult } from '../../../../common/dashboards-streams.ts';
import { streamQuerySchema } from '../../../../common/dashboards-streams.ts';
import {
  createAnnotationBodySchema,
  createDashboardBodySchema,
  DASHBOARD_EXPORT_FORMAT,
  dashboardExportSchema,
  resolveTime,
  type CreateAnnotationBody,
  type CreateDashboardBody,
  type DashboardExport,
  type DashboardListQuery,
  type UpdateDashboardBody,
  type VariableValues,
  type VariableValuesQuery,
  type Widget,
  resolveTags,
} from '../../../../common/dashboards.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { createSecretBox } from '../../../platform/auth/secret-box.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { createOnce } from '../../../platform/idempotency/index.ts';
import { decodeCursor, pageOf } from '../../../platform/pagination/cursor.ts';
import { directory } from '../../identity/directory.ts';
import { findForecast, listAnomalies } from '../analytics/repository.ts';
import type { DashboardsContext } from '../context.ts';
import type { QueryService } from '../streams/query.service.ts';
import type { ReportContent, ReportWidget } from '../reports/report-html.ts';
import { findStream, tagValues, type StreamRow } from '../streams/repository.ts';
import { dashboardCollectionResource, dashboardResource } from './policy.ts';
import {
  deleteAnnotation,
  deleteDashboard,
  findAnnotation,
  findDashboard,
  findDashboardByShareHash,
  insertAnnotation,
  insertDashboard,
  listAnnotations,
  listDashboards,
  setShareToken,
  updateDashboardAt,
  type AnnotationRow,
  type DashboardRow,
} from './repository.ts';

export const dashboardNotFound = () => new AppError('dashboard_not_found', 404, 'No such dashboard');
const widgetNotFound = () => new AppError('widget_not_found', 404, 'No such widget on this dashboard');
const annotationNotFound = () => new AppError('annotation_not_found', 404, 'No such annotation');
const sharedLinkNotFound = () => new AppError('shared_dashboard_not_found', 404, 'This link does not lead to a dashboard; it may have been turned off');
const analyticsNotShown = (what: keyof WidgetAnalytics) => new AppError('analytics_not_shown', 404, `This widget does not show its field’s ${what}`);

/** How long a dashboard stays in the cache; every change forgets it at once. */
const CACHE_SECONDS = 300;
const cacheKey = (dashboardId: string) => `dashboards:board:${dashboardId}`;
type CachedDashboard = Omit<DashboardRow, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

/** Points per series in a report chart: more than a printed chart can show. */
const REPORT_POINTS = 500;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Dashboards of an organisation: their layout, versions, public links and annotations. Reads go
 * through the platform cache (Redis when configured), forgotten on every change, as the seed's
 * rendering flow describes; widgets ask for their own data.
 */
export function dashboardsService(ctx: DashboardsContext, queries: QueryService) {
  const { db, policies, cache } = ctx;
  const shareTokens = createSecretBox(ctx.config.secrets.dataEncryption, 'dashboards-share');

  async function load(dashboardId: string): Promise<DashboardRow | undefined> {
    const cached = await cache.get<CachedDashboard>(cacheKey(dashboardId));
    if (cached) return { ...cached, createdAt: new Date(cached.createdAt), updatedAt: new Date(cached.updatedAt) };
    const row = await findDashboard(db, dashboardId);
    if (row) await cache.set<CachedDashboard>(cacheKey(dashboardId), { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }, CACHE_SECONDS);
    return row;
  }
  const forget = (dashboardId: string) => cache.delete(cacheKey(dashboardId));

  async function authorizeDashboard(actor: Actor, dashboardId: string, action: 'read' | 'edit' | 'annotate' | 'share' | 'delete'): Promise<DashboardRow> {
    const dashboard = await load(dashboardId);
    if (!dashboard) throw dashboardNotFound();
    await policies.authorize(actor, action, dashboardResource(dashboard));
    return dashboard;
  }

  async function create(actor: Actor, orgId: string, body: CreateDashboardBody): Promise<DashboardRow> {
    await policies.authorize(actor, 'create', dashboardCollectionResource(orgId));
    const values = createDashboardBodySchema.parse(body);
    return insertDashboard(db, { orgId, ...values, createdBy: actor.userId });
  }

  /** A widget of the dashboard and the stream it reads, which must be the dashboard organisation's. */
  async function widgetStream(dashboard: DashboardRow, widgetId: string): Promise<{ widget: Widget; stream: StreamRow }> {
    const widget = dashboard.config.widgets.find((w) => w.id === widgetId);
    if (!widget) throw widgetNotFound();
    const stream = await findStream(db, widget.query.streamId);
    if (stream?.orgId !== dashboard.orgId) throw new AppError('stream_not_found', 404, 'The stream of this widget is gone');
    return { widget, stream };
  }

  /** Data of one widget for a time range and variable values, from a stream of the dashboard's organisation. */
  async function widgetData(dashboard: DashboardRow, widgetId: string, range: { from?: string; to?: string; points: number }, variables: Record<string, string>): Promise<QueryResult> {
    const { widget, stream } = await widgetStream(dashboard, widgetId);
    const nowMs = Date.now();
    const fromMs = resolveTime(range.from ?? dashboard.config.timeRange.from, nowMs);
    const toMs = resolveTime(range.to ?? dashboard.config.timeRange.to, nowMs);
    // The stream query schema drops the widget's own keys (streamId, tags).
    const parsed = streamQuerySchema.parse({ ...widget.query, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), points: range.points });
    return queries.queryStream(stream, parsed, resolveTags(widget.query.tags, dashboard.config.variables, variables));
  }

  /** A variable's choices: the values its tag key takes in its stream, which must be the dashboard organisation's. */
  async function variableValues(dashboard: DashboardRow, name: string, query: VariableValuesQuery): Promise<VariableValues> {
    const variable = dashboard.config.variables.find((v) => v.name === name);
    if (!variable) throw new AppError('variable_not_found', 404, `The dashboard has no variable named "${name}"`);
    const stream = await findStream(db, variable.streamId);
    if (stream?.orgId !== dashboard.orgId) throw new AppError('stream_not_found', 404, 'The stream of this variable is gone');
    return { name, values: await tagValues(db, stream.id, variable.tagKey, query.q, query.limit) };
  }

  async function sharedDashboard(token: string): Promise<DashboardRow> {
    const dashboard = await findDashboardByShareHash(db, hashToken(token));
    if (!dashboard) throw sharedLinkNotFound();
    return dashboard;
  }

  /**
   * A widget's stream and field through a public link, for the analytics the widget draws: a link
   * reaches no other field, nor anything the widget does not show (a tag-filtered widget does not
   * show its whole field's).
   */
  async function sharedAnalyticsOf(token: string, widgetId: string, what: keyof WidgetAnalytics): Promise<{ streamId: string; field: string }> {
    const { widget, stream } = await widgetStream(await sharedDashboard(token), widgetId);
    if (!widgetAnalytics(widget)[what]) throw analyticsNotShown(what);
    return { streamId: stream.id, field: widget.query.field };
  }

  return {
    authorizeDashboard,

    async variableValues(actor: Actor, dashboardId: string, name: string, query: VariableValuesQuery) {
      return variableValues(await authorizeDashboard(actor, dashboardId, 'read'), name, query);
    },

    async sharedVariableValues(token: string, name: string, query: VariableValuesQuery) {
      return variableValues(await sharedDashboard(token), name, query);
    },

    /** The people who made these rows, for presenting them. */
    people: (rows: { createdBy: string | null }[]) => directory.userSummaries(db, rows.flatMap((row) => (row.createdBy ? [row.createdBy] : []))),

    create: (actor: Actor, orgId: string, body: CreateDashboardBody, idempotencyKey?: string) =>
      createOnce(cache, {
        scope: `dashboards:dashboard-create:${actor.userId}:${orgId}`,
        key: idempotencyKey,
        create: () => create(actor, orgId, body),
        idOf: (row) => row.id,
        reload: (id) => findDashboard(db, id),
      }),

    async list(actor: Actor, orgId: string, query: DashboardListQuery) {
      const role = await policies.authorize(actor, 'list', dashboardCollectionResource(orgId));
      const seesAllPrivate = role === 'owner' || role === 'admin';
      const rows = await listDashboards(db, { orgId, q: query.q, readerId: actor.userId, seesAllPrivate }, decodeCursor(query.cursor), query.limit);
      return pageOf(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
    },

    async get(actor: Actor, dashboardId: string) {
      const dashboard = await authorizeDashboard(actor, dashboardId, 'read');
      return { dashboard, policies: await policies.policiesFor(actor, dashboardResource(dashboard)) };
    },

    async update(actor: Actor, dashboardId: string, { version, ...changes }: UpdateDashboardBody): Promise<DashboardRow> {
      const dashboard = await authorizeDashboard(actor, dashboardId, 'edit');
      if (changes.visibility && changes.visibility !== dashboard.visibility) await policies.authorize(actor, 'share', dashboardResource(dashboard));
      const parsed = changes.config ? { ...changes, config: createDashboardBodySchema.shape.config.parse(changes.config) } : { ...changes, config: undefined };
      const row = await updateDashboardAt(db, dashboardId, version, {
        title: parsed.title,
        description: parsed.description,
        visibility: parsed.visibility,
        config: parsed.config,
      });
      await forget(dashboardId);
      if (!row) {
        const current = await findDashboard(db, dashboardId);
        if (!current) throw dashboardNotFound();
        throw new AppError('dashboard_changed', 409, 'Someone saved this dashboard after you opened it; reload to see their changes', { version: current.version });
      }
      return row;
    },

    async remove(actor: Actor, dashboardId: string): Promise<void> {
      await authorizeDashboard(actor, dashboardId, 'delete');
      await deleteDashboard(db, dashboardId);
      await forget(dashboardId);
    },

    async exportDashboard(actor: Actor, dashboardId: string): Promise<DashboardExport> {
      const dashboard = await authorizeDashboard(actor, dashboardId, 'read');
      return { format: DASHBOARD_EXPORT_FORMAT, title: dashboard.title, description: dashboard.description, config: dashboard.config };
    },

    /** A dashboard from an exported file; widgets must read streams of this organisation. */
    async importDashboard(actor: Actor, orgId: string, file: unknown): Promise<DashboardRow> {
      const parsed = dashboardExportSchema.safeParse(file);
      if (!parsed.success) {
        throw new AppError('invalid_dashboard_file', 400, `This is not a Fluxworks dashboard file: ${parsed.error.issues[0]?.message ?? 'unreadable'}`, {
          issues: parsed.error.issues.slice(0, 10).map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        });
      }
      for (const streamId of new Set([...parsed.data.config.widgets.map((w) => w.query.streamId), ...parsed.data.config.variables.map((v) => v.streamId)])) {
        if ((await findStream(db, streamId))?.orgId !== orgId) {
          throw new AppError('stream_not_found', 422, `The file refers to stream ${streamId}, which this organisation does not have; point its widgets at your streams first`);
        }
      }
      return create(actor, orgId, { title: parsed.data.title, description: parsed.data.description, config: parsed.data.config });
    },

    /** Turns the public read-only link on (keeping an existing one) and answers it. */
    async share(actor: Actor, dashboardId: string): Promise<string> {
      const dashboard = await authorizeDashboard(actor, dashboardId, 'share');
      const existing = dashboard.shareTokenSealed ? shareTokens.open(dashboard.shareTokenSealed) : undefined;
      if (existing) return existing;
      const token = randomBytes(24).toString('base64url');
      await setShareToken(db, dashboardId, { hash: hashToken(token), sealed: shareTokens.seal(token) });
      await forget(dashboardId);
      return token;
    },

    /** The current public link's token, for people who may share the dashboard. */
    async shareToken(actor: Actor, dashboardId: string): Promise<string | undefined> {
      const dashboard = await authorizeDashboard(actor, dashboardId, 'share');
      return dashboard.shareTokenSealed ? shareTokens.open(dashboard.shareTokenSealed) : undefined;
    },

    async unshare(actor: Actor, dashboardId: string): Promise<void> {
      await authorizeDashboard(actor, dashboardId, 'share');
      await setShareToken(db, dashboardId, null);
      await forget(dashboardId);
    },

    async widgetData(actor: Actor, dashboardId: string, widgetId: string, range: { from?: string; to?: string; points: number }, variables: Record<string, string>) {
      const dashboard = await authorizeDashboard(actor, dashboardId, 'read');
      return widgetData(dashboard, widgetId, range, variables);
    },

    /** Everything a report of the dashboard shows, over its own time range at `nowMs`; a widget that cannot be read says why. */
    async reportContent(dashboardId: string, nowMs = Date.now()): Promise<ReportContent | undefined> {
      const dashboard = await findDashboard(db, dashboardId);
      if (!dashboard) return undefined;
      const fromMs = resolveTime(dashboard.config.timeRange.from, nowMs);
      const toMs = resolveTime(dashboard.config.timeRange.to, nowMs);
      const range = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), points: REPORT_POINTS };
      const widgets: ReportWidget[] = [];
      for (const widget of dashboard.config.widgets) {
        const data = await widgetData(dashboard, widget.id, range, {}).catch((err: unknown) => ({ error: err instanceof AppError ? err.message : 'This widget could not be read' }));
        widgets.push({ widget, data });
      }
      return { title: dashboard.title, description: dashboard.description, fromMs, toMs, widgets };
    },

    /** What a public link shows: the dashboard's layout, never who made it. */
    sharedDashboard,

    /** A widget's data through a public link: only the widgets of that dashboard, read-only. */
    async sharedWidgetData(token: string, widgetId: string, range: { from?: string; to?: string; points: number }, variables: Record<string, string>) {
      return widgetData(await sharedDashboard(token), widgetId, range, variables);
    },

    /** The anomalies a public link's widget marks between two instants. */
    async sharedWidgetAnomalies(token: string, widgetId: string, from: string, to: string) {
      const { streamId, field } = await sharedAnalyticsOf(token, widgetId, 'anomalies');
      return listAnomalies(db, streamId, field, new Date(from), new Date(to));
    },

    /** The forecast a public link's widget draws; undefined before there is one. */
    async sharedWidgetForecast(token: string, widgetId: string) {
      const { streamId, field } = await sharedAnalyticsOf(token, widgetId, 'forecast');
      return findForecast(db, streamId, field);
    },

    async annotations(actor: Actor, dashboardId: string, from: string, to: string): Promise<AnnotationRow[]> {
      await authorizeDashboard(actor, dashboardId, 'read');
      return listAnnotations(db, dashboardId, new Date(from), new Date(to));
    },

    async annotate(actor: Actor, dashboardId: string, body: CreateAnnotationBody): Promise<AnnotationRow> {
      await authorizeDashboard(actor, dashboardId, 'annotate');
      const values = createAnnotationBodySchema.parse(body);
      return insertAnnotation(db, {
        dashboardId,
        time: new Date(values.time),
        timeEnd: values.timeEnd ? new Date(values.timeEnd) : null,
        text: values.text,
        tags: values.tags,
        createdBy: actor.userId,
      });
    },

    /** Authors remove their annotations; editors of the dashboard remove anyone's. */
    async removeAnnotation(actor: Actor, annotationId: string): Promise<void> {
      const annotation = await findAnnotation(db, annotationId);
      if (!annotation) throw annotationNotFound();
      try {
        await authorizeDashboard(actor, annotation.dashboardId, annotation.createdBy === actor.userId ? 'annotate' : 'edit');
      } catch (err) {
        if (err instanceof AppError && err.status === 404) throw annotationNotFound();
        throw err;
      }
      await deleteAnnotation(db, annotationId);
    },
  };
}

export type DashboardsService = ReturnType<typeof dashboardsService>;
