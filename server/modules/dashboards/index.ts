import type { FastifyInstance } from 'fastify';
import { mqttSourceRoutes } from './mqtt/routes.ts';
import { mqttSourcesService } from './mqtt/service.ts';
import { startMqttSubscriptions } from './mqtt/subscriber.ts';
import { streamCollectionPolicy, streamPolicy } from './policy.ts';
import { ingestService } from './streams/ingest.service.ts';
import { registerStreamJobs } from './streams/jobs.ts';
import { registerLiveStreams } from './streams/live.ts';
import { registerSocketWrites } from './streams/socket-writes.ts';
import { queryService } from './streams/query.service.ts';
import { streamRoutes } from './streams/routes.ts';
import { streamsService } from './streams/streams.service.ts';

/** Data streams: ingestion (HTTP, Socket.IO, MQTT), storage with rollups and retention, range queries, live subscriptions. */
export async function dashboardsModule(app: FastifyInstance): Promise<void> {
  app.policies.define(streamCollectionPolicy);
  app.policies.define(streamPolicy);
  const streams = streamsService(app);
  const live = registerLiveStreams(app, streams);
  const ingest = ingestService(app, streams, live);
  registerSocketWrites(live.namespace, ingest, app.log);
  const queries = queryService(app, streams);
  const sources = mqttSourcesService(app, streams);
  await registerStreamJobs(app);
  if (app.jobs.runsWorkers) startMqttSubscriptions(app, { sources, ingest });

  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', (req) => app.authenticate(req));
    await authenticated.register(streamRoutes, { streams, ingest, queries });
    await authenticated.register(mqttSourceRoutes, { sources });
  });
}
