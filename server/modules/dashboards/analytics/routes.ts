import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { anomalyListSchema, anomalyRangeSchema, forecastSchema, insightSchema } from '../../../../common/dashboards-analytics.ts';
import { presentAnomaly, presentForecast } from './presenter.ts';
import type { AnalyticsService } from './service.ts';

const tags = ['analytics'];
const streamParams = z.object({ streamId: z.uuid() });
const field = z.string().min(1).max(64);
/** What the hourly analytics found: anomalies, forecasts and plain-language insights. */
export const analyticsRoutes: FastifyPluginAsyncZod<{ analytics: AnalyticsService }> = async (app, { analytics }) => {
  app.get(
    '/streams/:streamId/anomalies',
    {
      schema: {
        tags,
        summary: 'Hours of a field that stood out from the day before them (charts draw them as annotations)',
        params: streamParams,
        querystring: anomalyRangeSchema.extend({ field }),
        response: { 200: anomalyListSchema },
      },
    },
    async (req) => ({ items: (await analytics.anomalies(req.actor, req.params.streamId, req.query.field, req.query.from, req.query.to)).map(presentAnomaly) }),
  );

  app.get(
    '/streams/:streamId/forecast',
    { schema: { tags, summary: 'The next 24 hours of a field, with a 95% band (null before there are two days of data)', params: streamParams, querystring: z.object({ field }), response: { 200: forecastSchema.nullable() } } },
    async (req) => presentForecast(await analytics.forecast(req.actor, req.params.streamId, req.query.field)),
  );

  app.get(
    '/orgs/:orgId/insights',
    { schema: { tags, summary: 'The latest findings across the organisation’s streams, or one stream’s', params: z.object({ orgId: z.uuid() }), querystring: z.object({ streamId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(insightSchema) }) } } },
    async (req) => ({
      items: (await analytics.insights(req.actor, req.params.orgId, req.query.streamId)).map((row) => ({ ...row, computedAt: row.computedAt.toISOString() })),
    }),
  );
};
