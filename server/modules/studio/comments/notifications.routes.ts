import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  markReadBodySchema,
  notificationListQuerySchema,
  notificationPageSchema,
  notificationPreferencesSchema,
  unreadCountSchema,
} from '../../../../common/studio-notifications.ts';
import { presentNotification } from './notifications.presenter.ts';
import type { NotificationsService } from './notifications.service.ts';

const tags = ['notifications'];

export const notificationRoutes: FastifyPluginAsyncZod<{ notifications: NotificationsService }> = async (app, { notifications }) => {
  app.get(
    '/notifications',
    {
      schema: { tags, summary: 'The actor’s notifications, newest first; unread=true for unread only', querystring: notificationListQuerySchema, response: { 200: notificationPageSchema } },
    },
    async (req) => {
      const page = await notifications.list(req.actor, req.query);
      return { items: page.items.map(presentNotification), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/notifications/unread-count',
    { schema: { tags, summary: 'How many notifications the actor has not read', response: { 200: unreadCountSchema } } },
    async (req) => ({ unread: await notifications.unreadCount(req.actor) }),
  );

  app.post(
    '/notifications/read',
    { schema: { tags, summary: 'Mark some of the actor’s notifications read', body: markReadBodySchema, response: { 200: unreadCountSchema } } },
    async (req) => ({ unread: await notifications.markRead(req.actor, req.body.ids) }),
  );

  app.post(
    '/notifications/read-all',
    { schema: { tags, summary: 'Mark every notification of the actor read', response: { 200: unreadCountSchema } } },
    async (req) => {
      await notifications.markAllRead(req.actor);
      return { unread: 0 };
    },
  );

  app.get(
    '/notifications/preferences',
    { schema: { tags, summary: 'The actor’s notification settings', response: { 200: notificationPreferencesSchema } } },
    async (req) => notifications.preferences(req.actor),
  );

  app.put(
    '/notifications/preferences',
    { schema: { tags, summary: 'Change the actor’s notification settings', body: notificationPreferencesSchema, response: { 200: notificationPreferencesSchema } } },
    async (req) => notifications.updatePreferences(req.actor, req.body),
  );
};

