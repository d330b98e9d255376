import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addTeamMemberBodySchema,
  createTeamBodySchema,
  pageQuerySchema,
  pageSchema,
  teamDetailSchema,
  teamSchema,
  updateTeamBodySchema,
} from '../../../common/organizations.ts';
import type { UserSummary } from './organizations.repository.ts';
import { presentTeam, presentUserSummary } from './organization.presenter.ts';
import { deviceOf, type OrgRoutesOptions } from './org-services.ts';
import type { TeamRow } from './teams.repository.ts';

const tags = ['teams'];
const orgParams = z.object({ orgId: z.uuid() });
const teamParams = orgParams.extend({ teamId: z.uuid() });

const presentDetail = ({ team, members }: { team: TeamRow; members: { user: UserSummary; addedAt: Date }[] }) => ({
  team: presentTeam(team),
  members: members.map((m) => ({ user: presentUserSummary(m.user), addedAt: m.addedAt.toISOString() })),
});

export const teamRoutes: FastifyPluginAsyncZod<OrgRoutesOptions> = async (app, { services }) => {
  const { teams } = services;

  app.post(
    '/orgs/:orgId/teams',
    { schema: { tags, summary: 'Create a team (admins)', params: orgParams, body: createTeamBodySchema, response: { 201: z.object({ team: teamSchema }) } } },
    async (req, reply) => {
      const team = await teams.create(req.actor, req.params.orgId, req.body.name, deviceOf(req));
      return reply.status(201).send({ team: presentTeam(team) });
    },
  );

  app.get(
    '/orgs/:orgId/teams',
    { schema: { tags, summary: 'The organisation’s teams', params: orgParams, querystring: pageQuerySchema, response: { 200: pageSchema(teamSchema) } } },
    async (req) => {
      const page = await teams.list(req.actor, req.params.orgId, req.query);
      return { items: page.rows.map(presentTeam), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/orgs/:orgId/teams/:teamId',
    { schema: { tags, summary: 'A team and its members', params: teamParams, response: { 200: teamDetailSchema } } },
    async (req) => presentDetail(await teams.get(req.actor, req.params.orgId, req.params.teamId)),
  );

  app.patch(
    '/orgs/:orgId/teams/:teamId',
    { schema: { tags, summary: 'Rename a team (admins)', params: teamParams, body: updateTeamBodySchema, response: { 200: z.object({ team: teamSchema }) } } },
    async (req) => ({ team: presentTeam(await teams.rename(req.actor, req.params.orgId, req.params.teamId, req.body.name, deviceOf(req))) }),
  );

  app.delete(
    '/orgs/:orgId/teams/:teamId',
    { schema: { tags, summary: 'Delete a team (admins)', params: teamParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await teams.remove(req.actor, req.params.orgId, req.params.teamId, deviceOf(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/orgs/:orgId/teams/:teamId/members',
    { schema: { tags, summary: 'Add an organisation member to a team (admins)', params: teamParams, body: addTeamMemberBodySchema, response: { 201: teamDetailSchema } } },
    async (req, reply) => {
      const detail = await teams.addMember(req.actor, req.params.orgId, req.params.teamId, req.body.userId, deviceOf(req));
      return reply.status(201).send(presentDetail(detail));
    },
  );

  app.delete(
    '/orgs/:orgId/teams/:teamId/members/:userId',
    { schema: { tags, summary: 'Remove someone from a team (admins)', params: teamParams.extend({ userId: z.uuid() }), response: { 204: z.null() } } },
    async (req, reply) => {
      await teams.removeMember(req.actor, req.params.orgId, req.params.teamId, req.params.userId, deviceOf(req));
      return reply.status(204).send(null);
    },
  );
};
