import Fastify, { type FastifyInstance } from 'fastify';

/**
 * A worker process has no API listener; this small server exposes only its `/metrics` and
 * `/health` so Prometheus can scrape job counts and durations from workers too.
 */
export async function startWorkerMonitor(app: FastifyInstance, host: string, port: number): Promise<FastifyInstance> {
  const monitor = Fastify({ logger: false });
  monitor.get('/metrics', async (_req, reply) => {
    reply.type(app.metrics.registry.contentType);
    return app.metrics.registry.metrics();
  });
  monitor.get('/health', async (_req, reply) => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    return reply.status(health.statusCode).type('application/json; charset=utf-8').send(health.body);
  });
  await monitor.listen({ host, port });
  return monitor;
}
