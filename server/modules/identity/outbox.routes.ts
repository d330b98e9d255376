import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { outboxMessageSchema, pageQuerySchema, pageSchema } from '../../../common/organizations.ts';
import { presentOutboxMessage } from './organization.presenter.ts';
import type { OrgRoutesOptions } from './org-services.ts';

export const outboxRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { services }) => {
  app.get(
    '/admin/outbox',
    {
      schema: {
        tags: ['admin'],
        summary: 'Sent mail: everything for platform admins, one’s own mail for others in embedded mode',
        querystring: pageQuerySchema,
        response: { 200: pageSchema(outboxMessageSchema) },
      },
    },
    async (req) => {
      const page = await services.outbox.list(req.actor, req.query);
      return { items: page.rows.map(presentOutboxMessage), nextCursor: page.nextCursor };
    },
  );
};
