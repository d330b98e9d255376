import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  commentListQuerySchema,
  commentThreadPageSchema,
  commentThreadSchema,
  createCommentBodySchema,
  editCommentBodySchema,
  replyBodySchema,
} from '../../../../common/studio-comments.ts';
import { presentThread } from './comments.presenter.ts';
import type { CommentsService } from './comments.service.ts';

const tags = ['comments'];
const projectParams = z.object({ projectId: z.uuid() });
const commentParams = z.object({ commentId: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

export const commentRoutes: FastifyPluginAsyncZod<{ comments: CommentsService }> = async (app, { comments }) => {
  app.get(
    '/projects/:projectId/comments',
    {
      schema: {
        tags,
        summary: 'Comment threads of the project, newest first; filter by target (project, file) and resolved state',
        params: projectParams,
        querystring: commentListQuerySchema,
        response: { 200: commentThreadPageSchema },
      },
    },
    async (req) => {
      const page = await comments.listThreads(req.actor, req.params.projectId, req.query);
      return { items: page.items.map(presentThread), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/projects/:projectId/comments',
    {
      schema: {
        tags,
        summary: 'Start a thread on the project or on one of its files, optionally pinned to a point or page (contributors); accepts an Idempotency-Key',
        params: projectParams,
        headers: idempotencyHeaders,
        body: createCommentBodySchema,
        response: { 201: commentThreadSchema },
      },
    },
    async (req, reply) => reply.status(201).send(presentThread(await comments.create(req.actor, req.params.projectId, req.body, req.headers['idempotency-key']))),
  );

  app.get(
    '/comments/:commentId',
    { schema: { tags, summary: 'The thread a comment belongs to', params: commentParams, response: { 200: commentThreadSchema } } },
    async (req) => presentThread(await comments.getThread(req.actor, req.params.commentId)),
  );

  app.post(
    '/comments/:commentId/replies',
    {
      schema: {
        tags,
        summary: 'Reply in the comment’s thread (contributors); accepts an Idempotency-Key',
        params: commentParams,
        headers: idempotencyHeaders,
        body: replyBodySchema,
        response: { 201: commentThreadSchema },
      },
    },
    async (req, reply) => reply.status(201).send(presentThread(await comments.reply(req.actor, req.params.commentId, req.body.body, req.headers['idempotency-key']))),
  );

  app.patch(
    '/comments/:commentId',
    { schema: { tags, summary: 'Edit one’s own comment', params: commentParams, body: editCommentBodySchema, response: { 200: commentThreadSchema } } },
    async (req) => presentThread(await comments.edit(req.actor, req.params.commentId, req.body.body)),
  );

  app.delete(
    '/comments/:commentId',
    { schema: { tags, summary: 'Delete one’s own comment, or anyone’s (moderators); a thread’s first comment takes its replies', params: commentParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await comments.remove(req.actor, req.params.commentId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/comments/:commentId/resolve',
    { schema: { tags, summary: 'Resolve the comment’s thread (contributors)', params: commentParams, response: { 200: commentThreadSchema } } },
    async (req) => presentThread(await comments.resolve(req.actor, req.params.commentId)),
  );

  app.post(
    '/comments/:commentId/reopen',
    { schema: { tags, summary: 'Reopen a resolved thread (contributors)', params: commentParams, response: { 200: commentThreadSchema } } },
    async (req) => presentThread(await comments.reopen(req.actor, req.params.commentId)),
  );
};
