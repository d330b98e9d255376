import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { anomalyListSchema, anomalyRangeSchema, forecastSchema } from '../../../../common/dashboards-analytics.ts';
import { queryResultSchema } from '../../../../common/dashboards-streams.ts';
import {
  annotationListQuerySchema,
  annotationSchema,
  createAnnotationBodySchema,
  createDashboardBodySchema,
  dashboardDetailSchema,
  dashboardExportSchema,
  dashboardLimits,
  dashboardListQuerySchema,
  dashboardSchema,
  publicDashboardSchema,
  shareLinkSchema,
  updateDashboardBodySchema,
  variableValuesQuerySchema,
  variableValuesSchema,
  widgetDataQuerySchema,
} from '../../../../common/dashboards.ts';
import { pageSchema } from '../../../../common/organizations.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { presentAnomaly, presentForecast } from '../analytics/presenter.ts';
import { presentAnnotation, presentDashboard } from './presenter.ts';
import type { DashboardsService } from './service.ts';

const tags = ['dashboards'];
const orgParams = z.object({ orgId: z.uuid() });
const dashboardParams = z.object({ dashboardId: z.uuid() });
const widgetParams = dashboardParams.extend({ widgetId: z.string().min(1).max(64) });
const shareParams = z.object({ token: z.string().min(16).max(64) });
const sharedWidgetParams = shareParams.extend({ widgetId: z.string().min(1).max(64) });
const variableName = z.string().min(1).max(32);
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const VARIABLE_PARAMETER = 'var.';
const widgetDataParameters = widgetDataQuerySchema.loose();

/** `var.<name>=<value>` query parameters: the dashboard's variables as the viewer set them. */
function variablesOf(query: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name in widgetDataQuerySchema.shape) continue;
    if (!name.startsWith(VARIABLE_PARAMETER) || typeof value !== 'string') {
      throw new AppError('validation_failed', 400, `Unknown query parameter "${name}"; set variables with var.<name>=<value>`);
    }
    values[name.slice(VARIABLE_PARAMETER.length)] = value;
  }
  return values;
}

/** The shared dashboard's address: the web app's read-only page, which reads the `/shared/dashboards/:token` endpoints below. */
const shareUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/shared/dashboards/${token}`;

/** Dashboards for signed-in people: CRUD, import and export, public links, widget data, annotations. */
export const dashboardRoutes: FastifyPluginAsyncZod<{ dashboards: DashboardsService; publicUrl: string }> = async (app, { dashboards, publicUrl }) => {
  const present = async (row: Parameters<typeof presentDashboard>[0]) => presentDashboard(row, await dashboards.people([row]));

  app.get(
    '/orgs/:orgId/dashboards',
    { schema: { tags, summary: 'Dashboards of an organisation the actor may see, newest first', params: orgParams, querystring: dashboardListQuerySchema, response: { 200: pageSchema(dashboardSchema) } } },
    async (req) => {
      const page = await dashboards.list(req.actor, req.params.orgId, req.query);
      const people = await dashboards.people(page.rows);
      return { items: page.rows.map((row) => presentDashboard(row, people)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/orgs/:orgId/dashboards',
    { schema: { tags, summary: 'Create a dashboard (members); accepts an Idempotency-Key', params: orgParams, headers: idempotencyHeaders, body: createDashboardBodySchema, response: { 201: dashboardSchema } } },
    async (req, reply) => reply.status(201).send(await present(await dashboards.create(req.actor, req.params.orgId, req.body, req.headers['idempotency-key']))),
  );

  app.post(
    '/orgs/:orgId/dashboards/import',
    { bodyLimit: dashboardLimits.importBytes, schema: { tags, summary: 'Create a dashboard from an exported file', params: orgParams, body: z.unknown(), response: { 201: dashboardSchema } } },
    async (req, reply) => reply.status(201).send(await present(await dashboards.importDashboard(req.actor, req.params.orgId, req.body))),
  );

  app.get(
    '/dashboards/:dashboardId',
    { schema: { tags, summary: 'A dashboard and what the actor may do with it', params: dashboardParams, response: { 200: dashboardDetailSchema } } },
    async (req) => {
      const { dashboard, policies } = await dashboards.get(req.actor, req.params.dashboardId);
      return { dashboard: await present(dashboard), policies };
    },
  );

  app.patch(
    '/dashboards/:dashboardId',
    { schema: { tags, summary: 'Save changes made from `version`; 409 dashboard_changed when someone saved in between', params: dashboardParams, body: updateDashboardBodySchema, response: { 200: dashboardSchema } } },
    async (req) => present(await dashboards.update(req.actor, req.params.dashboardId, req.body)),
  );

  app.delete('/dashboards/:dashboardId', { schema: { tags, summary: 'Delete a dashboard (its creator or admins)', params: dashboardParams } }, async (req, reply) => {
    await dashboards.remove(req.actor, req.params.dashboardId);
    return reply.status(204).send();
  });

  app.get(
    '/dashboards/:dashboardId/export',
    { schema: { tags, summary: 'The dashboard as a file to import elsewhere', params: dashboardParams, response: { 200: dashboardExportSchema } } },
    async (req, reply) => {
      const file = await dashboards.exportDashboard(req.actor, req.params.dashboardId);
      return reply.header('content-disposition', `attachment; filename="dashboard-${req.params.dashboardId}.json"`).send(file);
    },
  );

  app.get(
    '/dashboards/:dashboardId/widgets/:widgetId/data',
    { schema: { tags, summary: 'One widget’s data for a time range (now-6h, ISO) and var.<name>=<value> variables', params: widgetParams, querystring: widgetDataParameters, response: { 200: queryResultSchema } } },
    async (req) => dashboards.widgetData(req.actor, req.params.dashboardId, req.params.widgetId, req.query, variablesOf(req.query)),
  );

  app.get(
    '/dashboards/:dashboardId/variables/:name/values',
    {
      schema: {
        tags,
        summary: 'The values a variable can take: its tag key’s values in its stream; q narrows them',
        params: dashboardParams.extend({ name: variableName }),
        querystring: variableValuesQuerySchema,
        response: { 200: variableValuesSchema },
      },
    },
    async (req) => dashboards.variableValues(req.actor, req.params.dashboardId, req.params.name, req.query),
  );

  app.get(
    '/dashboards/:dashboardId/share',
    { schema: { tags, summary: 'The public read-only link, if one is on', params: dashboardParams, response: { 200: shareLinkSchema.nullable() } } },
    async (req) => {
      const token = await dashboards.shareToken(req.actor, req.params.dashboardId);
      return token ? { token, url: shareUrl(publicUrl, token) } : null;
    },
  );

  app.put(
    '/dashboards/:dashboardId/share',
    { schema: { tags, summary: 'Turn on a public read-only link (creator or admins)', params: dashboardParams, response: { 200: shareLinkSchema } } },
    async (req) => {
      const token = await dashboards.share(req.actor, req.params.dashboardId);
      return { token, url: shareUrl(publicUrl, token) };
    },
  );

  app.delete('/dashboards/:dashboardId/share', { schema: { tags, summary: 'Turn the public link off', params: dashboardParams } }, async (req, reply) => {
    await dashboards.unshare(req.actor, req.params.dashboardId);
    return reply.status(204).send();
  });

  app.get(
    '/dashboards/:dashboardId/annotations',
    { schema: { tags, summary: 'Annotations touching a time range', params: dashboardParams, querystring: annotationListQuerySchema, response: { 200: z.object({ items: z.array(annotationSchema) }) } } },
    async (req) => {
      const rows = await dashboards.annotations(req.actor, req.params.dashboardId, req.query.from, req.query.to);
      const people = await dashboards.people(rows);
      return { items: rows.map((row) => presentAnnotation(row, people)) };
    },
  );

  app.post(
    '/dashboards/:dashboardId/annotations',
    { schema: { tags, summary: 'Mark a moment or a span (members)', params: dashboardParams, body: createAnnotationBodySchema, response: { 201: annotationSchema } } },
    async (req, reply) => {
      const row = await dashboards.annotate(req.actor, req.params.dashboardId, req.body);
      return reply.status(201).send(presentAnnotation(row, await dashboards.people([row])));
    },
  );

  app.delete('/annotations/:annotationId', { schema: { tags, summary: 'Remove an annotation (its author or the dashboard’s editors)', params: z.object({ annotationId: z.uuid() }) } }, async (req, reply) => {
    await dashboards.removeAnnotation(req.actor, req.params.annotationId);
    return reply.status(204).send();
  });
};

/** What a public link reaches without signing in: the layout, each widget's data and the analytics it draws, read-only. */
export const sharedDashboardRoutes: FastifyPluginAsyncZod<{ dashboards: DashboardsService }> = async (app, { dashboards }) => {
  app.get(
    '/shared/dashboards/:token',
    { schema: { tags, summary: 'A dashboard shared by public link (no sign-in)', security: [], params: shareParams, response: { 200: publicDashboardSchema } } },
    async (req) => {
      const { title, description, config } = await dashboards.sharedDashboard(req.params.token);
      return { title, description, config };
    },
  );

  app.get(
    '/shared/dashboards/:token/widgets/:widgetId/data',
    {
      schema: {
        tags,
        summary: 'A widget’s data through a public link (no sign-in)',
        security: [],
        params: sharedWidgetParams,
        querystring: widgetDataParameters,
        response: { 200: queryResultSchema },
      },
    },
    async (req) => dashboards.sharedWidgetData(req.params.token, req.params.widgetId, req.query, variablesOf(req.query)),
  );

  // The widget names its stream and field; a link takes no other, so unknown parameters are refused rather than ignored.
  app.get(
    '/shared/dashboards/:token/widgets/:widgetId/anomalies',
    {
      schema: {
        tags,
        summary: 'The anomalies a widget marks, of its own field, through a public link (no sign-in)',
        security: [],
        params: sharedWidgetParams,
        querystring: z.strictObject(anomalyRangeSchema.shape),
        response: { 200: anomalyListSchema },
      },
    },
    async (req) => ({ items: (await dashboards.sharedWidgetAnomalies(req.params.token, req.params.widgetId, req.query.from, req.query.to)).map(presentAnomaly) }),
  );

  app.get(
    '/shared/dashboards/:token/widgets/:widgetId/forecast',
    {
      schema: {
        tags,
        summary: 'The forecast a widget draws, of its own field, through a public link (no sign-in; null before there is one)',
        security: [],
        params: sharedWidgetParams,
        querystring: z.strictObject({}),
        response: { 200: forecastSchema.nullable() },
      },
    },
    async (req) => presentForecast(await dashboards.sharedWidgetForecast(req.params.token, req.params.widgetId)),
  );

  app.get(
    '/shared/dashboards/:token/variables/:name/values',
    {
      schema: {
        tags,
        summary: 'The values a variable can take, through a public link (no sign-in)',
        security: [],
        params: shareParams.extend({ name: variableName }),
        querystring: variableValuesQuerySchema,
        response: { 200: variableValuesSchema },
      },
    },
    async (req) => dashboards.sharedVariableValues(req.params.token, req.params.name, req.query),
  );
};
