import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult, QueryResult, Stream, StreamDetail } from '../../../../common/dashboards-streams.ts';
import type { CreatedApiKey, Page } from '../../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { enforceRetention, refreshRollups, SKETCH_RELATIVE_ACCURACY, WHOLE_STREAM } from './points.repository.ts';
import { EXACT_PERCENTILES_UP_TO_POINTS } from './query.service.ts';
import { streams } from './tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const api = (method: Method, url: string, credential: string, payload?: object | string, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(credential), ...headers }, payload });

async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Metrics Org');
  return { owner, org };
}

async function createStream(orgId: string, token: string, body: object = {}): Promise<Stream> {
  const res = await api('POST', `/orgs/${orgId}/streams`, token, { name: 'cpu', fields: ['load'], tagKeys: ['host'], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Stream>();
}

async function write(token: string, streamId: string, points: unknown[]): Promise<IngestResult> {
  const res = await api('POST', `/streams/${streamId}/points`, token, { points });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<IngestResult>();
}

async function query(token: string, streamId: string, params: Record<string, string>): Promise<QueryResult> {
  const res = await api('GET', `/streams/${streamId}/query?${new URLSearchParams(params).toString()}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<QueryResult>();
}

const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
const minute = 60_000;

describe('streams', () => {
  it('creates, lists, reads, renames and deletes a stream; names are unique in an organisation', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token, { description: 'Build servers' });
    expect(stream).toMatchObject({ name: 'cpu', fields: ['load'], tagKeys: ['host'], retentionDays: 30 });
    const again = await api('POST', `/orgs/${org.id}/streams`, owner.token, { name: 'cpu' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('stream_name_taken');

    const listed = await api('GET', `/orgs/${org.id}/streams`, owner.token);
    expect(listed.json<Page<Stream>>().items.map((s) => s.name)).toEqual(['cpu']);
    const renamed = await api('PATCH', `/streams/${stream.id}`, owner.token, { name: 'cpu.load', retentionDays: 7, addFields: ['idle'] });
    expect(renamed.json<Stream>()).toMatchObject({ name: 'cpu.load', retentionDays: 7, fields: ['load', 'idle'] });

    expect((await api('DELETE', `/streams/${stream.id}`, owner.token)).statusCode).toBe(204);
    expect((await api('GET', `/streams/${stream.id}`, owner.token)).statusCode).toBe(404);
  });

  it('answers 404 to another organisation, 403 to a viewer who writes, and validates names', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    const stranger = await buildUser(t.app);
    expect(errorCode(await api('GET', `/streams/${stream.id}`, stranger.token))).toBe('stream_not_found');
    expect((await api('GET', `/orgs/${org.id}/streams`, stranger.token)).statusCode).toBe(404);
    const viewer = await buildMember(t.app, org.id, 'viewer');
    expect((await api('GET', `/streams/${stream.id}`, viewer.token)).statusCode).toBe(200);
    expect((await api('POST', `/streams/${stream.id}/points`, viewer.token, { points: [{ values: { load: 1 } }] })).statusCode).toBe(403);
    const member = await buildMember(t.app, org.id, 'member');
    expect((await api('DELETE', `/streams/${stream.id}`, member.token)).statusCode).toBe(403);
    const bad = await api('POST', `/orgs/${org.id}/streams`, owner.token, { name: 'has space' });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps the good points of a batch and rejects each bad one with its position and reason', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    const result = await write(owner.token, stream.id, [
      { time: T0, tags: { host: 'a' }, values: { load: 0.5 } },
      { time: 'yesterday-ish', values: { load: 1 } },
      { time: T0 + 1000, values: { load: 'high' } },
      'not a point',
      { time: new Date(T0 + 2000).toISOString(), tags: { host: 'b', rack: 'r1' }, values: { load: 0.7, temp: 61 } },
      { time: T0, values: {} },
      { time: T0, tags: { host: 42 }, values: { load: 1 } },
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2, 3, 5, 6]);
    expect(result.rejected[1]?.reason).toContain('"load"');
    expect(result.added).toEqual({ fields: ['temp'], tagKeys: ['rack'] });

    const detail = (await api('GET', `/streams/${stream.id}`, owner.token)).json<StreamDetail>();
    expect(detail.stream.fields).toEqual(['load', 'temp']);
    expect(detail.stats).toEqual({ points: 2, series: 2, firstTime: new Date(T0).toISOString(), lastTime: new Date(T0 + 2000).toISOString() });
  });

  it('refuses a batch of more than 10,000 points as a whole', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    const points = Array.from({ length: 10_001 }, (_, i) => ({ time: T0 + i, values: { load: i } }));
    expect((await api('POST', `/streams/${stream.id}/points`, owner.token, { points })).statusCode).toBe(400);
  });

  it('writes InfluxDB line protocol with an ingestion key, making streams per measurement', async () => {
    const { owner, org } = await setup();
    const key = (await api('POST', `/orgs/${org.id}/api-keys`, owner.token, { name: 'telegraf', scopes: ['dashboards:write'] })).json<CreatedApiKey>().secret;
    const seconds = Math.floor(T0 / 1000);
    const body = [
      `cpu,host=web-1 usage_user=12.5,usage_idle=80i ${String(seconds)}`,
      `mem,host=web-1 used_percent=41.2,active=true ${String(seconds)}`,
      `cpu,host=web-2 usage_user="busy" ${String(seconds)}`,
      'this line is not line protocol',
    ].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.id}/write?precision=s`,
      headers: { authorization: `Token ${key}`, 'content-type': 'text/plain' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<IngestResult>();
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(result.rejected[0]?.reason).toContain('string');

    const streams = (await api('GET', `/orgs/${org.id}/streams`, owner.token)).json<Page<Stream>>().items;
    expect(streams.map((s) => s.name).sort()).toEqual(['cpu', 'mem']);
    const mem = streams.find((s) => s.name === 'mem')!;
    const active = await query(owner.token, mem.id, { field: 'active', agg: 'raw', from: new Date(T0 - minute).toISOString(), to: new Date(T0 + minute).toISOString() });
    expect(active.series[0]?.values).toEqual([1]);

    const reader = (await api('POST', `/orgs/${org.id}/api-keys`, owner.token, { name: 'grafana', scopes: ['dashboards:read'] })).json<CreatedApiKey>().secret;
    const refused = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/write`, headers: { authorization: `Token ${reader}`, 'content-type': 'text/plain' }, payload: 'cpu v=1' });
    expect(refused.statusCode).toBe(403);
  });

  it('aggregates into buckets exactly as computed by hand, grouped by tag, with gaps filled', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    // host a: minute 0 → 1, 2, 3 ; minute 2 → 10.  host b: minute 0 → 5.
    await write(owner.token, stream.id, [
      { time: T0 + 1_000, tags: { host: 'a' }, values: { load: 1 } },
      { time: T0 + 20_000, tags: { host: 'a' }, values: { load: 2 } },
      { time: T0 + 40_000, tags: { host: 'a' }, values: { load: 3 } },
      { time: T0 + 2 * minute + 5_000, tags: { host: 'a' }, values: { load: 10 } },
      { time: T0 + 30_000, tags: { host: 'b' }, values: { load: 5 } },
    ]);
    const range = { field: 'load', from: new Date(T0).toISOString(), to: new Date(T0 + 3 * minute).toISOString(), interval: '1m' };
    const expectations: Record<string, (number | null)[]> = {
      avg: [2, null, 10],
      min: [1, null, 10],
      max: [3, null, 10],
      sum: [6, null, 10],
      count: [3, null, 1],
      last: [3, null, 10],
      p50: [2, null, 10],
    };
    for (const [agg, values] of Object.entries(expectations)) {
      const result = await query(owner.token, stream.id, { ...range, agg, 'tag.host': 'a' });
      expect(result.series, agg).toEqual([{ tags: {}, times: [T0, T0 + minute, T0 + 2 * minute], values }]);
    }
    const p95 = await query(owner.token, stream.id, { ...range, agg: 'p95', 'tag.host': 'a' });
    expect(p95.series[0]?.values[0]).toBeCloseTo(2.9, 10);

    const grouped = await query(owner.token, stream.id, { ...range, agg: 'avg', groupBy: 'host', fill: 'none' });
    expect(grouped.series).toEqual([
      { tags: { host: 'a' }, times: [T0, T0 + 2 * minute], values: [2, 10] },
      { tags: { host: 'b' }, times: [T0], values: [5] },
    ]);
    const previous = await query(owner.token, stream.id, { ...range, agg: 'avg', 'tag.host': 'a', fill: 'previous' });
    expect(previous.series[0]?.values).toEqual([2, 2, 10]);
    const linear = await query(owner.token, stream.id, { ...range, agg: 'avg', 'tag.host': 'a', fill: 'linear' });
    expect(linear.series[0]?.values).toEqual([2, 6, 10]);
    const zero = await query(owner.token, stream.id, { ...range, agg: 'sum', 'tag.host': 'a', fill: 'zero' });
    expect(zero.series[0]?.values).toEqual([6, 0, 10]);
  });

  it('answers the same buckets from rollups as from raw points, and marks where they came from', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    const points = Array.from({ length: 240 }, (_, i) => ({ time: T0 + i * 30_000, tags: { host: i % 2 ? 'a' : 'b' }, values: { load: (i * 7) % 13 } }));
    await write(owner.token, stream.id, points);
    const range = { field: 'load', from: new Date(T0).toISOString(), to: new Date(T0 + 2 * 3_600_000).toISOString() };
    const before = await Promise.all(['avg', 'max', 'count', 'last'].map((agg) => query(owner.token, stream.id, { ...range, agg, interval: '10m' })));
    expect(before.every((r) => r.source === 'raw')).toBe(true);

    await refreshRollups(t.app.db, stream.id);
    for (const [i, agg] of ['avg', 'max', 'count', 'last'].entries()) {
      const fromRollups = await query(owner.token, stream.id, { ...range, agg, interval: '10m' });
      expect(fromRollups.source).toBe('rollup_1m');
      expect(fromRollups.series).toEqual(before[i]!.series);
    }
    const hourly = await query(owner.token, stream.id, { ...range, agg: 'count', interval: '1h' });
    expect(hourly.source).toBe('rollup_1h');
    expect(hourly.series[0]?.values).toEqual([120, 120]);

    // A late point makes the rollups stale from its time on: those buckets come from raw points again.
    await write(owner.token, stream.id, [{ time: T0 + 3_600_000 + 1_000, tags: { host: 'a' }, values: { load: 100 } }]);
    const mixed = await query(owner.token, stream.id, { ...range, agg: 'count', interval: '1h' });
    expect(mixed.series[0]?.values).toEqual([120, 121]);
    await refreshRollups(t.app.db, stream.id);
    expect((await query(owner.token, stream.id, { ...range, agg: 'count', interval: '1h' })).series[0]?.values).toEqual([120, 121]);
  });

  describe('percentiles', () => {
    // 3 hosts, a point every 10 s for 2 hours: magnitudes from 0.001 to 10^6, both signs, and zeros.
    const HOSTS = ['a', 'b', 'c'];
    const valueAt = (i: number) => {
      if (i % 17 === 0) return 0;
      const magnitude = Math.exp(-7 + 21 * ((i * 0.6180339887498949) % 1));
      return i % 5 === 0 ? -magnitude : magnitude;
    };
    // A second field on every third point, so that rollups and sketches of two fields are kept apart.
    const points = Array.from({ length: 720 * HOSTS.length }, (_, i) => ({
      time: T0 + Math.floor(i / HOSTS.length) * 10_000,
      tags: { host: HOSTS[i % HOSTS.length]! },
      values: i % 3 === 0 ? { load: valueAt(i), temp: i } : { load: valueAt(i) },
    }));
    const range = { field: 'load', from: new Date(T0).toISOString(), to: new Date(T0 + 2 * 3_600_000).toISOString() };

    /** percentile_cont by hand, and how far a sketch may be from it: 1% of the values it lies between. */
    function exact(values: number[], q: number) {
      const sorted = [...values].sort((x, y) => x - y);
      const h = q * (sorted.length - 1);
      const below = sorted[Math.floor(h)]!;
      const above = sorted[Math.ceil(h)]!;
      const w = h - Math.floor(h);
      return { value: below + w * (above - below), bound: SKETCH_RELATIVE_ACCURACY * ((1 - w) * Math.abs(below) + w * Math.abs(above)) * (1 + 1e-9) };
    }

    async function streamWithPoints(token: string, orgId: string) {
      const stream = await createStream(orgId, token);
      expect((await write(token, stream.id, points)).accepted).toBe(points.length);
      await refreshRollups(t.app.db, stream.id);
      return stream;
    }

    it('answers them exactly from raw points while the stream is small, even once rolled up', async () => {
      const { owner, org } = await setup();
      const stream = await streamWithPoints(owner.token, org.id);
      const result = await query(owner.token, stream.id, { ...range, agg: 'p95', interval: '1h', groupBy: 'host' });
      expect(result.source).toBe('raw');
      expect(result.approximate).toBe(false);
      for (const series of result.series) {
        const host = series.tags.host!;
        series.times.forEach((time, bucket) => {
          const values = points.filter((p) => p.tags.host === host && p.time >= time && p.time < time + 3_600_000).map((p) => p.values.load);
          expect(series.values[bucket]).toBeCloseTo(exact(values, 0.95).value, 6);
        });
      }
    });

    it('reads them from the hourly rollup sketches of a large stream, within 1% of the exact value', async () => {
      const { owner, org } = await setup();
      const stream = await streamWithPoints(owner.token, org.id);
      // Every hourly sketch counts exactly the points of its rollup, and the whole-stream rows (series 0) those of every series.
      const mismatched = await t.app.db.execute(
        sql`select count(*)::int as n from stream_rollups r
            where stream_id = ${stream.id} and resolution_seconds = 3600 and count <> (select coalesce(sum(c), 0) from unnest(r.sketch_counts) as c)`,
      );
      expect((mismatched as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
      const wholeStream = await t.app.db.execute(
        sql`select resolution_seconds as resolution, bool_and(whole.count = parts.count and whole.min = parts.min and whole.max = parts.max) as same, count(*)::int as buckets
            from stream_rollups whole
            join (select resolution_seconds, field, bucket, sum(count)::bigint as count, min(min) as min, max(max) as max from stream_rollups
                  where stream_id = ${stream.id} and series_id <> ${WHOLE_STREAM} group by 1, 2, 3) parts using (resolution_seconds, field, bucket)
            where whole.stream_id = ${stream.id} and whole.series_id = ${WHOLE_STREAM} group by 1 order by 1`,
      );
      expect((wholeStream as { rows: unknown[] }).rows).toEqual([
        { resolution: 60, same: true, buckets: 240 },
        { resolution: 3600, same: true, buckets: 4 },
      ]);
      const temp = await query(owner.token, stream.id, { ...range, field: 'temp', agg: 'count', interval: '1h' });
      expect(temp.series[0]?.values).toEqual([360, 360]);

      // What the stream would have to hold before percentiles come from sketches.
      await t.app.db.update(streams).set({ pointCount: EXACT_PERCENTILES_UP_TO_POINTS + 1 }).where(eq(streams.id, stream.id));
      // Hourly sketches answer whole hours, one or merged across two; other widths read raw points, exactly.
      for (const [interval, source, width] of [['1h', 'rollup_1h', 3_600_000], ['2h', 'rollup_1h', 7_200_000], ['10m', 'raw', 600_000]] as const) {
        for (const [agg, q] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
          // The whole stream (its own rollup rows), one series per host, and one host by filter.
          for (const [groupBy, host] of [[undefined, undefined], ['host', undefined], [undefined, 'b']] as const) {
            const result = await query(owner.token, stream.id, { ...range, agg, interval, ...(groupBy ? { groupBy } : {}), ...(host ? { 'tag.host': host } : {}) });
            expect(result.source).toBe(source);
            expect(result.approximate).toBe(source === 'rollup_1h');
            expect(result.series).toHaveLength(groupBy ? HOSTS.length : 1);
            for (const series of result.series) {
              expect(series.values.length).toBe((2 * 3_600_000) / width);
              const hostOf = groupBy ? series.tags.host : host;
              series.times.forEach((time, bucket) => {
                const values = points.filter((p) => (!hostOf || p.tags.host === hostOf) && p.time >= time && p.time < time + width).map((p) => p.values.load);
                const { value, bound } = exact(values, q);
                const answer = series.values[bucket]!;
                const allowed = source === 'raw' ? 1e-9 * Math.abs(value) : bound;
                expect(Math.abs(answer - value), `${agg} ${interval} ${String(groupBy)} ${String(host)} bucket ${String(bucket)}: ${String(answer)} vs ${String(value)}`).toBeLessThanOrEqual(allowed);
                expect(answer).toBeGreaterThanOrEqual(Math.min(...values));
                expect(answer).toBeLessThanOrEqual(Math.max(...values));
              });
            }
          }
        }
      }
    });
  });

  it('downsamples raw points with LTTB to the width asked for, keeping the extremes', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    const points = Array.from({ length: 5_000 }, (_, i) => ({ time: T0 + i * 1_000, values: { load: i === 1234 ? 500 : i === 3210 ? -500 : Math.sin(i / 50) } }));
    await write(owner.token, stream.id, points);
    const result = await query(owner.token, stream.id, { field: 'load', agg: 'raw', points: '200', from: new Date(T0).toISOString(), to: new Date(T0 + 5_000_000).toISOString() });
    expect(result.sampledFrom).toBe(5_000);
    const values = result.series[0]!.values.filter((v): v is number => v !== null);
    expect(values.length).toBeLessThanOrEqual(200);
    expect(Math.max(...values)).toBe(500);
    expect(Math.min(...values)).toBe(-500);
  });

  it('exports a query as CSV', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    await write(owner.token, stream.id, [
      { time: T0, tags: { host: 'a' }, values: { load: 1.5 } },
      { time: T0 + 1_000, tags: { host: '=cmd' }, values: { load: -2 } },
    ]);
    const params = new URLSearchParams({ field: 'load', agg: 'raw', groupBy: 'host', from: new Date(T0).toISOString(), to: new Date(T0 + minute).toISOString() });
    const res = await api('GET', `/streams/${stream.id}/query.csv?${params.toString()}`, owner.token);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toBe(`time,host,load\r\n${new Date(T0 + 1_000).toISOString()},'=cmd,-2\r\n${new Date(T0).toISOString()},a,1.5\r\n`);
  });

  it('validates queries with a code and a sentence', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token);
    const base = { from: new Date(T0).toISOString(), to: new Date(T0 + minute).toISOString() };
    const missing = await api('GET', `/streams/${stream.id}/query?${new URLSearchParams({ ...base, field: 'nope' }).toString()}`, owner.token);
    expect(errorCode(missing)).toBe('field_not_found');
    const backwards = await api('GET', `/streams/${stream.id}/query?${new URLSearchParams({ field: 'load', from: base.to, to: base.from }).toString()}`, owner.token);
    expect(errorCode(backwards)).toBe('invalid_range');
    const tiny = await api('GET', `/streams/${stream.id}/query?${new URLSearchParams({ ...base, field: 'load', interval: '1ms', to: new Date(T0 + 3_600_000).toISOString() }).toString()}`, owner.token);
    expect(errorCode(tiny)).toBe('too_many_buckets');
    const stray = await api('GET', `/streams/${stream.id}/query?${new URLSearchParams({ ...base, field: 'load', colour: 'red' }).toString()}`, owner.token);
    expect(stray.statusCode).toBe(400);
  });

  it('drops points older than the retention period and keeps the count right', async () => {
    const { owner, org } = await setup();
    const stream = await createStream(org.id, owner.token, { retentionDays: 1 });
    const now = Date.now();
    await write(owner.token, stream.id, [
      { time: now - 3 * 86_400_000, values: { load: 1 } },
      { time: now - 2 * 86_400_000, values: { load: 2 } },
      { time: now - 60_000, values: { load: 3 } },
    ]);
    expect(await enforceRetention(t.app.db)).toBeGreaterThanOrEqual(2);
    const detail = (await api('GET', `/streams/${stream.id}`, owner.token)).json<StreamDetail>();
    expect(detail.stats.points).toBe(1);
  });
});
