import type { FastifyRequest } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';

/** Paths whose values never reach a log line, wherever they appear. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.secret',
  '*.totpSecret',
  '*.code',
  '*.apiKey',
  'password',
  'token',
  'secret',
];

/**
 * Request lines carry the headers (user agent, forwarded-for) for debugging, which is why the
 * credential headers are redacted; the query string is left out because signed URLs carry
 * their signature there.
 */
function serializeRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: req.url.split('?')[0],
    remoteAddress: req.ip,
    headers: req.headers,
  };
}

/** `stream` sends the JSON lines somewhere other than stdout (tests capture them). */
export function loggerOptions(level: string, stream?: DestinationStream): LoggerOptions & { stream?: DestinationStream } {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: { req: serializeRequest as never },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    base: { service: 'fluxworks' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
  };
}
