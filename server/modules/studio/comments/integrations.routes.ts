import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createIntegrationBodySchema,
  deliveryListQuerySchema,
  deliveryPageSchema,
  deliverySchema,
  integrationSchema,
  integrationWithSecretSchema,
  updateIntegrationBodySchema,
} from '../../../../common/studio-integrations.ts';
import { presentDelivery, presentIntegration } from './integrations.presenter.ts';
import type { IntegrationsService } from './integrations.service.ts';

const tags = ['integrations'];
const projectParams = z.object({ projectId: z.uuid() });
const integrationParams = z.object({ integrationId: z.uuid() });

export const integrationRoutes: FastifyPluginAsyncZod<{ integrations: IntegrationsService }> = async (app, { integrations }) => {
  app.get(
    '/projects/:projectId/integrations',
    { schema: { tags, summary: 'The project’s Slack and webhook integrations (project admins)', params: projectParams, response: { 200: z.object({ items: z.array(integrationSchema) }) } } },
    async (req) => ({ items: (await integrations.list(req.actor, req.params.projectId)).map(presentIntegration) }),
  );

  app.post(
    '/projects/:projectId/integrations',
    {
      schema: {
        tags,
        summary: 'Add a Slack incoming webhook or a signed outgoing webhook; a webhook’s secret is returned this once (project admins)',
        params: projectParams,
        body: createIntegrationBodySchema,
        response: { 201: integrationWithSecretSchema },
      },
    },
    async (req, reply) => {
      const { view, secret } = await integrations.create(req.actor, req.params.projectId, req.body);
      return reply.status(201).send({ integration: presentIntegration(view), secret });
    },
  );

  app.patch(
    '/integrations/:integrationId',
    { schema: { tags, summary: 'Rename, retarget, change events or turn an integration on or off', params: integrationParams, body: updateIntegrationBodySchema, response: { 200: integrationSchema } } },
    async (req) => presentIntegration(await integrations.update(req.actor, req.params.integrationId, req.body)),
  );

  app.post(
    '/integrations/:integrationId/rotate-secret',
    { schema: { tags, summary: 'Replace a webhook’s signing secret; the new one is returned this once', params: integrationParams, response: { 200: integrationWithSecretSchema } } },
    async (req) => {
      const { view, secret } = await integrations.rotateSecret(req.actor, req.params.integrationId);
      return { integration: presentIntegration(view), secret };
    },
  );

  app.delete(
    '/integrations/:integrationId',
    { schema: { tags, summary: 'Remove an integration and its delivery log', params: integrationParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await integrations.remove(req.actor, req.params.integrationId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/integrations/:integrationId/test',
    { schema: { tags, summary: 'Queue a `ping` event to the integration', params: integrationParams, response: { 202: deliverySchema } } },
    async (req, reply) => reply.status(202).send(presentDelivery(await integrations.sendTest(req.actor, req.params.integrationId))),
  );

  app.get(
    '/integrations/:integrationId/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first: each event with its status and every attempt (status code, error)',
        params: integrationParams,
        querystring: deliveryListQuerySchema,
        response: { 200: deliveryPageSchema },
      },
    },
    async (req) => {
      const page = await integrations.listDeliveries(req.actor, req.params.integrationId, req.query);
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );
};
