import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stream } from '../../../../common/dashboards-streams.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { findStream } from '../streams/repository.ts';
import { queryService } from '../streams/query.service.ts';
import { streamsService } from '../streams/streams.service.ts';
import { rollingAnomalies, weekOverWeek } from './findings.ts';
import { holtWinters } from './holt-winters.ts';
import { analyticsService } from './service.ts';

const HOUR = 3_600_000;
const daily = (h: number) => 100 + 20 * Math.sin((2 * Math.PI * h) / 24);

describe('forecasts and findings', () => {
  it('forecasts a daily season a day ahead, inside a band that holds the truth', () => {
    const history = Array.from({ length: 24 * 7 }, (_, h) => daily(h) + ((h * 7919) % 5) - 2);
    const forecast = holtWinters(history, { period: 24, horizon: 24 });
    forecast.mean.forEach((mean, i) => {
      const truth = daily(history.length + i);
      expect(Math.abs(mean - truth)).toBeLessThan(6);
      expect(forecast.lower[i]!).toBeLessThan(truth);
      expect(forecast.upper[i]!).toBeGreaterThan(truth);
    });
    expect(forecast.upper[23]! - forecast.lower[23]!).toBeGreaterThan(forecast.upper[0]! - forecast.lower[0]!);
  });

  it('falls back to a linear trend with less than two seasons', () => {
    const forecast = holtWinters([1, 2, 3, 4, 5], { period: 24, horizon: 2 });
    expect(forecast.mean[0]).toBeGreaterThan(5);
    expect(forecast.mean[1]).toBeGreaterThan(forecast.mean[0]!);
  });

  it('finds a spike in a seasonal series without flagging the season itself', () => {
    const times = Array.from({ length: 24 * 3 }, (_, h) => h * HOUR);
    const values: (number | null)[] = times.map((_, h) => daily(h));
    values[60] = 300;
    values[30] = null;
    const found = rollingAnomalies(times, values, { window: 24, threshold: 3.5 });
    expect(found.map((a) => a.time)).toEqual([60 * HOUR]);
    expect(found[0]!.expected).toBeGreaterThan(80);
  });

  it('writes week-over-week findings in words, and only for changes worth saying', () => {
    expect(weekOverWeek('cpu.load p95', 1.38, 1)?.text).toBe('cpu.load p95 rose 38% week over week (1 → 1.38)');
    expect(weekOverWeek('cpu.load p95', 50, 100)?.text).toBe('cpu.load p95 fell 50% week over week (100 → 50)');
    expect(weekOverWeek('cpu.load p95', 104, 100)).toBeUndefined();
    expect(weekOverWeek('cpu.load p95', 5, null)).toBeUndefined();
  });
});

describe('the analytics job on stored points', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const api = (url: string, token: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

  it('stores anomalies, a forecast and insights that readers of the stream can fetch', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id, 'Analytics Org');
    const now = Math.floor(Date.now() / HOUR) * HOUR;
    const makeStream = async (name: string, valueAt: (hoursAgo: number) => number, hours: number) => {
      const stream = (await api(`/orgs/${org.id}/streams`, owner.token, 'POST', { name, fields: ['load'] })).json<Stream>();
      const points = Array.from({ length: hours }, (_, i) => ({ time: now - (hours - i) * HOUR + 60_000, values: { load: valueAt(hours - i) } }));
      expect((await api(`/streams/${stream.id}/points`, owner.token, 'POST', { points })).statusCode).toBe(200);
      return stream;
    };
    const seasonal = await makeStream('web', (ago) => (ago === 5 ? 400 : daily(-ago)), 24 * 3);
    const growing = await makeStream('queue', (ago) => (ago <= 24 * 7 ? 138 : 100) + (ago % 3), 24 * 14);

    const analytics = analyticsService(t.app, streamsService(t.app), queryService(t.app, streamsService(t.app)));
    for (const stream of [seasonal, growing]) await analytics.analyzeStream((await findStream(t.app.db, stream.id))!, now + 1);

    const range = `from=${new Date(now - 3 * 24 * HOUR).toISOString()}&to=${new Date(now).toISOString()}`;
    const anomalies = (await api(`/streams/${seasonal.id}/anomalies?field=load&${range}`, owner.token)).json<{ items: { time: string; value: number }[] }>().items;
    expect(anomalies.map((a) => a.value)).toEqual([400]);
    const forecast = (await api(`/streams/${seasonal.id}/forecast?field=load`, owner.token)).json<{ points: { time: number; mean: number }[] }>();
    expect(forecast.points).toHaveLength(24);
    expect(forecast.points[0]!.time).toBe(now);

    const insights = (await api(`/orgs/${org.id}/insights`, owner.token)).json<{ items: { text: string; streamId: string }[] }>().items;
    expect(insights).toHaveLength(1);
    expect(insights[0]).toMatchObject({ streamId: growing.id });
    expect(insights[0]!.text).toMatch(/^queue\.load p95 rose (3[6-9]|40)% week over week/);

    const stranger = await buildUser(t.app);
    expect((await api(`/streams/${seasonal.id}/forecast?field=load`, stranger.token)).statusCode).toBe(404);
  });
});
