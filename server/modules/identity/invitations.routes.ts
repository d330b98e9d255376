import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createInvitationBodySchema,
  invitationPreviewSchema,
  invitationSchema,
  organizationWithRoleSchema,
  pageQuerySchema,
  pageSchema,
} from '../../../common/organizations.ts';
import { presentInvitation, presentOrganization } from './organization.presenter.ts';
import { deviceOf, type OrgRoutesOptions } from './org-services.ts';

const tags = ['invitations'];
const orgParams = z.object({ orgId: z.uuid() });
const tokenParams = z.object({ token: z.string().min(16).max(128) });

/** The invitation link's preview needs no sign-in: the token in the link is the credential. */
export const publicInvitationRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { services }) => {
  app.get(
    '/invitations/:token',
    { schema: { tags, summary: 'What an invitation link offers', security: [], params: tokenParams, response: { 200: invitationPreviewSchema } } },
    async (req) => {
      const preview = await services.invitations.preview(req.params.token);
      const { id, name, slug } = preview.organization;
      return { organization: { id, name, slug }, email: preview.email, role: preview.role, expiresAt: preview.expiresAt.toISOString() };
    },
  );
};

export const invitationRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { services }) => {
  const { invitations } = services;

  app.post(
    '/orgs/:orgId/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email (admins); replaces a pending invitation to the same email',
        params: orgParams,
        body: createInvitationBodySchema,
        response: { 201: z.object({ invitation: invitationSchema }) },
      },
    },
    async (req, reply) => {
      const invitation = await invitations.send(req.actor, req.params.orgId, req.body, deviceOf(req));
      return reply.status(201).send({ invitation: presentInvitation(invitation) });
    },
  );

  app.get(
    '/orgs/:orgId/invitations',
    { schema: { tags, summary: 'Pending invitations (admins)', params: orgParams, querystring: pageQuerySchema, response: { 200: pageSchema(invitationSchema) } } },
    async (req) => {
      const page = await invitations.list(req.actor, req.params.orgId, req.query);
      const now = new Date();
      return { items: page.rows.map((row) => presentInvitation(row, now)), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    '/orgs/:orgId/invitations/:invitationId',
    { schema: { tags, summary: 'Revoke a pending invitation (admins)', params: orgParams.extend({ invitationId: z.uuid() }), response: { 204: z.null() } } },
    async (req, reply) => {
      await invitations.revoke(req.actor, req.params.orgId, req.params.invitationId, deviceOf(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invitations/:token/accept',
    { schema: { tags, summary: 'Accept an invitation as the signed-in user with the invited, verified email', params: tokenParams, response: { 200: organizationWithRoleSchema } } },
    async (req) => {
      const { organization, role } = await invitations.accept(req.actor, req.params.token, deviceOf(req));
      return { organization: presentOrganization(organization), role };
    },
  );
};
