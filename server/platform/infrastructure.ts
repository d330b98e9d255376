import path from 'node:path';
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import { createMemoryBus, createRedisBus, type Bus } from './bus/index.ts';
import { createMemoryCache, createRedisCache, type Cache } from './cache/index.ts';
import { openDatabase, type DatabaseHandle } from './db/index.ts';
import { startJobs, type Jobs } from './jobs/index.ts';
import { createMailer, type Mailer } from './mail/index.ts';
import type { Metrics } from './observability/metrics.ts';
import { createMemoryPresence, createRedisPresence, type PresenceStore } from './presence/index.ts';
import { connectRedis } from './redis.ts';
import { createStorage } from './storage/create.ts';
import type { Storage } from './storage/index.ts';

/** The shared services every role (HTTP server, worker, migrate, seed) stands on, chosen by configuration. */
export interface Infrastructure {
  database: DatabaseHandle;
  redis?: Redis;
  bus: Bus;
  cache: Cache;
  presence: PresenceStore;
  jobs: Jobs;
  storage: Storage;
  mailer: Mailer;
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  config: Config;
  logger: FastifyBaseLogger;
  metrics: Metrics;
  /** Whether this process runs job workers and cron schedules. */
  runWorkers: boolean;
  /** Path to the PGlite folder, or 'memory'; defaults to data/pglite. */
  pglitePath?: string;
}

export async function openInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const { config, logger, metrics } = options;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const database = await openDatabase({
      url: config.database.url,
      poolSize: config.database.poolSize,
      pglitePath: options.pglitePath ?? path.join(config.dataDir, 'pglite'),
      onQuery: (operation, seconds) => metrics.dbQueryDuration.observe({ operation }, seconds),
    });
    closers.push(() => database.close());
    await database.migrate();

    const onBusError = (err: unknown, event: string) => logger.error({ err, event }, 'event subscriber failed');
    const recordLookup = (result: 'hit' | 'miss') => metrics.cacheLookups.inc({ cache: 'platform', result });
    let redis: Redis | undefined;
    let bus: Bus;
    let cache: Cache;
    let presence: PresenceStore;
    if (config.redis.url) {
      const client = connectRedis(config.redis.url, config.redis.keyPrefix);
      redis = client;
      closers.push(() => client.quit());
      bus = await createRedisBus(client, onBusError);
      cache = createRedisCache(client, recordLookup);
      presence = createRedisPresence(client);
    } else {
      bus = createMemoryBus(onBusError);
      cache = createMemoryCache(recordLookup);
      presence = createMemoryPresence();
    }
    closers.push(() => bus.close(), () => cache.close(), () => presence.close());

    const jobs = await startJobs({
      database,
      metrics,
      runWorkers: options.runWorkers,
      onError: (err) => logger.error({ err }, 'job queue error'),
    });
    closers.push(() => jobs.stop());

    const storage = await createStorage(config);
    const mailer = await createMailer({ db: database.db, jobs, smtpUrl: config.smtp?.url, from: config.mailFrom });

    return {
      database,
      redis,
      bus,
      cache,
      presence,
      jobs,
      storage,
      mailer,
      close: () => closeAll(closers),
    };
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

async function closeAll(closers: (() => Promise<unknown>)[]): Promise<void> {
  for (const close of closers.reverse()) await close().catch(() => undefined);
}
