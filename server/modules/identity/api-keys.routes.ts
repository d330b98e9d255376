import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeySchema, createApiKeyBodySchema, createdApiKeySchema, pageQuerySchema, pageSchema } from '../../../common/organizations.ts';
import { presentApiKey } from './organization.presenter.ts';
import { deviceOf, type OrgRoutesOptions } from './org-services.ts';

const tags = ['api-keys'];
const orgParams = z.object({ orgId: z.uuid() });

export const apiKeyRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { services }) => {
  const { apiKeys } = services;

  app.post(
    '/orgs/:orgId/api-keys',
    {
      schema: {
        tags,
        summary: 'Create a scoped API key (admins); the secret is shown in this response only',
        params: orgParams,
        body: createApiKeyBodySchema,
        response: { 201: createdApiKeySchema },
      },
    },
    async (req, reply) => {
      const { apiKey, secret } = await apiKeys.create(req.actor, req.params.orgId, req.body, deviceOf(req));
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ apiKey: presentApiKey(apiKey), secret });
    },
  );

  app.get(
    '/orgs/:orgId/api-keys',
    { schema: { tags, summary: 'The organisation’s API keys, with when each was last used (admins)', params: orgParams, querystring: pageQuerySchema, response: { 200: pageSchema(apiKeySchema) } } },
    async (req) => {
      const page = await apiKeys.list(req.actor, req.params.orgId, req.query);
      return { items: page.rows.map(presentApiKey), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    '/orgs/:orgId/api-keys/:keyId',
    { schema: { tags, summary: 'Revoke an API key; it stops working at once (admins)', params: orgParams.extend({ keyId: z.uuid() }), response: { 204: z.null() } } },
    async (req, reply) => {
      await apiKeys.revoke(req.actor, req.params.orgId, req.params.keyId, deviceOf(req));
      return reply.status(204).send(null);
    },
  );
};
