import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  catchUpResultSchema,
  channelSchema,
  createDirectBodySchema,
  editMessageBodySchema,
  historyQuerySchema,
  markReadBodySchema,
  messagePageSchema,
  messageSchema,
  messagingLimits,
  searchHitSchema,
  searchQuerySchema,
  sendMessageBodySchema,
} from '../../../../common/studio-messaging.ts';
import type { MessagingService } from './service.ts';

const tags = ['messaging'];
const projectParams = z.object({ projectId: z.uuid() });
const channelParams = z.object({ channelId: z.uuid() });
const messageParams = z.object({ messageId: z.uuid() });
const reactionParams = messageParams.extend({ emoji: z.string().trim().min(1).max(messagingLimits.emoji.max) });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(messagingLimits.clientId.max).optional() });

/** Chat over HTTP, for API clients and for loading pages; live traffic goes over the /messaging socket. */
export const messagingRoutes: FastifyPluginAsyncZod<{ messaging: MessagingService }> = async (app, { messaging }) => {
  app.get(
    '/projects/:projectId/chat/channels',
    {
      schema: {
        tags,
        summary: 'The project channel and the actor’s direct conversations in the project, with unread counts',
        params: projectParams,
        response: { 200: z.object({ items: z.array(channelSchema) }) },
      },
    },
    async (req) => ({ items: await messaging.listChannels(req.actor, req.params.projectId) }),
  );

  app.post(
    '/projects/:projectId/chat/direct',
    {
      schema: {
        tags,
        summary: 'Open (or find) the direct conversation with another person of the project',
        params: projectParams,
        body: createDirectBodySchema,
        response: { 200: channelSchema },
      },
    },
    async (req) => messaging.openDirect(req.actor, req.params.projectId, req.body.userId),
  );

  app.get(
    '/projects/:projectId/chat/search',
    {
      schema: {
        tags,
        summary: 'Full-text search over the project’s chat the actor can read, best match first',
        params: projectParams,
        querystring: searchQuerySchema,
        response: { 200: z.object({ items: z.array(searchHitSchema) }) },
      },
    },
    async (req) => ({ items: await messaging.search(req.actor, req.params.projectId, req.query.q, req.query.limit) }),
  );

  app.get(
    '/chat/channels/:channelId',
    { schema: { tags, summary: 'A conversation with the actor’s read state', params: channelParams, response: { 200: channelSchema } } },
    async (req) => messaging.getChannel(req.actor, req.params.channelId),
  );

  app.get(
    '/chat/channels/:channelId/messages',
    {
      schema: {
        tags,
        summary: 'Messages by sequence cursor: the newest page, or before/after a sequence; a thread with parentId',
        params: channelParams,
        querystring: historyQuerySchema,
        response: { 200: messagePageSchema },
      },
    },
    async (req) => messaging.history(req.actor, req.params.channelId, req.query),
  );

  app.get(
    '/chat/channels/:channelId/changes',
    {
      schema: {
        tags,
        summary: 'Messages created or changed after a change sequence (catch-up after a reconnect)',
        params: channelParams,
        querystring: z.object({ since: z.coerce.number().int().min(0) }),
        response: { 200: catchUpResultSchema },
      },
    },
    async (req) => messaging.catchUp(req.actor, req.params.channelId, req.query.since),
  );

  app.post(
    '/chat/channels/:channelId/messages',
    {
      schema: {
        tags,
        summary: 'Post a message (members and above); an Idempotency-Key or clientId makes a retry return the first message',
        params: channelParams,
        headers: idempotencyHeaders,
        body: sendMessageBodySchema,
        response: { 200: messageSchema, 201: messageSchema },
      },
    },
    async (req, reply) => {
      const clientId = req.body.clientId ?? req.headers['idempotency-key'];
      const { message, created } = await messaging.send(req.actor, req.params.channelId, { ...req.body, clientId });
      return reply.status(created ? 201 : 200).send(message);
    },
  );

  app.get(
    '/chat/messages/:messageId',
    { schema: { tags, summary: 'One message (a thread’s first message, for example)', params: messageParams, response: { 200: messageSchema } } },
    async (req) => messaging.getMessage(req.actor, req.params.messageId),
  );

  app.patch(
    '/chat/messages/:messageId',
    { schema: { tags, summary: 'Edit your own message', params: messageParams, body: editMessageBodySchema, response: { 200: messageSchema } } },
    async (req) => messaging.edit(req.actor, req.params.messageId, req.body.body),
  );

  app.delete(
    '/chat/messages/:messageId',
    { schema: { tags, summary: 'Delete a message (its author, or project admins); leaves a tombstone', params: messageParams, response: { 200: messageSchema } } },
    async (req) => messaging.remove(req.actor, req.params.messageId),
  );

  app.put(
    '/chat/messages/:messageId/reactions/:emoji',
    { schema: { tags, summary: 'React with an emoji', params: reactionParams, response: { 200: messageSchema } } },
    async (req) => messaging.react(req.actor, req.params.messageId, req.params.emoji, true),
  );

  app.delete(
    '/chat/messages/:messageId/reactions/:emoji',
    { schema: { tags, summary: 'Take back a reaction', params: reactionParams, response: { 200: messageSchema } } },
    async (req) => messaging.react(req.actor, req.params.messageId, req.params.emoji, false),
  );

  app.post(
    '/chat/channels/:channelId/read',
    {
      schema: {
        tags,
        summary: 'Mark the conversation read up to a sequence',
        params: channelParams,
        body: markReadBodySchema,
        response: { 200: z.object({ sequence: z.number().int() }) },
      },
    },
    async (req) => ({ sequence: await messaging.markRead(req.actor, req.params.channelId, req.body.sequence) }),
  );
};
