import type { FastifyRequest } from 'fastify';
import type { Device } from './context.ts';

export function deviceOf(req: FastifyRequest): Device {
  const userAgent = req.headers['user-agent'];
  return { ip: req.ip, userAgent: userAgent ? userAgent.slice(0, 512) : undefined };
}
