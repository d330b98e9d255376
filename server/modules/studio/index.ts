import type { FastifyInstance } from 'fastify';
import { registerComments } from './comments/index.ts';
import { registerCollaboration } from './documents/collab.plugin.ts';
import { documentRoutes } from './documents/routes.ts';
import { registerFiles } from './files/index.ts';
import { registerMessaging } from './messaging/index.ts';
import { projectCollectionPolicy, projectPolicy } from './policy.ts';
import { projectRoutes } from './projects.routes.ts';
import { createStudioServices } from './services.ts';

/** Projects, files, messaging, comments, notifications and live documents. */
export async function studioModule(app: FastifyInstance): Promise<void> {
  const services = createStudioServices(app);
  app.policies.define(projectCollectionPolicy);
  app.policies.define(projectPolicy(services.access.lookupRole));
  registerCollaboration(app, services.documents);

  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', (req) => app.authenticate(req));
    await authenticated.register(projectRoutes, { projects: services.projects });
    await authenticated.register(documentRoutes, { documents: services.documents });
    await registerMessaging(app, authenticated, services);
    await registerComments(app, authenticated, services);
    await registerFiles(app, authenticated, services);
  });
}
