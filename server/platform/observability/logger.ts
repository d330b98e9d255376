import type { FastifyBaseLogger, FastifyRequest, FastifyServerOptions } from 'fastify';
import { symbols, type DestinationStream, type LoggerOptions } from 'pino';

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

const NO_BINDINGS = {};

/**
 * Fastify's per-request child logger, which puts the request id on every line. pino would run the
 * id through the redaction rules, and its redactor re-parses every redact path on each call: the
 * largest logging cost of a request when profiled (docs/benchmarks.md). A request id needs no
 * redaction (a UUID, or a client id limited to `[A-Za-z0-9._:-]`), so it is appended to the child's
 * bindings as JSON. Anything else Fastify binds, or a route's own level or serializers, takes
 * pino's ordinary path.
 */
export const requestChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) => {
  const keys = Object.keys(bindings);
  const requestId: unknown = bindings.reqId;
  if (keys.length !== 1 || typeof requestId !== 'string' || options.level !== undefined || options.serializers !== undefined) {
    return logger.child(bindings, options);
  }
  const child: FastifyBaseLogger & { [symbols.chindingsSym]?: string } = logger.child(NO_BINDINGS);
  child[symbols.chindingsSym] = `${child[symbols.chindingsSym] ?? ''},"reqId":${JSON.stringify(requestId)}`;
  return child;
};
