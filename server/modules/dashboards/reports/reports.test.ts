import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextReportRun, type Report } from '../../../../common/dashboards-reports.ts';
import type { Dashboard } from '../../../../common/dashboards.ts';
import type { Stream } from '../../../../common/dashboards-streams.ts';
import { startListeningTestApp } from '../../../platform/storage/local-test-app.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';
import { reportHtml } from './report-html.ts';

let t: Awaited<ReturnType<typeof startListeningTestApp>>;
beforeAll(async () => {
  t = await startListeningTestApp();
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'DELETE';
const api = (method: Method, url: string, token: string, payload?: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

async function dashboardWithData() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Reports Org');
  const stream = (await api('POST', `/orgs/${org.id}/streams`, owner.token, { name: 'sales', fields: ['orders'], tagKeys: ['shop'] })).json<Stream>();
  const now = Date.now();
  const points = Array.from({ length: 48 }, (_, i) => ({ time: now - i * 1_800_000, tags: { shop: i % 2 ? 'north' : 'south' }, values: { orders: 10 + (i % 7) } }));
  await api('POST', `/streams/${stream.id}/points`, owner.token, { points });
  const config = {
    timeRange: { from: 'now-24h', to: 'now' },
    widgets: [
      { id: 'orders', kind: 'line', title: 'Orders by shop', position: { x: 0, y: 0, w: 8, h: 6 }, query: { streamId: stream.id, field: 'orders', agg: 'sum', interval: '1h', groupBy: 'shop' } },
      { id: 'total', kind: 'stat', title: 'Orders now', position: { x: 8, y: 0, w: 4, h: 3 }, query: { streamId: stream.id, field: 'orders', agg: 'last', interval: '1h' }, options: { unit: 'orders' } },
      { id: 'shops', kind: 'table', title: 'Shops', position: { x: 0, y: 6, w: 12, h: 4 }, query: { streamId: stream.id, field: 'orders', agg: 'max', interval: '1h', groupBy: 'shop' } },
    ],
  };
  const dashboard = (await api('POST', `/orgs/${org.id}/dashboards`, owner.token, { title: 'Daily sales', config })).json<Dashboard>();
  return { owner, org, dashboard };
}

describe('scheduled reports', () => {
  it('schedules the next run in UTC, daily or on the weekday asked for', () => {
    const monday0930 = Date.UTC(2026, 10, 30, 9, 30);
    expect(nextReportRun({ frequency: 'daily', hourUtc: 8, weekday: null }, monday0930).toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(nextReportRun({ frequency: 'daily', hourUtc: 10, weekday: null }, monday0930).toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(nextReportRun({ frequency: 'weekly', hourUtc: 8, weekday: 5 }, monday0930).toISOString()).toBe('2026-12-04T08:00:00.000Z');
  });

  it('draws each widget into self-contained HTML, escaping what people typed', () => {
    const html = reportHtml({
      title: 'Q4 <script>',
      description: '',
      fromMs: 0,
      toMs: 3_600_000,
      widgets: [
        { widget: { id: 'a', kind: 'line', title: 'Load', position: { x: 0, y: 0, w: 6, h: 4 }, query: { streamId: '00000000-0000-4000-8000-000000000000', field: 'load', agg: 'avg', fill: 'null', tags: {} }, options: {} }, data: { field: 'load', agg: 'avg', intervalMs: 60_000, source: 'raw', sampledFrom: null, approximate: false, series: [{ tags: {}, times: [0, 1_800_000], values: [1, 2] }] } },
        { widget: { id: 'b', kind: 'stat', title: 'Gone', position: { x: 6, y: 0, w: 6, h: 4 }, query: { streamId: '00000000-0000-4000-8000-000000000000', field: 'load', agg: 'avg', fill: 'null', tags: {} }, options: {} }, data: { error: 'The stream of this widget is gone' } },
      ],
    });
    expect(html).toContain('Q4 &#60;script&#62;');
    expect(html).not.toContain('<script');
    expect(html).toContain('<polyline');
    expect(html).toContain('The stream of this widget is gone');
  });

  it('renders a PDF with Chromium, stores it and mails a link that downloads it', async () => {
    const { owner, dashboard } = await dashboardWithData();
    const created = await api('POST', `/dashboards/${dashboard.id}/reports`, owner.token, { format: 'pdf', frequency: 'weekly', weekday: 1, hourUtc: 7, recipients: ['boss@example.test'] });
    expect(created.statusCode, created.body).toBe(201);
    const report = created.json<Report>();
    expect(new Date(report.nextRunAt).getUTCDay()).toBe(1);

    const sent = await api('POST', `/reports/${report.id}/send`, owner.token);
    expect(sent.statusCode, sent.body).toBe(204);
    const { rows } = await t.app.database.sql.query<{ subject: string; text: string }>('select subject, text from mail_outbox where "to" = $1', ['boss@example.test']);
    expect(rows[0]?.subject).toBe('Report: Daily sales');
    const link = /https?:\/\/\S+/.exec(rows[0]!.text)![0];
    const download = await fetch(link);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('renders a PNG for a PNG schedule', async () => {
    const { owner, dashboard } = await dashboardWithData();
    const report = (await api('POST', `/dashboards/${dashboard.id}/reports`, owner.token, { format: 'png', recipients: ['png@example.test'] })).json<Report>();
    expect((await api('POST', `/reports/${report.id}/send`, owner.token)).statusCode).toBe(204);
    const { rows } = await t.app.database.sql.query<{ text: string }>('select text from mail_outbox where "to" = $1', ['png@example.test']);
    const download = await fetch(/https?:\/\/\S+/.exec(rows[0]!.text)![0]);
    expect(Buffer.from(await download.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('lets only editors of the dashboard schedule reports, and validates them', async () => {
    const { owner, org, dashboard } = await dashboardWithData();
    const viewer = await buildMember(t.app, org.id, 'viewer');
    expect((await api('POST', `/dashboards/${dashboard.id}/reports`, viewer.token, { recipients: ['a@example.test'] })).statusCode).toBe(403);
    expect((await api('GET', `/dashboards/${dashboard.id}/reports`, viewer.token)).statusCode).toBe(200);
    expect((await api('POST', `/dashboards/${dashboard.id}/reports`, owner.token, { recipients: [] })).statusCode).toBe(400);
    expect((await api('POST', `/dashboards/${dashboard.id}/reports`, owner.token, { frequency: 'weekly', recipients: ['a@example.test'] })).statusCode).toBe(400);
    const stranger = await buildUser(t.app);
    const report = (await api('POST', `/dashboards/${dashboard.id}/reports`, owner.token, { recipients: ['a@example.test'] })).json<Report>();
    expect(errorCode(await api('DELETE', `/reports/${report.id}`, stranger.token))).toBe('report_not_found');
  });
});
