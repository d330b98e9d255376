import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HotCounter, HotHistogram } from './hot-metrics.ts';

/** One registry per app instance, so tests can build many apps in one process. */
export function createMetrics() {
  const registry = new Registry();
  const defaultsPrefix = 'fluxworks_';
  collectDefaultMetrics({ register: registry, prefix: defaultsPrefix });
  // prom-client names these gauges `*_total`, a suffix Prometheus reserves for counters (promtool rejects it).
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
    registry.removeSingleMetric(`${defaultsPrefix}${name}`);
  }
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    // Recorded on every request: prom-client's metrics with a cheaper way to their series (hot-metrics.ts).
    httpRequests: new HotCounter({
      name: 'fluxworks_http_requests_total',
      help: 'HTTP requests by method, route and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new HotHistogram({
      name: 'fluxworks_http_request_duration_seconds',
      help: 'HTTP request duration in seconds by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: latencyBuckets,
      registers: [registry],
    }),
    websocketConnections: new Gauge({
      name: 'fluxworks_websocket_connections',
      help: 'Open Socket.IO connections by namespace',
      labelNames: ['namespace'] as const,
      registers: [registry],
    }),
    dbQueryDuration: new Histogram({
      name: 'fluxworks_db_query_duration_seconds',
      help: 'Database statement duration in seconds by statement kind',
      labelNames: ['operation'] as const,
      buckets: latencyBuckets,
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'fluxworks_jobs_total',
      help: 'Jobs processed by queue and outcome',
      labelNames: ['queue', 'outcome'] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'fluxworks_job_duration_seconds',
      help: 'Job run time in seconds by queue',
      labelNames: ['queue'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    cacheLookups: new HotCounter({
      name: 'fluxworks_cache_lookups_total',
      help: 'Cache lookups by cache name and result (hit or miss)',
      labelNames: ['cache', 'result'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
