import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp, type BuildOptions } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';

/** 'embedded' (PGlite, in-process parts) or 'services' (local PostgreSQL and Redis), set per Vitest project. */
export const backend = (process.env.FLUXWORKS_TEST_BACKEND ?? 'embedded') as 'embedded' | 'services';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Creates an empty PostgreSQL database for one suite (or benchmark); the returned `drop` removes it. */
export async function createPostgresDatabase(prefix = 'fw_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface TestEnvironment {
  /** Environment variables for loadConfig: a temp data folder and, on 'services', a fresh database and Redis prefix. */
  env: Record<string, string>;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** One isolated backend (database, Redis key prefix, data folder) that several app instances may share. */
export async function createTestEnvironment(extraEnv: Record<string, string> = {}): Promise<TestEnvironment> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fw-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://localhost:3000',
    RATE_LIMIT_GLOBAL_PER_MINUTE: '100000',
  };
  let dropDatabase = async (): Promise<void> => undefined;
  if (backend === 'services') {
    const database = await createPostgresDatabase();
    env.DATABASE_URL = database.url;
    env.REDIS_URL = REDIS_URL;
    env.REDIS_KEY_PREFIX = `fwtest:${randomBytes(4).toString('hex')}:`;
    dropDatabase = database.drop;
  }
  Object.assign(env, extraEnv);
  return {
    env,
    dataDir,
    async cleanup() {
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  close(): Promise<void>;
}

/**
 * Builds the full app on a test environment. Embedded mode uses an in-memory PGlite unless
 * `pglitePath` is given; with several apps on one environment, give them the same `environment`.
 */
export async function buildTestApp(
  options: { environment?: TestEnvironment; env?: Record<string, string>; build?: BuildOptions } = {},
): Promise<TestApp> {
  const ownEnvironment = !options.environment;
  const environment = options.environment ?? (await createTestEnvironment(options.env));
  const config = loadConfig({ ...environment.env, ...(ownEnvironment ? {} : options.env) });
  const app = await buildApp(config, { pglitePath: 'memory', ...options.build });
  await app.ready();
  return {
    app,
    config,
    async close() {
      await app.close();
      if (ownEnvironment) await environment.cleanup();
    },
  };
}
