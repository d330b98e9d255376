import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { connected, createSignedInUser, listenOnFreePort, openClient } from '../realtime/test-support.ts';

function promtoolCheck(exposition: string): { status: number | null; output: string } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The value of the one sample whose name and labels match exactly, labels in any order. */
function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = new Map<string, string>();
    for (const label of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) found.set(label[1] ?? '', label[2] ?? '');
    const same = found.size === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => found.get(k) === v);
    if (same) return Number(match[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  let testApp: TestApp;
  let exposition: string;
  const queue = `metrics-${randomUUID()}`;

  beforeAll(async () => {
    testApp = await buildTestApp();
    const { app } = testApp;
    const baseUrl = await listenOnFreePort(app);

    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });

    await app.cache.get(`metrics-test:${randomUUID()}`);
    await app.cache.set('metrics-test:present', { ok: true }, 60);
    await app.cache.get('metrics-test:present');

    await app.jobs.work(queue, async () => undefined);
    await app.jobs.send(queue, {});
    while (!(await app.metrics.jobs.get()).values.some((v) => v.labels.queue === queue)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const { token } = await createSignedInUser(app);
    const client = openClient(baseUrl, token);
    await connected(client);

    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    exposition = response.body;
    client.disconnect();
  }, 60_000);
  afterAll(() => testApp.close());

  it('is accepted by promtool check metrics', () => {
    const { status, output } = promtoolCheck(exposition);
    expect(output.split('\n').filter((l) => /error/i.test(l))).toEqual([]);
    expect(status).toBe(0);
  });

  it('counts HTTP requests by method, route and status', () => {
    expect(sample(exposition, 'fluxworks_http_requests_total', { method: 'GET', route: '/health', status: '200' })).toBe(2);
    expect(sample(exposition, 'fluxworks_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
  });

  it('records request durations in a histogram from which percentiles can be derived', () => {
    const labels = { method: 'GET', route: '/health' };
    expect(sample(exposition, 'fluxworks_http_request_duration_seconds_count', labels)).toBe(2);
    expect(sample(exposition, 'fluxworks_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(2);
    expect(sample(exposition, 'fluxworks_http_request_duration_seconds_bucket', { ...labels, le: '0.01' })).toBeGreaterThanOrEqual(0);
    expect(sample(exposition, 'fluxworks_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
  });

  it('reports open WebSocket connections by namespace', () => {
    expect(sample(exposition, 'fluxworks_websocket_connections', { namespace: '/' })).toBe(1);
  });

  it('records database statement durations by kind', () => {
    expect(sample(exposition, 'fluxworks_db_query_duration_seconds_count', { operation: 'select' })).toBeGreaterThan(0);
    expect(sample(exposition, 'fluxworks_db_query_duration_seconds_count', { operation: 'insert' })).toBeGreaterThan(0);
  });

  it('counts jobs by queue and outcome, with their durations', () => {
    expect(sample(exposition, 'fluxworks_jobs_total', { queue, outcome: 'completed' })).toBe(1);
    expect(sample(exposition, 'fluxworks_job_duration_seconds_count', { queue })).toBe(1);
  });

  it('counts cache hits and misses', () => {
    expect(sample(exposition, 'fluxworks_cache_lookups_total', { cache: 'platform', result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sample(exposition, 'fluxworks_cache_lookups_total', { cache: 'platform', result: 'miss' })).toBeGreaterThanOrEqual(1);
  });
});
