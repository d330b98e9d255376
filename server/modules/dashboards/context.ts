import type { FastifyInstance } from 'fastify';

/** The platform parts the dashboards services use, taken from the app once at registration. */
export type DashboardsContext = Pick<FastifyInstance, 'db' | 'database' | 'cache' | 'bus' | 'policies' | 'jobs' | 'config' | 'log' | 'mailer' | 'storage'>;
