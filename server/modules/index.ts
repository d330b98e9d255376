import type { FastifyPluginAsync } from 'fastify';
import { dashboardsModule } from './dashboards/index.ts';
import { identityModule } from './identity/index.ts';
import { studioModule } from './studio/index.ts';

/** Every module, registered under /api/v1 in this order. */
export const modules: FastifyPluginAsync[] = [identityModule, studioModule, dashboardsModule];
