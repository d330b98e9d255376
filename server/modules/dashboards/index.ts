import type { FastifyInstance } from 'fastify';
import { registerAlertJobs } from './alerts/jobs.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { analyticsService } from './analytics/service.ts';
import { alertRoutes } from './alerts/routes.ts';
import { alertsService } from './alerts/service.ts';
import { dashboardCollectionPolicy, dashboardPolicy } from './boards/policy.ts';
import { dashboardRoutes, sharedDashboardRoutes } from './boards/routes.ts';
import { dashboardsService } from './boards/service.ts';
import { mqttSourceRoutes } from './mqtt/routes.ts';
import { mqttSourcesService } from './mqtt/service.ts';
import { startMqttSubscriptions } from './mqtt/subscriber.ts';
import { streamCollectionPolicy, streamPolicy } from './policy.ts';
import { reportRoutes } from './reports/routes.ts';
import { reportsService } from './reports/service.ts';
import { ingestService } from './streams/ingest.service.ts';
import { registerStreamJobs } from './streams/jobs.ts';
import { registerLiveStreams } from './streams/live.ts';
import { registerSocketWrites } from './streams/socket-writes.ts';
import { queryService } from './streams/query.service.ts';
import { streamRoutes } from './streams/routes.ts';
import { streamsService } from './streams/streams.service.ts';

/** Anomalies, forecasts and insights are computed hourly, a few minutes past the hour. */
const ANALYTICS_QUEUE = 'dashboards.analytics';
/** Due report schedules are looked for every minute. */
const REPORTS_QUEUE = 'dashboards.reports';

/**
 * Data streams (ingestion over HTTP, Socket.IO and MQTT; rollups, retention, range queries, live
 * subscriptions), the dashboards built on them, alerts, analytics and scheduled reports.
 */
export async function dashboardsModule(app: FastifyInstance): Promise<void> {
  app.policies.define(streamCollectionPolicy);
  app.policies.define(streamPolicy);
  app.policies.define(dashboardCollectionPolicy);
  app.policies.define(dashboardPolicy);
  const streams = streamsService(app);
  const live = registerLiveStreams(app, streams);
  const ingest = ingestService(app, streams, live);
  registerSocketWrites(live.namespace, ingest, app.log);
  const queries = queryService(app, streams);
  const sources = mqttSourcesService(app, streams);
  const dashboards = dashboardsService(app, queries);
  const alerts = alertsService(app, streams);
  const analytics = analyticsService(app, streams, queries);
  const reports = reportsService(app, dashboards);
  await registerStreamJobs(app);
  await app.jobs.work(ANALYTICS_QUEUE, async (job) => ({ streams: await analytics.analyzeAll(Date.now(), (percent) => job.progress(percent)) }));
  await app.jobs.schedule(ANALYTICS_QUEUE, '7 * * * *');
  await app.jobs.work(REPORTS_QUEUE, async (job) => ({ reports: await reports.runDue(new Date(), (percent) => job.progress(percent)) }));
  await app.jobs.schedule(REPORTS_QUEUE, '* * * * *');
  await registerAlertJobs(app, alerts);
  if (app.jobs.runsWorkers) startMqttSubscriptions(app, { sources, ingest });

  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', (req) => app.authenticate(req));
    await authenticated.register(streamRoutes, { streams, ingest, queries });
    await authenticated.register(mqttSourceRoutes, { sources });
    await authenticated.register(dashboardRoutes, { dashboards, publicUrl: app.config.publicUrl });
    await authenticated.register(alertRoutes, { alerts });
    await authenticated.register(analyticsRoutes, { analytics });
    await authenticated.register(reportRoutes, { reports });
  });
  await app.register(sharedDashboardRoutes, { dashboards });
}
