import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Metrics } from './metrics.ts';

export type HealthCheck = () => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
    /** Adds a dependency to `/health`; the check throws when the dependency is down. */
    addHealthCheck(name: string, check: HealthCheck): void;
  }
}

type DependencyHealth = { status: 'up'; latencyMs: number } | { status: 'down'; error: string };

const HEALTH_TIMEOUT_MS = 2_000;

export const observabilityPlugin = fp<{ metrics: Metrics }>(
  async (app: FastifyInstance, { metrics }) => {
    const checks = new Map<string, HealthCheck>();
    app.decorate('metrics', metrics);
    app.decorate('addHealthCheck', (name: string, check: HealthCheck) => {
      checks.set(name, check);
    });

    // The X-Request-Id response header is set with the security headers (platform/http/security-headers.ts).
    app.addHook('onResponse', (req, reply, done) => {
      const route = req.routeOptions.url ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
      done();
    });

    // Scrapers and load balancers poll these; they never count against the global rate limit.
    const unlimited = { rateLimit: false } as const;
    app.get('/metrics', { schema: { hide: true }, config: unlimited }, async (_req, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });

    app.get('/health', { schema: { hide: true }, config: unlimited }, async (_req, reply) => {
      const results = await Promise.all(
        [...checks].map(async ([name, check]): Promise<[string, DependencyHealth]> => {
          const started = performance.now();
          try {
            await withTimeout(check(), HEALTH_TIMEOUT_MS);
            return [name, { status: 'up', latencyMs: Math.round(performance.now() - started) }];
          } catch (err) {
            return [name, { status: 'down', error: err instanceof Error ? err.message : String(err) }];
          }
        }),
      );
      const healthy = results.every(([, r]) => r.status === 'up');
      reply.status(healthy ? 200 : 503);
      return { status: healthy ? 'ok' : 'degraded', checks: Object.fromEntries(results) };
    });
  },
  { name: 'observability' },
);

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
