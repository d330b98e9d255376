import type { FastifyInstance } from 'fastify';
import { authRoutes } from './auth.routes.ts';
import { organizationRoutes } from './organizations.routes.ts';

/** Users, sessions, 2FA, OAuth, organisations, teams, invitations, API keys and the audit log. */
export async function identityModule(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes);
  await app.register(organizationRoutes);
}
