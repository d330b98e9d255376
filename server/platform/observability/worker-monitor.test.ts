import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { startWorkerMonitor } from './worker-monitor.ts';

describe('worker monitor', () => {
  let t: TestApp;
  let base: string;
  let close: () => Promise<unknown>;

  beforeAll(async () => {
    t = await buildTestApp({ build: { runWorkers: true } });
    const monitor = await startWorkerMonitor(t.app, '127.0.0.1', 0);
    base = `http://127.0.0.1:${(monitor.server.address() as AddressInfo).port}`;
    close = () => monitor.close();
  });
  afterAll(async () => {
    await close();
    await t.close();
  });

  it('exposes the worker process metrics, job counts included', async () => {
    await t.app.jobs.work<{ n: number }>('monitor.test', async () => undefined);
    await t.app.jobs.send('monitor.test', { n: 1 });
    await expect.poll(async () => (await fetch(`${base}/metrics`)).text(), { timeout: 15_000, interval: 250 }).toMatch(
      /fluxworks_jobs_total\{queue="monitor.test",outcome="completed"\} 1/,
    );
  });

  it('reports dependency health and nothing of the API', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
    expect((await fetch(`${base}/api/v1/me`)).status).toBe(404);
  });
});
