import { hash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import etag from '@fastify/etag';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { DestinationStream } from 'pino';
import type { Config } from './config.ts';
import { modules } from './modules/index.ts';
import { authPlugin } from './platform/auth/plugin.ts';
import type { Bus } from './platform/bus/index.ts';
import type { Cache } from './platform/cache/index.ts';
import type { Database, DatabaseHandle } from './platform/db/index.ts';
import { rateLimitPlugin } from './platform/http/rate-limit.ts';
import { registerErrorHandler, registerNotFoundHandler } from './platform/http/errors.ts';
import { registerResponseHeaders } from './platform/http/security-headers.ts';
import { openInfrastructure, type Infrastructure } from './platform/infrastructure.ts';
import { s3BrowserOrigin } from './platform/storage/s3-origin.ts';
import type { Jobs } from './platform/jobs/index.ts';
import type { Mailer } from './platform/mail/index.ts';
import type { PresenceStore } from './platform/presence/index.ts';
import { loggerOptions, requestChildLogger } from './platform/observability/logger.ts';
import { createMetrics } from './platform/observability/metrics.ts';
import { observabilityPlugin } from './platform/observability/plugin.ts';
import { policyPlugin } from './platform/policy/plugin.ts';
import { realtimePlugin } from './platform/realtime/plugin.ts';
import type { Storage } from './platform/storage/index.ts';
import { storageRoutes } from './platform/storage/routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: DatabaseHandle;
    db: Database;
    redis?: Redis;
    bus: Bus;
    cache: Cache;
    presence: PresenceStore;
    jobs: Jobs;
    storage: Storage;
    mailer: Mailer;
  }
}

export interface BuildOptions {
  /** Whether this process runs job workers; defaults to config.jobsInProcess. */
  runWorkers?: boolean;
  /** PGlite folder or 'memory' (tests); ignored when DATABASE_URL is set. */
  pglitePath?: string;
  /** Where log lines go instead of stdout; tests capture them to check redaction and request ids. */
  logStream?: DestinationStream;
}

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** The whole platform and its modules as one Fastify app; tests drive it with `app.inject`. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => acceptedRequestId(req.headers['x-request-id']) ?? randomUUID(),
    childLoggerFactory: requestChildLogger,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  const metrics = createMetrics();
  let infrastructure: Infrastructure;
  try {
    infrastructure = await openInfrastructure({
      config,
      logger: app.log,
      metrics,
      runWorkers: options.runWorkers ?? config.jobsInProcess,
      pglitePath: options.pglitePath,
    });
  } catch (err) {
    await app.close();
    throw err;
  }
  decorateInfrastructure(app, config, infrastructure);
  app.addHook('onClose', () => infrastructure.close());

  await app.register(observabilityPlugin, { metrics });
  app.addHealthCheck('database', () => infrastructure.database.ping());
  app.addHealthCheck('storage', () => infrastructure.storage.ping());
  app.addHealthCheck('queue', async () => {
    await infrastructure.database.sql.query('select 1 from pgboss.version limit 1');
  });
  const redis = infrastructure.redis;
  if (redis) {
    app.addHealthCheck('redis', async () => {
      await redis.ping();
    });
  }

  await registerSecurity(app, config, infrastructure);
  await registerOpenApi(app);
  await app.register(authPlugin, { jwtSecret: config.secrets.jwt, cache: infrastructure.cache });
  await app.register(policyPlugin);
  await app.register(realtimePlugin);
  await app.register(storageRoutes);

  await app.register(
    async (api) => {
      // Every API read carries an ETag; a client sending it back in If-None-Match gets 304.
      await api.register(etag, { hashFn: (payload) => hash('sha1', payload, 'base64url') });
      for (const module of modules) await api.register(module);
    },
    { prefix: '/api/v1' },
  );

  if (config.serveWeb && existsSync(webDist)) await serveWebApp(app);
  else registerNotFoundHandler(app);
  return app;
}

/** A caller's request id is kept only when it is short and plain, so it cannot pollute log lines. */
function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : undefined;
}

function decorateInfrastructure(app: FastifyInstance, config: Config, infra: Infrastructure): void {
  app.decorate('config', config);
  app.decorate('database', infra.database);
  app.decorate('db', infra.database.db);
  app.decorate('redis', infra.redis);
  app.decorate('bus', infra.bus);
  app.decorate('cache', infra.cache);
  app.decorate('presence', infra.presence);
  app.decorate('jobs', infra.jobs);
  app.decorate('storage', infra.storage);
  app.decorate('mailer', infra.mailer);
}

async function registerSecurity(app: FastifyInstance, config: Config, infra: Infrastructure): Promise<void> {
  // With S3, browsers upload to the bucket and load previews from it directly.
  const bucket = config.s3 ? [s3BrowserOrigin(config.s3)] : [];
  registerResponseHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...bucket],
        mediaSrc: ["'self'", 'blob:', ...bucket],
        connectSrc: ["'self'", 'ws:', 'wss:', ...bucket],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    crossOriginEmbedderPolicy: false,
  });
  // Without configured origins the browser's same-origin policy applies unchanged: @fastify/cors with
  // `origin: false` would add no header yet still run a hook on every request.
  if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins, credentials: true });
  await app.register(cookie, { secret: config.secrets.cookie });
  // /health and /metrics opt out in their route config. Counters are shared through Redis when configured.
  await app.register(rateLimitPlugin, { max: config.rateLimits.globalPerMinute, windowSeconds: 60, shared: infra.redis ? infra.cache : undefined });
}

async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Fluxworks API', version: '1.0.0', description: 'The Fluxworks platform and module API.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or fwk_ API key' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** Serves the built web app; unknown GET paths get its index page (client-side routing). */
async function serveWebApp(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: webDist, index: 'index.html', wildcard: true });
  registerNotFoundHandler(app, (reply) => reply.sendFile('index.html'));
}
