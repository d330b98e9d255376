import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createReportBodySchema, reportSchema } from '../../../../common/dashboards-reports.ts';
import { presentReport, type ReportsService } from './service.ts';

const tags = ['dashboards'];
const dashboardParams = z.object({ dashboardId: z.uuid() });
const reportParams = z.object({ reportId: z.uuid() });

/** Report schedules of a dashboard: PDF or PNG, daily or weekly, mailed as a link. */
export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = async (app, { reports }) => {
  app.get(
    '/dashboards/:dashboardId/reports',
    { schema: { tags, summary: 'Report schedules of a dashboard', params: dashboardParams, response: { 200: z.object({ items: z.array(reportSchema) }) } } },
    async (req) => ({ items: (await reports.list(req.actor, req.params.dashboardId)).map(presentReport) }),
  );

  app.post(
    '/dashboards/:dashboardId/reports',
    { schema: { tags, summary: 'Schedule a report (editors of the dashboard)', params: dashboardParams, body: createReportBodySchema, response: { 201: reportSchema } } },
    async (req, reply) => reply.status(201).send(presentReport(await reports.create(req.actor, req.params.dashboardId, req.body))),
  );

  app.post('/reports/:reportId/send', { schema: { tags, summary: 'Render and mail the report now', params: reportParams } }, async (req, reply) => {
    await reports.sendNow(req.actor, req.params.reportId);
    return reply.status(204).send();
  });

  app.delete('/reports/:reportId', { schema: { tags, summary: 'Stop and remove a schedule', params: reportParams } }, async (req, reply) => {
    await reports.remove(req.actor, req.params.reportId);
    return reply.status(204).send();
  });
};
