import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changeRoleBodySchema,
  createOrganizationBodySchema,
  memberSchema,
  organizationDetailSchema,
  organizationWithRoleSchema,
  pageQuerySchema,
  pageSchema,
  updateOrganizationBodySchema,
} from '../../../common/organizations.ts';
import { apiKeyRoutes } from './api-keys.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { invitationRoutes, publicInvitationRoutes } from './invitations.routes.ts';
import { presentMember, presentOrganization } from './organization.presenter.ts';
import { registerIdentityAccess } from './organizations.access.ts';
import type { OrganizationDetail, OrganizationWithRole } from './organizations.service.ts';
import { createOrgServices, deviceOf, type OrgRoutesOptions } from './org-services.ts';
import { outboxRoutes } from './outbox.routes.ts';
import { teamRoutes } from './teams.routes.ts';

const tags = ['organizations'];
const orgParams = z.object({ orgId: z.uuid() });
const memberParams = orgParams.extend({ userId: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

const withRole = ({ organization, role }: OrganizationWithRole) => ({ organization: presentOrganization(organization), role });
const withPolicies = (detail: OrganizationDetail) => ({ ...withRole(detail), policies: detail.policies });

/** Organisations, memberships, teams, invitations, API keys, the audit log and the outbox reader. */
export async function organizationRoutes(app: FastifyInstance): Promise<void> {
  const services = createOrgServices(app);
  registerIdentityAccess(app, services.apiKeys);

  await app.register(publicInvitationRoutes, { services });
  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', (req) => app.authenticate(req));
    await authenticated.register(organizationCoreRoutes, { services });
    await authenticated.register(invitationRoutes, { services });
    await authenticated.register(teamRoutes, { services });
    await authenticated.register(apiKeyRoutes, { services });
    await authenticated.register(auditRoutes, { services });
    await authenticated.register(outboxRoutes, { services });
  });
}

const organizationCoreRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { services }) => {
  const { organizations, memberships } = services;

  app.post(
    '/orgs',
    {
      schema: {
        tags,
        summary: 'Create an organisation; the creator becomes its owner',
        headers: idempotencyHeaders,
        body: createOrganizationBodySchema,
        response: { 201: organizationWithRoleSchema },
      },
    },
    async (req, reply) => {
      const created = await organizations.create(req.actor, req.body, deviceOf(req), req.headers['idempotency-key']);
      return reply.status(201).send(withRole(created));
    },
  );

  app.get(
    '/orgs',
    { schema: { tags, summary: 'The organisations the caller belongs to', response: { 200: pageSchema(organizationWithRoleSchema) } } },
    async (req) => ({ items: (await organizations.listMine(req.actor)).map(withRole), nextCursor: null }),
  );

  app.get(
    '/orgs/:orgId',
    { schema: { tags, summary: 'An organisation, the caller’s role and what it may do', params: orgParams, response: { 200: organizationDetailSchema } } },
    async (req) => withPolicies(await organizations.get(req.actor, req.params.orgId)),
  );

  app.patch(
    '/orgs/:orgId',
    { schema: { tags, summary: 'Rename an organisation (admins)', params: orgParams, body: updateOrganizationBodySchema, response: { 200: organizationDetailSchema } } },
    async (req) => withPolicies(await organizations.rename(req.actor, req.params.orgId, req.body.name, deviceOf(req))),
  );

  app.delete(
    '/orgs/:orgId',
    { schema: { tags, summary: 'Delete an organisation and everything in it (owners)', params: orgParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await organizations.remove(req.actor, req.params.orgId, deviceOf(req));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/orgs/:orgId/members',
    { schema: { tags, summary: 'Members and their roles', params: orgParams, querystring: pageQuerySchema, response: { 200: pageSchema(memberSchema) } } },
    async (req) => {
      const page = await memberships.list(req.actor, req.params.orgId, req.query);
      return { items: page.rows.map(presentMember), nextCursor: page.nextCursor };
    },
  );

  app.patch(
    '/orgs/:orgId/members/:userId',
    { schema: { tags, summary: 'Change a member’s role (admins; the owner role by owners)', params: memberParams, body: changeRoleBodySchema, response: { 204: z.null() } } },
    async (req, reply) => {
      await memberships.changeRole(req.actor, req.params.orgId, req.params.userId, req.body.role, deviceOf(req));
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/orgs/:orgId/members/:userId',
    { schema: { tags, summary: 'Remove a member (admins; owners by owners)', params: memberParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await memberships.remove(req.actor, req.params.orgId, req.params.userId, deviceOf(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/orgs/:orgId/leave',
    { schema: { tags, summary: 'Leave an organisation (the last owner cannot)', params: orgParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await memberships.leave(req.actor, req.params.orgId, deviceOf(req));
      return reply.status(204).send(null);
    },
  );
};
