import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createProjectBodySchema,
  pageSchema,
  projectDetailSchema,
  projectListQuerySchema,
  projectMemberSchema,
  projectSchema,
  setProjectMemberBodySchema,
  updateProjectBodySchema,
} from '../../../common/studio.ts';
import { presentProject, presentProjectDetail } from './project.presenter.ts';
import type { ProjectsService } from './projects.service.ts';

const tags = ['projects'];
const orgParams = z.object({ orgId: z.uuid() });
const projectParams = z.object({ projectId: z.uuid() });
const memberParams = projectParams.extend({ userId: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

export const projectRoutes: FastifyPluginAsyncZod<{ projects: ProjectsService }> = async (app, { projects }) => {
  app.post(
    '/orgs/:orgId/projects',
    {
      schema: {
        tags,
        summary: 'Start a project (members and above); accepts an Idempotency-Key',
        params: orgParams,
        headers: idempotencyHeaders,
        body: createProjectBodySchema,
        response: { 201: projectDetailSchema },
      },
    },
    async (req, reply) => {
      const created = await projects.create(req.actor, req.params.orgId, req.body, req.headers['idempotency-key']);
      return reply.status(201).send(presentProjectDetail(created));
    },
  );

  app.get(
    '/orgs/:orgId/projects',
    {
      schema: {
        tags,
        summary: 'Projects the actor can see, newest first; search with q, archived ones with status=archived',
        params: orgParams,
        querystring: projectListQuerySchema,
        response: { 200: pageSchema(projectSchema) },
      },
    },
    async (req) => {
      const page = await projects.list(req.actor, req.params.orgId, req.query);
      return { items: page.items.map(presentProject), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/projects/:projectId',
    { schema: { tags, summary: 'A project, the actor’s role in it and what they may do', params: projectParams, response: { 200: projectDetailSchema } } },
    async (req) => presentProjectDetail(await projects.get(req.actor, req.params.projectId)),
  );

  app.patch(
    '/projects/:projectId',
    {
      schema: {
        tags,
        summary: 'Rename, describe, change visibility or cover (project admins)',
        params: projectParams,
        body: updateProjectBodySchema,
        response: { 200: projectDetailSchema },
      },
    },
    async (req) => presentProjectDetail(await projects.update(req.actor, req.params.projectId, req.body)),
  );

  app.post(
    '/projects/:projectId/archive',
    { schema: { tags, summary: 'Archive a project: it becomes read-only (project admins)', params: projectParams, response: { 200: projectDetailSchema } } },
    async (req) => presentProjectDetail(await projects.archive(req.actor, req.params.projectId)),
  );

  app.post(
    '/projects/:projectId/restore',
    { schema: { tags, summary: 'Restore an archived project (project admins)', params: projectParams, response: { 200: projectDetailSchema } } },
    async (req) => presentProjectDetail(await projects.restore(req.actor, req.params.projectId)),
  );

  app.delete(
    '/projects/:projectId',
    { schema: { tags, summary: 'Delete a project and everything in it (project admins, signed-in users only)', params: projectParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await projects.remove(req.actor, req.params.projectId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/projects/:projectId/members',
    { schema: { tags, summary: 'Everyone who can open the project, with their role in it', params: projectParams, response: { 200: z.object({ items: z.array(projectMemberSchema) }) } } },
    async (req) => ({ items: await projects.listMembers(req.actor, req.params.projectId) }),
  );

  app.put(
    '/projects/:projectId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Add an organisation member to the project or narrow their role in it (project admins)',
        params: memberParams,
        body: setProjectMemberBodySchema.pick({ role: true }),
        response: { 200: z.object({ items: z.array(projectMemberSchema) }) },
      },
    },
    async (req) => ({ items: await projects.setMember(req.actor, req.params.projectId, req.params.userId, req.body.role) }),
  );

  app.delete(
    '/projects/:projectId/members/:userId',
    { schema: { tags, summary: 'Remove a project membership (project admins)', params: memberParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await projects.removeMember(req.actor, req.params.projectId, req.params.userId);
      return reply.status(204).send(null);
    },
  );
};
