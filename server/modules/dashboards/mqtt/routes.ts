import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createMqttSourceBodySchema, mqttSourceSchema, updateMqttSourceBodySchema } from '../../../../common/dashboards-mqtt.ts';
import { presentMqttSource, type MqttSourcesService } from './service.ts';

const tags = ['streams'];
const orgParams = z.object({ orgId: z.uuid() });
const sourceParams = z.object({ sourceId: z.uuid() });

/** MQTT sources: broker topics whose messages become points (organisation admins). */
export const mqttSourceRoutes: FastifyPluginAsyncZod<{ sources: MqttSourcesService }> = async (app, { sources }) => {
  app.get(
    '/orgs/:orgId/mqtt-sources',
    { schema: { tags, summary: 'MQTT sources of an organisation with what each has received (admins)', params: orgParams, response: { 200: z.object({ items: z.array(mqttSourceSchema) }) } } },
    async (req) => ({ items: (await sources.list(req.actor, req.params.orgId)).map(presentMqttSource) }),
  );

  app.post(
    '/orgs/:orgId/mqtt-sources',
    { schema: { tags, summary: 'Subscribe to a broker topic: JSON points into one stream, or line protocol by measurement (admins)', params: orgParams, body: createMqttSourceBodySchema, response: { 201: mqttSourceSchema } } },
    async (req, reply) => reply.status(201).send(presentMqttSource(await sources.create(req.actor, req.params.orgId, req.body))),
  );

  app.patch(
    '/mqtt-sources/:sourceId',
    { schema: { tags, summary: 'Rename, pause or resume a source (admins)', params: sourceParams, body: updateMqttSourceBodySchema, response: { 200: mqttSourceSchema } } },
    async (req) => presentMqttSource(await sources.update(req.actor, req.params.sourceId, req.body)),
  );

  app.delete('/mqtt-sources/:sourceId', { schema: { tags, summary: 'Stop and remove a source (admins)', params: sourceParams } }, async (req, reply) => {
    await sources.remove(req.actor, req.params.sourceId);
    return reply.status(204).send();
  });
};
