import type { FastifyInstance } from 'fastify';

/** The platform parts the studio services use, taken from the app once at registration. */
export type StudioContext = Pick<FastifyInstance, 'db' | 'cache' | 'bus' | 'policies' | 'jobs' | 'storage' | 'config' | 'log' | 'realtime' | 'mailer'>;
