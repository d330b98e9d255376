import type { FastifyInstance } from 'fastify';
import { projectCollectionPolicy, projectPolicy } from './policy.ts';
import { projectRoutes } from './projects.routes.ts';
import { createStudioServices } from './services.ts';

/** Projects, files, messaging, comments, notifications and live documents. */
export async function studioModule(app: FastifyInstance): Promise<void> {
  const services = createStudioServices(app);
  app.policies.define(projectCollectionPolicy);
  app.policies.define(projectPolicy(services.access.lookupRole));

  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', (req) => app.authenticate(req));
    await authenticated.register(projectRoutes, { projects: services.projects });
  });
}
