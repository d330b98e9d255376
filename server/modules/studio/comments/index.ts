import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { projectRoom, type RoomJoinResult } from '../../../../common/realtime.ts';
import type { StudioServices } from '../services.ts';
import { commentRoutes } from './comments.routes.ts';
import { integrationRoutes } from './integrations.routes.ts';
import { DELIVER_QUEUE } from './integrations.service.ts';
import { DIGEST_CRON, DIGEST_QUEUE, notificationDigest } from './notification-digest.ts';
import { notificationRoutes } from './notifications.routes.ts';
import { collaborationRetention, PRUNE_CRON, PRUNE_QUEUE } from './retention.ts';

const watchRequest = z.object({ projectId: z.uuid() });

/**
 * Comments, notifications and integrations: HTTP routes inside the authenticated plugin, the
 * `project:watch` room join on the default namespace (comment events), and the delivery, digest
 * and pruning jobs.
 */
export async function registerComments(app: FastifyInstance, authenticated: FastifyInstance, services: StudioServices): Promise<void> {
  await authenticated.register(commentRoutes, { comments: services.comments });
  await authenticated.register(notificationRoutes, { notifications: services.notifications });
  await authenticated.register(integrationRoutes, { integrations: services.integrations });

  app.realtime.namespace('/').on('connection', (socket) => {
    socket.on('project:watch', (payload, ack) => {
      const respond = (result: RoomJoinResult) => {
        if (typeof ack === 'function') ack(result);
      };
      const parsed = watchRequest.safeParse(payload);
      if (!parsed.success) {
        respond({ ok: false, error: { code: 'invalid_request', message: 'Send { projectId } with a project id' } });
        return;
      }
      const room = projectRoom(parsed.data.projectId);
      services.access.authorize(socket.data.actor, parsed.data.projectId, 'read').then(
        async () => {
          await socket.join(room);
          respond({ ok: true, room });
        },
        () => respond({ ok: false, error: { code: 'forbidden', message: 'You cannot open this project' } }),
      );
    });
    socket.on('project:unwatch', (payload, ack) => {
      const parsed = watchRequest.safeParse(payload);
      if (!parsed.success) return;
      void socket.leave(projectRoom(parsed.data.projectId));
      if (typeof ack === 'function') ack({ ok: true, room: projectRoom(parsed.data.projectId) });
    });
  });

  // Alerts of the dashboards module reach people through the same notification centre.
  const stopAlertNotifications = app.bus.subscribe('alert.state_changed', ({ orgId, ruleName, state, message, userIds }) =>
    services.notifications.notify(
      userIds.map((userId) => ({ userId, orgId, projectId: null, kind: 'alert', title: `${state === 'firing' ? 'Firing' : 'Resolved'}: ${ruleName}`, body: message, actorId: null })),
    ),
  );
  app.addHook('onClose', async () => stopAlertNotifications());

  await app.jobs.work<{ deliveryId: string }>(DELIVER_QUEUE, (job) => services.integrations.attemptDelivery(job.data.deliveryId, job.retryCount), { concurrency: 2 });
  const digest = notificationDigest(app);
  await app.jobs.work(DIGEST_QUEUE, () => digest.run());
  await app.jobs.schedule(DIGEST_QUEUE, DIGEST_CRON);
  const retention = collaborationRetention(app);
  await app.jobs.work(PRUNE_QUEUE, () => retention.run());
  await app.jobs.schedule(PRUNE_QUEUE, PRUNE_CRON);
}
