import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers depend only on configuration, so they are computed once at boot and copied
 * onto each reply; @fastify/helmet rebuilds the middleware on every request, a measurable cost
 * on the hot path (see docs/benchmarks.md).
 */
export function computeSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers = new Map<string, string>();
  const response = {
    setHeader(name: string, value: string | number) {
      headers.set(name.toLowerCase(), String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  helmet(options)(Object.create(null) as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return Object.fromEntries(headers);
}

/**
 * JSON responses are never rendered as documents, so they carry the short set the OWASP REST
 * cheat sheet lists instead of the full document set: about half the bytes and header checks
 * on every API call (see docs/benchmarks.md).
 */
const API_HEADER_NAMES = ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy'];
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const isApiPath = (url: string) => url.startsWith('/api/v1/') || url.startsWith('/health') || url.startsWith('/metrics');

/**
 * Every response carries its request id and the security headers for its kind. One synchronous
 * hook sets both: each hook is a step on every request's path (see docs/benchmarks.md).
 */
export function registerResponseHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const documentHeaders = Object.entries(computeSecurityHeaders(options));
  const apiHeaders: [string, string][] = [['content-security-policy', API_CSP]];
  for (const [name, value] of documentHeaders) if (API_HEADER_NAMES.includes(name)) apiHeaders.push([name, value]);
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    for (const [name, value] of isApiPath(req.url) ? apiHeaders : documentHeaders) reply.header(name, value);
    done();
  });
}
