import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamAnomaly, StreamForecast } from '../../../../common/dashboards-analytics.ts';
import type { Dashboard, ShareLink } from '../../../../common/dashboards.ts';
import type { Stream } from '../../../../common/dashboards-streams.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { analyticsService } from '../analytics/service.ts';
import { queryService } from '../streams/query.service.ts';
import { findStream } from '../streams/repository.ts';
import { streamsService } from '../streams/streams.service.ts';

const HOUR = 3_600_000;
const daily = (h: number) => 100 + 20 * Math.sin((2 * Math.PI * h) / 24);

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const api = (method: Method, url: string, token?: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...(token ? bearer(token) : {}), ...headers }, payload });

const now = Math.floor(Date.now() / HOUR) * HOUR;
const range = `from=${new Date(now - 3 * 24 * HOUR).toISOString()}&to=${new Date(now).toISOString()}`;

/**
 * An organisation with two analysed streams, each with a spike five hours ago in every field, and a
 * shared dashboard that charts `web.load` (anomalies and forecast), a bar chart of it (anomalies
 * only), the same field filtered by a tag, and a stat of `web.errors`; `vault` is on no widget.
 */
async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Shared Analytics Org');
  const makeStream = async (name: string) => {
    const stream = (await api('POST', `/orgs/${org.id}/streams`, owner.token, { name, fields: ['load', 'errors'], tagKeys: ['host'] })).json<Stream>();
    const hours = 24 * 3;
    const points = Array.from({ length: hours }, (_, i) => {
      const ago = hours - i;
      const value = ago === 5 ? 400 : daily(-ago);
      return { time: now - ago * HOUR + 60_000, tags: { host: 'a' }, values: { load: value, errors: value / 10 } };
    });
    expect((await api('POST', `/streams/${stream.id}/points`, owner.token, { points })).statusCode).toBe(200);
    return stream;
  };
  const web = await makeStream('web');
  const vault = await makeStream('vault');
  const streams = streamsService(t.app);
  const analytics = analyticsService(t.app, streams, queryService(t.app, streams));
  for (const stream of [web, vault]) await analytics.analyzeStream((await findStream(t.app.db, stream.id))!, now + 1);

  const position = (y: number) => ({ x: 0, y, w: 6, h: 4 });
  const load = { streamId: web.id, field: 'load', agg: 'avg', interval: '1h' };
  const res = await api('POST', `/orgs/${org.id}/dashboards`, owner.token, {
    title: 'Web',
    config: {
      timeRange: { from: 'now-3d', to: 'now' },
      widgets: [
        { id: 'load', kind: 'line', position: position(0), query: load, options: { forecast: true } },
        { id: 'bars', kind: 'bar', position: position(4), query: load },
        { id: 'host-a', kind: 'line', position: position(8), query: { ...load, tags: { host: 'a' } }, options: { forecast: true } },
        { id: 'errors', kind: 'stat', position: position(12), query: { streamId: web.id, field: 'errors', agg: 'sum' } },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const dashboard = res.json<Dashboard>();
  const link = (await api('PUT', `/dashboards/${dashboard.id}/share`, owner.token)).json<ShareLink>();
  return { owner, org, web, vault, dashboard, token: link.token };
}

describe('analytics through a public link', () => {
  it('answers a widget’s anomalies and forecast of its own field, as signed-in readers see them', async () => {
    const { owner, web, token } = await setup();
    const anomalies = await api('GET', `/shared/dashboards/${token}/widgets/load/anomalies?${range}`);
    expect(anomalies.statusCode, anomalies.body).toBe(200);
    const items = anomalies.json<{ items: StreamAnomaly[] }>().items;
    expect(items.map((a) => a.value)).toEqual([400]);
    expect(items).toEqual((await api('GET', `/streams/${web.id}/anomalies?field=load&${range}`, owner.token)).json<{ items: StreamAnomaly[] }>().items);
    expect((await api('GET', `/shared/dashboards/${token}/widgets/bars/anomalies?${range}`)).json<{ items: StreamAnomaly[] }>().items).toEqual(items);

    const forecast = await api('GET', `/shared/dashboards/${token}/widgets/load/forecast`);
    expect(forecast.statusCode, forecast.body).toBe(200);
    expect(forecast.json<StreamForecast>().points).toHaveLength(24);
    expect(forecast.json<StreamForecast>()).toEqual((await api('GET', `/streams/${web.id}/forecast?field=load`, owner.token)).json<StreamForecast>());

    // Like the other shared reads: inside the global rate limit, with an ETag a client can send back.
    const data = await api('GET', `/shared/dashboards/${token}/widgets/load/data`);
    for (const res of [anomalies, forecast]) {
      expect(res.headers['x-ratelimit-limit']).toBe(data.headers['x-ratelimit-limit']);
      expect(res.headers['x-ratelimit-remaining']).toBeDefined();
      expect(res.headers.etag).toBeDefined();
    }
    expect((await api('GET', `/shared/dashboards/${token}/widgets/load/forecast`, undefined, undefined, { 'if-none-match': String(forecast.headers.etag) })).statusCode).toBe(304);
  });

  it('refuses fields, streams and overlays no widget of the dashboard shows', async () => {
    const { org, owner, vault, token } = await setup();
    // The widget names the stream and field; the link takes no other.
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/load/anomalies?${range}&field=errors`))).toBe('validation_failed');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/load/anomalies?${range}&streamId=${vault.id}`))).toBe('validation_failed');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/load/forecast?field=errors`))).toBe('validation_failed');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/nope/anomalies?${range}`))).toBe('widget_not_found');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/nope/forecast`))).toBe('widget_not_found');
    // `errors` has anomalies, but its widget is a stat of a sum; a tag-filtered chart does not show its whole field's; a bar chart draws no forecast.
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/errors/anomalies?${range}`))).toBe('analytics_not_shown');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/errors/forecast`))).toBe('analytics_not_shown');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/host-a/anomalies?${range}`))).toBe('analytics_not_shown');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/host-a/forecast`))).toBe('analytics_not_shown');
    expect(errorCode(await api('GET', `/shared/dashboards/${token}/widgets/bars/forecast`))).toBe('analytics_not_shown');

    // A widget pointing at another organisation's stream reads nothing through the link.
    const stranger = await setup();
    const foreign = await api('POST', `/orgs/${org.id}/dashboards`, owner.token, {
      title: 'Foreign',
      config: { widgets: [{ id: 'theirs', kind: 'line', position: { x: 0, y: 0, w: 6, h: 4 }, query: { streamId: stranger.web.id, field: 'load' }, options: { forecast: true } }] },
    });
    expect(foreign.statusCode, foreign.body).toBe(201);
    const foreignLink = (await api('PUT', `/dashboards/${foreign.json<Dashboard>().id}/share`, owner.token)).json<ShareLink>();
    expect(errorCode(await api('GET', `/shared/dashboards/${foreignLink.token}/widgets/theirs/anomalies?${range}`))).toBe('stream_not_found');
    expect(errorCode(await api('GET', `/shared/dashboards/${foreignLink.token}/widgets/theirs/forecast`))).toBe('stream_not_found');
  });

  it('answers 404 in the shared link’s error shape once the link is off, or for a token that never was', async () => {
    const { owner, dashboard, token } = await setup();
    expect((await api('DELETE', `/dashboards/${dashboard.id}/share`, owner.token)).statusCode).toBe(204);
    const gone = await api('GET', `/shared/dashboards/${token}`);
    expect(gone.statusCode).toBe(404);
    for (const path of [`/widgets/load/anomalies?${range}`, '/widgets/load/forecast']) {
      for (const link of [token, 'x'.repeat(32)]) {
        const res = await api('GET', `/shared/dashboards/${link}${path}`);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(gone.json());
      }
    }
  });

  it('lists both in the OpenAPI document beside the other shared reads, without security', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>> }>();
    for (const leaf of ['data', 'anomalies', 'forecast']) {
      const operations = doc.paths[`/api/v1/shared/dashboards/{token}/widgets/{widgetId}/${leaf}`];
      expect(Object.keys(operations ?? {}), leaf).toEqual(['get']);
      expect(operations!.get).toMatchObject({ security: [], tags: ['dashboards'] });
    }
  });

  it('writes nothing under the token', async () => {
    const { owner, dashboard, token } = await setup();
    const before = (await api('GET', `/shared/dashboards/${token}/widgets/load/anomalies?${range}`)).body;
    const paths = ['', '/widgets/load/data', '/widgets/load/anomalies', '/widgets/load/forecast', '/variables/host/values'];
    for (const path of paths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        const res = await api(method, `/shared/dashboards/${token}${path}`, undefined, { items: [], title: 'x', version: 1 });
        expect(res.statusCode, `${method} ${path}`).toBe(404);
        expect(errorCode(res)).toBe('route_not_found');
      }
    }
    expect((await api('GET', `/shared/dashboards/${token}/widgets/load/anomalies?${range}`)).body).toBe(before);
    expect((await api('GET', `/dashboards/${dashboard.id}`, owner.token)).json<{ dashboard: Dashboard }>().dashboard).toMatchObject({ version: 1, title: 'Web', shared: true });
  });
});
