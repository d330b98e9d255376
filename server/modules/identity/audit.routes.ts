import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEventSchema, auditQuerySchema, pageSchema } from '../../../common/organizations.ts';
import { presentAuditEvent } from './organization.presenter.ts';
import type { OrgRoutesOptions } from './org-services.ts';

export const auditRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { services }) => {
  app.get(
    '/orgs/:orgId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Security events of the organisation and of its members, newest first (admins)',
        params: z.object({ orgId: z.uuid() }),
        querystring: auditQuerySchema,
        response: { 200: pageSchema(auditEventSchema) },
      },
    },
    async (req) => {
      const page = await services.audit.list(req.actor, req.params.orgId, req.query);
      return { items: page.rows.map(presentAuditEvent), nextCursor: page.nextCursor };
    },
  );
};
