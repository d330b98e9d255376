import type { FastifyInstance } from 'fastify';

/** The platform services the identity-auth services use, taken from the app once at registration. */
export type AuthContext = Pick<FastifyInstance, 'db' | 'cache' | 'bus' | 'auth' | 'mailer' | 'config' | 'log'>;

/** Where a request comes from, recorded on sessions and audit events. */
export interface Device {
  ip?: string;
  userAgent?: string;
}
