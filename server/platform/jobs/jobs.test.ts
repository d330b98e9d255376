import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createTestEnvironment, type TestApp, type TestEnvironment } from '../../../test/support/backend.ts';
import { openDatabase, type DatabaseHandle } from '../db/index.ts';
import { createMetrics } from '../observability/metrics.ts';
import { startJobs, type Jobs } from './index.ts';

interface JobRow {
  state: string;
  retry_count: number;
}

async function jobRow(app: TestApp['app'], queue: string, id: string): Promise<JobRow | undefined> {
  const { rows } = await app.database.sql.query<JobRow>(
    'select state, retry_count from pgboss.job where name = $1 and id = $2',
    [queue, id],
  );
  return rows[0];
}

/** The states of a queue's jobs, oldest first. pg-boss marks a job completed after its handler returns, without waiting. */
async function jobStates(database: DatabaseHandle, queue: string): Promise<string[]> {
  const { rows } = await database.sql.query<{ state: string }>('select state from pgboss.job where name = $1 order by created_on', [queue]);
  return rows.map((row) => row.state);
}

async function metricsText(app: TestApp['app']): Promise<string> {
  return (await app.inject({ method: 'GET', url: '/metrics' })).body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('jobs across a restart', () => {
  let environment: TestEnvironment;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    environment = await createTestEnvironment();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await environment.cleanup();
  });

  it('runs a job enqueued before a restart exactly once after it', { timeout: 60_000 }, async () => {
    // Embedded: the same PGlite folder on disk; services: the same PostgreSQL database.
    const pglitePath = path.join(environment.dataDir, 'pglite');
    const queue = `restart-${randomUUID()}`;
    const runs: { id: string; data: { order: number } }[] = [];
    const record = async (job: { id: string; data: { order: number } }) => void runs.push({ id: job.id, data: job.data });

    const before = await buildTestApp({ environment, build: { pglitePath, runWorkers: false } });
    apps.push(before);
    await before.app.jobs.work(queue, record);
    const jobId = await before.app.jobs.send(queue, { order: 42 });
    expect(jobId).toEqual(expect.any(String));
    expect(await jobRow(before.app, queue, jobId!)).toMatchObject({ state: 'created' });
    await before.close();
    apps.pop();

    const after = await buildTestApp({ environment, build: { pglitePath, runWorkers: true } });
    apps.push(after);
    await after.app.jobs.work(queue, record);
    await expect.poll(() => jobRow(after.app, queue, jobId!), { timeout: 20_000, interval: 200 }).toMatchObject({ state: 'completed' });
    // Two more polling rounds: a duplicate delivery would show up here.
    await sleep(4_500);
    expect(runs).toEqual([{ id: jobId, data: { order: 42 } }]);

    const metrics = await metricsText(after.app);
    expect(metrics).toContain(`fluxworks_jobs_total{queue="${queue}",outcome="completed"} 1`);
    expect(metrics).toContain(`fluxworks_job_duration_seconds_count{queue="${queue}"} 1`);
  });
});

describe('job retries', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await buildTestApp();
  });
  afterAll(() => testApp.close());

  it('retries a failing job with a growing delay until it succeeds', { timeout: 60_000 }, async () => {
    const { app } = testApp;
    const queue = `retry-${randomUUID()}`;
    const attempts: { retryCount: number; at: number }[] = [];
    await app.jobs.work(queue, async (job) => {
      attempts.push({ retryCount: job.retryCount, at: Date.now() });
      if (job.retryCount < 2) throw new Error(`attempt ${job.retryCount + 1} fails on purpose`);
      return { ok: true };
    });
    const jobId = await app.jobs.send(queue, {}, { retryLimit: 3, retryDelay: 1, retryBackoff: true });

    await expect.poll(() => jobRow(app, queue, jobId!), { timeout: 40_000, interval: 250 }).toMatchObject({ state: 'completed' });
    expect(await jobRow(app, queue, jobId!)).toEqual({ state: 'completed', retry_count: 2 });
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    // pg-boss backoff: delay * 2^(n-1) * (1..2) seconds before retry n, i.e. >= 1 s, then >= 2 s.
    const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(1_000);
    expect(third - second).toBeGreaterThanOrEqual(2_000);

    const metrics = await metricsText(app);
    expect(metrics).toContain(`fluxworks_jobs_total{queue="${queue}",outcome="failed"} 2`);
    expect(metrics).toContain(`fluxworks_jobs_total{queue="${queue}",outcome="completed"} 1`);
    expect(metrics).toContain(`fluxworks_job_duration_seconds_count{queue="${queue}"} 3`);
  });

  it('stops retrying after the retry limit and leaves the job failed', { timeout: 60_000 }, async () => {
    const { app } = testApp;
    const queue = `exhausted-${randomUUID()}`;
    let attempts = 0;
    await app.jobs.work(queue, async () => {
      attempts += 1;
      throw new Error('always fails');
    });
    const jobId = await app.jobs.send(queue, {}, { retryLimit: 1, retryDelay: 1, retryBackoff: false });
    await expect.poll(() => jobRow(app, queue, jobId!), { timeout: 30_000, interval: 250 }).toMatchObject({ state: 'failed' });
    await sleep(2_500);
    expect(attempts).toBe(2);
  });
});

describe('cron schedules', () => {
  let environment: TestEnvironment;
  let database: DatabaseHandle;
  let jobs: Jobs;
  const errors: unknown[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment();
    database = await openDatabase({ url: environment.env.DATABASE_URL, pglitePath: 'memory' });
    // pg-boss turns due schedules into jobs on a timer (30 s by default); 1 s keeps the test short.
    jobs = await startJobs({
      database,
      metrics: createMetrics(),
      runWorkers: true,
      onError: (err) => errors.push(err),
      pollingIntervalSeconds: 0.5,
      cronCheckIntervalSeconds: 1,
    });
  });
  afterAll(async () => {
    await jobs.stop();
    await database.close();
    await environment.cleanup();
  });
  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('registers a schedule and enqueues its job when the cron expression is due', { timeout: 30_000 }, async () => {
    const queue = `cron-${randomUUID()}`;
    await jobs.schedule(queue, '* * * * *', { report: 'daily-digest' });

    const { rows } = await database.sql.query<{ cron: string; data: unknown; timezone: string }>(
      'select cron, data, timezone from pgboss.schedule where name = $1',
      [queue],
    );
    expect(rows).toEqual([{ cron: '* * * * *', data: { report: 'daily-digest' }, timezone: 'UTC' }]);

    const received = new Promise<unknown>((resolve) => {
      void jobs.work<{ report: string }>(queue, async (job) => resolve(job.data));
    });
    expect(await received).toEqual({ report: 'daily-digest' });
    await expect.poll(() => jobStates(database, queue), { timeout: 5_000, interval: 50 }).toEqual(['completed']);
  });

  it('rejects an invalid cron expression', async () => {
    await expect(jobs.schedule(`cron-${randomUUID()}`, 'every tuesday')).rejects.toThrow();
  });
});

describe('waking workers', () => {
  let environment: TestEnvironment;
  let database: DatabaseHandle;
  const running: Jobs[] = [];
  const errors: unknown[] = [];
  const states = (queue: string) => jobStates(database, queue);
  const start = async (runWorkers: boolean, pollingIntervalSeconds: number) => {
    const jobs = await startJobs({ database, metrics: createMetrics(), runWorkers, onError: (err) => errors.push(err), pollingIntervalSeconds });
    running.push(jobs);
    return jobs;
  };

  beforeAll(async () => {
    environment = await createTestEnvironment();
    database = await openDatabase({ url: environment.env.DATABASE_URL, pglitePath: 'memory' });
  });
  afterAll(async () => {
    for (const jobs of running) await jobs.stop();
    await database.close();
    await environment.cleanup();
  });
  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('starts a job sent from this process at once, without waiting for the next check', { timeout: 30_000 }, async () => {
    const jobs = await start(true, 30);
    const queue = `wake-${randomUUID()}`;
    let startedAt = 0;
    await jobs.work(queue, async () => {
      startedAt = Date.now();
    });
    // The worker's first fetch, made when it starts, finds nothing; only a wake-up can start the job now.
    await sleep(500);
    const sentAt = Date.now();
    await jobs.send(queue, {});
    await expect.poll(() => startedAt, { timeout: 5_000, interval: 50 }).toBeGreaterThan(0);
    expect(startedAt - sentAt).toBeLessThan(2_000);
    await expect.poll(() => states(queue), { timeout: 5_000, interval: 50 }).toEqual(['completed']);
  });

  it('finds jobs another process sent at the next check, then drains the backlog without waiting between jobs', { timeout: 30_000 }, async () => {
    // Sender and worker as on a web node and a worker node: the sender has no worker to wake.
    const webNode = await start(false, 30);
    const workerNode = await start(true, 3);
    const queue = `backlog-${randomUUID()}`;
    const finishedAt: number[] = [];
    await workerNode.work(queue, async () => void finishedAt.push(Date.now()));
    await sleep(500);
    for (let i = 0; i < 5; i++) await webNode.send(queue, { i });
    await expect.poll(() => finishedAt.length, { timeout: 15_000, interval: 50 }).toBe(5);
    // Waiting out the 3 s check between jobs would take at least 12 s from the first to the last.
    expect(finishedAt.at(-1)! - finishedAt[0]!).toBeLessThan(2_500);
    await expect.poll(() => states(queue), { timeout: 5_000, interval: 50 }).toEqual(Array(5).fill('completed'));
  });

  it('has written the outcome of a job still running when it is stopped by the time stop returns', { timeout: 30_000 }, async () => {
    const jobs = await start(true, 30);
    const queue = `stop-${randomUUID()}`;
    let started = false;
    await jobs.work(queue, async () => {
      started = true;
      await sleep(300);
    });
    await jobs.send(queue, {});
    await expect.poll(() => started, { timeout: 5_000, interval: 20 }).toBe(true);
    await jobs.stop();
    expect(await states(queue)).toEqual(['completed']);
  });
});
