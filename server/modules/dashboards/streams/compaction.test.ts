import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult, QueryResult, Stream, StreamDetail } from '../../../../common/dashboards-streams.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { compactPoints } from './point-blocks.repository.ts';
import { enforceRetention, pointsSince, refreshRollups } from './points.repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const api = (method: Method, url: string, token: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 6, 0, 0);
const HOSTS = ['a', 'b', 'c'];

async function streamOf(body: object = {}) {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Compacted Org');
  const res = await api('POST', `/orgs/${org.id}/streams`, owner.token, { name: 'cpu', fields: ['load', 'temp'], tagKeys: ['host'], retentionDays: 3650, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return { token: owner.token, stream: res.json<Stream>() };
}

async function write(token: string, streamId: string, points: unknown[]): Promise<void> {
  const res = await api('POST', `/streams/${streamId}/points`, token, { points });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json<IngestResult>().rejected).toEqual([]);
}

async function query(token: string, streamId: string, params: Record<string, string>): Promise<QueryResult> {
  const res = await api('GET', `/streams/${streamId}/query?${new URLSearchParams(params).toString()}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<QueryResult>();
}

async function count(table: 'stream_points' | 'stream_point_blocks', streamId: string): Promise<number> {
  const { rows } = await t.app.database.sql.query<{ n: number }>(`select count(*)::int as n from ${table} where stream_id = $1`, [streamId]);
  return rows[0]!.n;
}

// Five hours of points from three hosts, every 50 s, two at the same instant now and then; values
// are multiples of 1/4, so that sums come out exact whatever order the points are added in.
// Every fourth point has no temperature.
const points = Array.from({ length: 1_080 }, (_, i) => {
  const time = T0 + Math.floor(i / 3) * 50_000 + (i % 7 === 0 ? 0 : i % 3) * 1_000;
  const load = ((i * 37) % 101) / 4 - 5;
  return { time, tags: { host: HOSTS[i % 3]! }, values: i % 4 === 0 ? { load } : { load, temp: (i % 23) * 0.25 } };
});
const range = { from: new Date(T0 - 30 * 60_000).toISOString(), to: new Date(T0 + 5 * HOUR).toISOString() };
const AGGREGATES = ['avg', 'min', 'max', 'sum', 'count', 'last', 'p50', 'p95', 'p99'];

/** Every kind of query the compacted points must answer as the rows did. */
async function answers(token: string, streamId: string) {
  const answered: Record<string, QueryResult> = {};
  for (const field of ['load', 'temp']) {
    for (const agg of AGGREGATES) {
      answered[`${field} ${agg} by host`] = await query(token, streamId, { ...range, field, agg, interval: '10m', groupBy: 'host' });
      answered[`${field} ${agg} of b`] = await query(token, streamId, { ...range, field, agg, interval: '7m', 'tag.host': 'b', fill: 'none' });
    }
    answered[`${field} raw`] = await query(token, streamId, { ...range, field, agg: 'raw', points: '10000' });
  }
  return answered;
}

describe('compacted points', () => {
  it('answer every query, every stat and the live catch-up exactly as the rows did', async () => {
    const { token, stream } = await streamOf();
    await write(token, stream.id, points);
    const before = await answers(token, stream.id);
    const detailBefore = (await api('GET', `/streams/${stream.id}`, token)).json<StreamDetail>();
    const caughtUpBefore = await pointsSince(t.app.db, stream, T0 + HOUR - 1, { host: 'c' }, 50);

    expect(await compactPoints(t.app.db, stream.id, T0 + 10 * HOUR)).toBe(points.length);
    expect(await count('stream_points', stream.id)).toBe(0);
    expect(await count('stream_point_blocks', stream.id)).toBe(HOSTS.length * 5);

    expect(await answers(token, stream.id)).toEqual(before);
    expect(before['load p95 by host']!.series).toHaveLength(3);
    expect(before['temp raw']!.sampledFrom).toBe(points.filter((p) => 'temp' in p.values).length);
    const detailAfter = (await api('GET', `/streams/${stream.id}`, token)).json<StreamDetail>();
    expect(detailAfter.stats).toEqual(detailBefore.stats);
    const caughtUp = await pointsSince(t.app.db, stream, T0 + HOUR - 1, { host: 'c' }, 50);
    expect(caughtUp).toEqual(caughtUpBefore);
    expect(caughtUp).toHaveLength(50);
    expect(caughtUp.some((point) => point.values.temp === null)).toBe(true);
  });

  it('compact only hours before the cutoff, and take late points into a block of their own', async () => {
    const { token, stream } = await streamOf();
    await write(token, stream.id, points);
    expect(await compactPoints(t.app.db, stream.id, T0 + 2 * HOUR + 59 * 60_000)).toBe(points.filter((p) => p.time < T0 + 2 * HOUR).length);
    expect(await count('stream_points', stream.id)).toBe(points.filter((p) => p.time >= T0 + 2 * HOUR).length);

    const late = [
      { time: T0 + 30 * 60_000 + 1, tags: { host: 'a' }, values: { load: 1000, temp: -1 } },
      { time: T0 + 30 * 60_000 + 2, tags: { host: 'a' }, values: { load: -1000 } },
    ];
    await write(token, stream.id, late);
    const hourOfLate = { field: 'load', from: new Date(T0).toISOString(), to: new Date(T0 + HOUR).toISOString(), interval: '1h', 'tag.host': 'a' };
    const expected = points.filter((p) => p.tags.host === 'a' && p.time < T0 + HOUR).length + late.length;
    expect((await query(token, stream.id, { ...hourOfLate, agg: 'count' })).series[0]?.values).toEqual([expected]);

    expect(await compactPoints(t.app.db, stream.id, T0 + 2 * HOUR)).toBe(late.length);
    expect(await count('stream_point_blocks', stream.id)).toBe(HOSTS.length * 2 + 1);
    expect((await query(token, stream.id, { ...hourOfLate, agg: 'count' })).series[0]?.values).toEqual([expected]);
    expect((await query(token, stream.id, { ...hourOfLate, agg: 'max' })).series[0]?.values).toEqual([1000]);
    expect((await query(token, stream.id, { ...hourOfLate, agg: 'min' })).series[0]?.values).toEqual([-1000]);
    expect((await query(token, stream.id, { ...hourOfLate, field: 'temp', agg: 'min' })).series[0]?.values).toEqual([-1]);
  });

  it('keep rollups right when points arrive for an hour already compacted', async () => {
    const { token, stream } = await streamOf();
    await write(token, stream.id, points);
    await refreshRollups(t.app.db, stream.id);
    const hourly = { ...range, field: 'load', interval: '1h', groupBy: 'host' };
    const fromRows = await query(token, stream.id, { ...hourly, agg: 'sum' });
    expect(fromRows.source).toBe('rollup_1h');

    await compactPoints(t.app.db, stream.id, T0 + 10 * HOUR);
    await write(token, stream.id, [{ time: T0 + 90 * 60_000, tags: { host: 'b' }, values: { load: 100 } }]);
    await refreshRollups(t.app.db, stream.id);
    const refreshed = await query(token, stream.id, { ...hourly, agg: 'sum' });
    expect(refreshed.source).toBe('rollup_1h');
    const hostB = (result: QueryResult) => result.series.find((s) => s.tags.host === 'b')!;
    expect(hostB(refreshed).values[2]).toBe(hostB(fromRows).values[2]! + 100);
    expect(refreshed.series.filter((s) => s.tags.host !== 'b')).toEqual(fromRows.series.filter((s) => s.tags.host !== 'b'));
    // The hour's sketches were counted again from the compacted points and the late one.
    const sketched = await t.app.database.sql.query<{ n: number }>(
      `select sum(c)::int as n from stream_rollups r cross join lateral unnest(r.sketch_counts) as c
       where r.stream_id = $1 and r.resolution_seconds = 3600 and r.field = 0 and r.series_id = 0 and r.bucket = $2::timestamptz`,
      [stream.id, new Date(T0 + HOUR).toISOString()],
    );
    expect(sketched.rows[0]?.n).toBe(points.filter((p) => p.time >= T0 + HOUR && p.time < T0 + 2 * HOUR).length + 1);
  });

  it('give back every value bit for bit, tiny, huge, negative and subnormal alike', async () => {
    const { token, stream } = await streamOf({ fields: ['load'] });
    const values = [Number.MIN_VALUE, -1e300, 1.7976931348623157e308, 1e-310, -2.2250738585072014e-308, 123.456, -0.1, 0, 1 / 3];
    await write(token, stream.id, values.map((load, i) => ({ time: T0 + i * 1_000, values: { load } })));
    await compactPoints(t.app.db, stream.id, T0 + 10 * HOUR);
    expect(await count('stream_points', stream.id)).toBe(0);
    // Raw listings decode blocks in SQL; aggregates decode them in Node.
    const raw = await query(token, stream.id, { ...range, field: 'load', agg: 'raw' });
    expect(raw.series[0]?.values).toEqual(values);
    for (const [agg, expected] of [['min', -1e300], ['max', 1.7976931348623157e308], ['count', values.length]] as const) {
      expect((await query(token, stream.id, { ...range, field: 'load', agg, interval: '1h', fill: 'none' })).series[0]?.values, agg).toEqual([expected]);
    }
  });

  it('answer a field added after they were compacted with only the points that have it', async () => {
    const { token, stream } = await streamOf({ fields: ['load'] });
    await write(token, stream.id, points.slice(0, 90).map((p) => ({ ...p, values: { load: p.values.load } })));
    await compactPoints(t.app.db, stream.id, T0 + 10 * HOUR);
    expect((await api('PATCH', `/streams/${stream.id}`, token, { addFields: ['humidity'] })).statusCode).toBe(200);
    await write(token, stream.id, [{ time: T0 + 1_000, tags: { host: 'a' }, values: { load: 1, humidity: 40 } }]);
    await compactPoints(t.app.db, stream.id, T0 + 10 * HOUR);
    const humidity = await query(token, stream.id, { ...range, field: 'humidity', agg: 'count', interval: '1h', fill: 'none' });
    expect(humidity.series[0]).toMatchObject({ times: [T0], values: [1] });
    const load = await query(token, stream.id, { ...range, field: 'load', agg: 'count', interval: '1h', fill: 'none' });
    expect(load.series[0]?.values).toEqual([91]);
  });

  it('expire by whole hours under retention, keep the count right, and go with their stream', async () => {
    const { token, stream } = await streamOf({ retentionDays: 1 });
    const now = Date.now();
    const old = Math.floor((now - 3 * 86_400_000) / HOUR) * HOUR;
    await write(token, stream.id, [
      { time: old + 60_000, values: { load: 1 } },
      { time: old + 120_000, values: { load: 2 } },
      { time: now - 60_000, values: { load: 3 } },
    ]);
    expect(await compactPoints(t.app.db, stream.id, now - 2 * HOUR)).toBe(2);
    expect(await enforceRetention(t.app.db)).toBeGreaterThanOrEqual(2);
    expect(await count('stream_point_blocks', stream.id)).toBe(0);
    const detail = (await api('GET', `/streams/${stream.id}`, token)).json<StreamDetail>();
    expect(detail.stats.points).toBe(1);

    await write(token, stream.id, [{ time: now - 5 * HOUR, values: { load: 4 } }]);
    expect(await compactPoints(t.app.db, stream.id, now - 2 * HOUR)).toBe(1);
    expect((await api('DELETE', `/streams/${stream.id}`, token)).statusCode).toBe(204);
    expect(await count('stream_point_blocks', stream.id)).toBe(0);
  });
});
