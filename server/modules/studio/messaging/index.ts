import type { FastifyInstance } from 'fastify';
import type { StudioServices } from '../services.ts';
import { MESSAGING_NAMESPACE } from './rooms.ts';
import { messagingRoutes } from './routes.ts';
import { registerMessagingSocket, revisitJoinedChannels } from './socket.ts';

/** Chat: HTTP routes inside the authenticated plugin, socket handlers on /messaging. */
export async function registerMessaging(app: FastifyInstance, authenticated: FastifyInstance, services: StudioServices): Promise<void> {
  const nsp = app.realtime.namespace(MESSAGING_NAMESPACE);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  registerMessagingSocket(nsp, {
    closing: () => closing,
    messaging: services.messaging,
    projects: services.projects,
    presence: app.presence,
    db: app.db,
    cache: app.cache,
    log: app.log,
  });
  const revisit = revisitJoinedChannels(nsp, services.messaging);
  const onRoleChange = ({ userId }: { userId: string }) => revisit(userId);
  const unsubscribe = [app.bus.subscribe('project.member_changed', onRoleChange), app.bus.subscribe('membership.changed', onRoleChange)];
  app.addHook('onClose', async () => {
    for (const stop of unsubscribe) stop();
  });
  await authenticated.register(messagingRoutes, { messaging: services.messaging });
}
