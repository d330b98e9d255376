import type { QueryResult } from 'pg';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/index.ts';
import type { Metrics } from '../observability/metrics.ts';
import { startWakeUps } from './wake-up.ts';

export interface JobOptions {
  retryLimit?: number;
  /** Seconds before the first retry; doubled on each further attempt when `retryBackoff` is set. */
  retryDelay?: number;
  retryBackoff?: boolean;
  startAfterSeconds?: number;
  singletonKey?: string;
  expireInSeconds?: number;
}

export interface JobContext<T> {
  id: string;
  data: T;
  /** 0 for the first attempt. */
  retryCount: number;
  /** Reports progress (0..100) to whoever is watching this job, e.g. through the realtime gateway. */
  progress(percent: number): Promise<void>;
}

export interface JobProgress {
  queue: string;
  jobId: string;
  /** 0..100 */
  percent: number;
  /** The job's data, so a listener can find whom to tell (e.g. `notifyUserId`). */
  data: unknown;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<unknown>;

export interface Jobs {
  /** Whether this process runs job workers, and so also the modules' other background consumers (MQTT subscriptions...). */
  readonly runsWorkers: boolean;
  send<T extends object>(queue: string, data: T, options?: JobOptions): Promise<string | null>;
  /** Registers a worker; it runs only in processes whose role includes job workers. */
  work<T extends object>(queue: string, handler: JobHandler<T>, options?: { concurrency?: number }): Promise<void>;
  schedule(queue: string, cron: string, data?: object): Promise<void>;
  /** Progress listeners see `progress()` calls from workers of this process; returns the unsubscribe. */
  onProgress(listener: (progress: JobProgress) => void): () => void;
  stop(): Promise<void>;
}

export interface JobsOptions {
  database: DatabaseHandle;
  metrics: Metrics;
  runWorkers: boolean;
  onError: (err: unknown) => void;
  /** How often this process asks which of its queues hold a job that may start (one query for all of them). */
  pollingIntervalSeconds?: number;
  /** How often due cron schedules are turned into jobs (1..45 s); cron itself has minute resolution. */
  cronCheckIntervalSeconds?: number;
}

const SCHEMA = 'pgboss';
/**
 * Workers are woken when their queue has work (wake-up.ts); their own polling is only a backstop
 * should a wake-up be lost, so it can be slow.
 */
const WORKER_BACKSTOP_POLL_SECONDS = 60;

/** pg-boss over whichever database the platform runs on: PGlite in embedded mode, PostgreSQL in production. */
export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const { database, metrics } = options;
  // pg-boss marks a job completed or failed without awaiting the write, and a fetch in flight when
  // it stops can still hand out a job; stop() waits for such statements and handlers so the
  // database can close after it.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = () => inFlight.delete(work);
    work.then(forget, forget);
    return work;
  };
  const executor = pgBossExecutor(database);
  const db: PgBoss.Db = { executeSql: (text, values) => track(executor.executeSql(text, values)) };
  const boss = new PgBoss({
    db,
    schema: SCHEMA,
    pollingIntervalSeconds: WORKER_BACKSTOP_POLL_SECONDS,
    cronMonitorIntervalSeconds: options.cronCheckIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: Math.min(options.cronCheckIntervalSeconds ?? 5, 5),
    supervise: options.runWorkers,
    schedule: options.runWorkers,
    migrate: true,
  });
  boss.on('error', options.onError);
  await boss.start();
  const wakeUps = startWakeUps({ boss, db, schema: SCHEMA, intervalMs: (options.pollingIntervalSeconds ?? 2) * 1000, onError: options.onError });
  const queues = new Set<string>();
  const progressListeners = new Set<(progress: JobProgress) => void>();

  const ensureQueue = async (name: string) => {
    if (queues.has(name)) return;
    if (!(await boss.getQueue(name))) await boss.createQueue(name).catch(() => undefined);
    queues.add(name);
  };

  return {
    runsWorkers: options.runWorkers,
    async send(queue, data, opts = {}) {
      await ensureQueue(queue);
      const id = await boss.send(queue, data, sendOptions(opts));
      wakeUps.wake(queue);
      return id;
    },
    async work(queue, handler, opts = {}) {
      if (!options.runWorkers) return;
      await ensureQueue(queue);

      const runJob = async (job: PgBoss.JobWithMetadata | undefined, workerId: string): Promise<unknown> => {
        if (!job) return;
        // Fetches again as soon as this job is done, in case more are waiting.
        boss.notifyWorker(workerId);
        const stopTimer = metrics.jobDuration.startTimer({ queue });
        try {
          const result = await handler({
            id: job.id,
            data: job.data as never,
            retryCount: job.retryCount,
            progress: async (percent) => {
              const clamped = Math.max(0, Math.min(100, percent));
              for (const listener of progressListeners) listener({ queue, jobId: job.id, percent: clamped, data: job.data });
            },
          });
          metrics.jobs.inc({ queue, outcome: 'completed' });
          return result;
        } catch (err) {
          metrics.jobs.inc({ queue, outcome: 'failed' });
          throw err;
        } finally {
          stopTimer();
        }
      };

      const concurrency = opts.concurrency ?? 1;
      for (let i = 0; i < concurrency; i++) {
        // Known once work() returns; a job fetched before then only misses the early re-fetch.
        let workerId = '';
        workerId = await boss.work<object>(queue, { batchSize: 1, includeMetadata: true }, ([job]) => track(runJob(job, workerId)));
        wakeUps.add(queue, workerId);
      }
    },
    async schedule(queue, cron, data = {}) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, data);
    },
    onProgress(listener) {
      progressListeners.add(listener);
      return () => void progressListeners.delete(listener);
    },
    async stop() {
      wakeUps.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      // Each of these can start the next a few ticks after it settles (a fetch its job, a job its
      // completion write), so the set is checked again a turn later until it stays empty.
      const deadline = Date.now() + 5_000;
      while (inFlight.size > 0 && Date.now() < deadline) {
        await Promise.allSettled(inFlight);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** How pg-boss reaches the platform's database: PGlite's single connection or the PostgreSQL pool. */
export function pgBossExecutor(database: DatabaseHandle): PgBoss.Db {
  return database.pglite ? pgliteExecutor(database) : poolExecutor(database);
}

/** pg-boss validates options by key presence, so an `undefined` value must not be passed at all. */
function sendOptions(opts: JobOptions): PgBoss.SendOptions {
  const options: PgBoss.SendOptions = {
    retryLimit: opts.retryLimit ?? 3,
    retryDelay: opts.retryDelay ?? 5,
    retryBackoff: opts.retryBackoff ?? true,
  };
  if (opts.startAfterSeconds !== undefined) options.startAfter = opts.startAfterSeconds;
  if (opts.singletonKey !== undefined) options.singletonKey = opts.singletonKey;
  if (opts.expireInSeconds !== undefined) options.expireInSeconds = opts.expireInSeconds;
  return options;
}

/**
 * Unparameterised scripts (migrations, maintenance) open their own transaction; should one fail,
 * the ROLLBACK keeps the pooled connection from going back to the pool in an aborted transaction.
 */
function poolExecutor(database: DatabaseHandle): PgBoss.Db {
  const pool = database.pool!;
  return {
    // pg-boss omits `values` for scripts, whatever its type declaration says.
    async executeSql(text: string, values?: unknown[]) {
      if (values?.length) return database.sql.query(text, values);
      const client = await pool.connect();
      try {
        const result = (await client.query(text)) as unknown as QueryResult | QueryResult[];
        return { rows: (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [] };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}

/**
 * PGlite's `query` takes one statement; pg-boss sends its migrations and maintenance as one
 * unparameterised script wrapped in `BEGIN; ... COMMIT;`. Run as a plain script on the single
 * shared connection, a failing statement would leave that connection in an aborted transaction
 * for every other caller, so the script runs inside PGlite's own transaction, which rolls back
 * on error and holds off other queries until it ends.
 */
function pgliteExecutor(database: DatabaseHandle): PgBoss.Db {
  const pglite = database.pglite!;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values?.length) return pglite.query(text, values);
      const script = text.replace(/^\s*BEGIN;/i, '').replace(/COMMIT;\s*$/i, '');
      const results = await pglite.transaction((tx) => tx.exec(script));
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}
