import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createPolicies, type Policies } from './index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Who may do what: the same rules guard HTTP routes, socket rooms and document connections. */
    policies: Policies;
  }
}

export const policyPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('policies', createPolicies(app.cache));
  },
  { name: 'policies' },
);
