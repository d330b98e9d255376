import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation, Dashboard, DashboardDetail, DashboardExport, PublicDashboard, ShareLink, VariableValues } from '../../../../common/dashboards.ts';
import type { QueryResult, Stream } from '../../../../common/dashboards-streams.ts';
import type { Page } from '../../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';
import { errorCode } from '../../../../test/support/responses.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const api = (method: Method, url: string, token: string | undefined, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: token ? bearer(token) : {}, payload });

async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Ops Org');
  const stream = (await api('POST', `/orgs/${org.id}/streams`, owner.token, { name: 'cpu', fields: ['load'], tagKeys: ['host'] })).json<Stream>();
  const now = Date.now();
  const written = await api('POST', `/streams/${stream.id}/points`, owner.token, {
    points: [
      { time: now - 60_000, tags: { host: 'a' }, values: { load: 1 } },
      { time: now - 30_000, tags: { host: 'a' }, values: { load: 3 } },
      { time: now - 30_000, tags: { host: 'b' }, values: { load: 10 } },
    ],
  });
  expect(written.statusCode).toBe(200);
  return { owner, org, stream };
}

const config = (streamId: string) => ({
  variables: [{ name: 'host', label: 'Host', streamId, tagKey: 'host', default: 'a' }],
  timeRange: { from: 'now-1h', to: 'now' },
  refreshSeconds: 30,
  widgets: [
    { id: 'load', kind: 'line', title: 'Load', position: { x: 0, y: 0, w: 8, h: 6 }, query: { streamId, field: 'load', agg: 'max', interval: '1h', fill: 'none', tags: { host: '$host' } } },
    { id: 'total', kind: 'stat', title: 'All hosts', position: { x: 8, y: 0, w: 4, h: 3 }, query: { streamId, field: 'load', agg: 'sum', interval: '1h', fill: 'none' } },
  ],
});

async function createDashboard(orgId: string, token: string, body: object): Promise<Dashboard> {
  const res = await api('POST', `/orgs/${orgId}/dashboards`, token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Dashboard>();
}

const sumOf = (result: QueryResult) => result.series.flatMap((s) => s.values).reduce<number>((a, v) => a + (v ?? 0), 0);

describe('dashboards', () => {
  it('creates a dashboard with widgets and variables, lists and reads it with the actor’s policies', async () => {
    const { owner, org, stream } = await setup();
    const created = await createDashboard(org.id, owner.token, { title: 'Servers', config: config(stream.id) });
    expect(created).toMatchObject({ title: 'Servers', version: 1, shared: false, visibility: 'organization' });
    expect(created.config.widgets).toHaveLength(2);
    const listed = (await api('GET', `/orgs/${org.id}/dashboards`, owner.token)).json<Page<Dashboard>>();
    expect(listed.items.map((d) => d.title)).toEqual(['Servers']);
    const detail = (await api('GET', `/dashboards/${created.id}`, owner.token)).json<DashboardDetail>();
    expect(detail.policies).toMatchObject({ read: true, edit: true, share: true, delete: true });
  });

  it('refuses widgets that overlap the grid edge, share an id or use an unknown variable', async () => {
    const { owner, org, stream } = await setup();
    const good = config(stream.id);
    const bad = { ...good, widgets: [{ ...good.widgets[0]!, position: { x: 10, y: 0, w: 4, h: 2 }, query: { ...good.widgets[0]!.query, tags: { host: '$nope' } } }, good.widgets[0]!, good.widgets[0]!] };
    const res = await api('POST', `/orgs/${org.id}/dashboards`, owner.token, { title: 'Broken', config: bad });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('column 12');
    expect(res.body).toContain('No variable named');
    expect(res.body).toContain('share the id');
  });

  it('answers each widget’s data with variables replaced, defaults applied, and time ranges resolved', async () => {
    const { owner, org, stream } = await setup();
    const dashboard = await createDashboard(org.id, owner.token, { title: 'Servers', config: config(stream.id) });
    const data = (widget: string, query = '') => api('GET', `/dashboards/${dashboard.id}/widgets/${widget}/data${query}`, owner.token);
    expect(sumOf((await data('load')).json<QueryResult>())).toBe(3);
    expect(sumOf((await data('load', '?var.host=b')).json<QueryResult>())).toBe(10);
    expect(sumOf((await data('load', '?var.host=*')).json<QueryResult>())).toBe(10);
    expect(sumOf((await data('total')).json<QueryResult>())).toBe(14);
    expect(sumOf((await data('total', '?from=now-2d&to=now-1d')).json<QueryResult>())).toBe(0);
    expect(errorCode(await data('nope'))).toBe('widget_not_found');
    expect((await data('load', '?colour=red')).statusCode).toBe(400);
  });

  it('saves from the version it started from and refuses a stale save with 409', async () => {
    const { owner, org, stream } = await setup();
    const dashboard = await createDashboard(org.id, owner.token, { title: 'Servers', config: config(stream.id) });
    const member = await buildMember(t.app, org.id, 'member');
    const first = await api('PATCH', `/dashboards/${dashboard.id}`, member.token, { version: 1, title: 'Servers (prod)' });
    expect(first.json<Dashboard>().version).toBe(2);
    const stale = await api('PATCH', `/dashboards/${dashboard.id}`, owner.token, { version: 1, title: 'Mine' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string; details: { version: number } } }>().error).toMatchObject({ code: 'dashboard_changed', details: { version: 2 } });
    // The cached copy was forgotten on save: a read shows the new title at once.
    expect((await api('GET', `/dashboards/${dashboard.id}`, owner.token)).json<DashboardDetail>().dashboard.title).toBe('Servers (prod)');
  });

  it('keeps private dashboards to their creator and admins; viewers read but never edit', async () => {
    const { owner, org, stream } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const other = await buildMember(t.app, org.id, 'member');
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const mine = await createDashboard(org.id, member.token, { title: 'Scratch', visibility: 'private', config: config(stream.id) });
    expect((await api('GET', `/dashboards/${mine.id}`, other.token)).statusCode).toBe(404);
    expect((await api('GET', `/orgs/${org.id}/dashboards`, other.token)).json<Page<Dashboard>>().items).toEqual([]);
    expect((await api('GET', `/dashboards/${mine.id}`, owner.token)).statusCode).toBe(200);

    const shared = await createDashboard(org.id, owner.token, { title: 'Team', config: config(stream.id) });
    expect((await api('GET', `/dashboards/${shared.id}`, viewer.token)).statusCode).toBe(200);
    expect((await api('PATCH', `/dashboards/${shared.id}`, viewer.token, { version: 1, title: 'x' })).statusCode).toBe(403);
    expect((await api('DELETE', `/dashboards/${shared.id}`, other.token)).statusCode).toBe(403);
    const stranger = await buildUser(t.app);
    expect(errorCode(await api('GET', `/dashboards/${shared.id}`, stranger.token))).toBe('dashboard_not_found');
  });

  it('shares by a read-only public link that shows the layout and widget data, and stops when turned off', async () => {
    const { owner, org, stream } = await setup();
    const dashboard = await createDashboard(org.id, owner.token, { title: 'Status', config: config(stream.id) });
    const link = (await api('PUT', `/dashboards/${dashboard.id}/share`, owner.token)).json<ShareLink>();
    // The link opens the web app's read-only page, which reads the API below.
    expect(link.url).toBe(`${t.config.publicUrl}/shared/dashboards/${link.token}`);
    expect((await api('PUT', `/dashboards/${dashboard.id}/share`, owner.token)).json<ShareLink>().token).toBe(link.token);
    expect((await api('GET', `/dashboards/${dashboard.id}/share`, owner.token)).json<ShareLink>()).toEqual(link);

    const shared = await api('GET', `/shared/dashboards/${link.token}`, undefined);
    expect(shared.statusCode).toBe(200);
    expect(shared.json<PublicDashboard>()).toMatchObject({ title: 'Status' });
    expect(shared.body).not.toContain(owner.user.email);
    const data = await api('GET', `/shared/dashboards/${link.token}/widgets/total/data`, undefined);
    expect(sumOf(data.json<QueryResult>())).toBe(14);
    // Read-only: the link reaches no write and no other stream.
    expect((await api('PATCH', `/dashboards/${dashboard.id}`, undefined, { version: 1, title: 'x' })).statusCode).toBe(401);
    expect((await api('POST', `/shared/dashboards/${link.token}/widgets/total/data`, undefined)).statusCode).toBe(404);

    expect((await api('DELETE', `/dashboards/${dashboard.id}/share`, owner.token)).statusCode).toBe(204);
    expect(errorCode(await api('GET', `/shared/dashboards/${link.token}`, undefined))).toBe('shared_dashboard_not_found');
  });

  it('lists a variable’s choices for readers and through a public link, and nothing else through the link', async () => {
    const { owner, org, stream } = await setup();
    const dashboard = await createDashboard(org.id, owner.token, { title: 'Hosts', config: config(stream.id) });
    const values = await api('GET', `/dashboards/${dashboard.id}/variables/host/values`, owner.token);
    expect(values.statusCode, values.body).toBe(200);
    expect(values.json<VariableValues>()).toEqual({ name: 'host', values: ['a', 'b'] });
    expect((await api('GET', `/dashboards/${dashboard.id}/variables/host/values?q=B`, owner.token)).json<VariableValues>().values).toEqual(['b']);
    expect(errorCode(await api('GET', `/dashboards/${dashboard.id}/variables/rack/values`, owner.token))).toBe('variable_not_found');
    const stranger = await buildUser(t.app);
    expect(errorCode(await api('GET', `/dashboards/${dashboard.id}/variables/host/values`, stranger.token))).toBe('dashboard_not_found');

    expect((await api('GET', `/shared/dashboards/${'x'.repeat(43)}/variables/host/values`, undefined)).statusCode).toBe(404);
    const link = (await api('PUT', `/dashboards/${dashboard.id}/share`, owner.token)).json<ShareLink>();
    const shared = await api('GET', `/shared/dashboards/${link.token}/variables/host/values?limit=1`, undefined);
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json<VariableValues>().values).toEqual(['a']);
  });

  it('exports to a file and imports it again, refusing files that point at other organisations’ streams', async () => {
    const { owner, org, stream } = await setup();
    const dashboard = await createDashboard(org.id, owner.token, { title: 'Servers', config: config(stream.id) });
    const file = (await api('GET', `/dashboards/${dashboard.id}/export`, owner.token)).json<DashboardExport>();
    expect(file.format).toBe('fluxworks.dashboard/v1');
    const copy = await api('POST', `/orgs/${org.id}/dashboards/import`, owner.token, { ...file, title: 'Servers (copy)' });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json<Dashboard>().config).toEqual(dashboard.config);

    const elsewhere = await setup();
    const refused = await api('POST', `/orgs/${elsewhere.org.id}/dashboards/import`, elsewhere.owner.token, file);
    expect(errorCode(refused)).toBe('stream_not_found');
    expect(errorCode(await api('POST', `/orgs/${org.id}/dashboards/import`, owner.token, { format: 'grafana' }))).toBe('invalid_dashboard_file');
  });

  it('keeps annotations on the time axis; authors and editors remove them', async () => {
    const { owner, org, stream } = await setup();
    const dashboard = await createDashboard(org.id, owner.token, { title: 'Servers', config: config(stream.id) });
    const member = await buildMember(t.app, org.id, 'member');
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const at = new Date(Date.now() - 120_000).toISOString();
    const created = await api('POST', `/dashboards/${dashboard.id}/annotations`, member.token, { time: at, text: 'Deployed 2.4', tags: ['deploy'] });
    expect(created.statusCode, created.body).toBe(201);
    expect((await api('POST', `/dashboards/${dashboard.id}/annotations`, viewer.token, { time: at, text: 'no' })).statusCode).toBe(403);
    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}`;
    const listed = (await api('GET', `/dashboards/${dashboard.id}/annotations?${range}`, viewer.token)).json<{ items: Annotation[] }>().items;
    expect(listed.map((a) => a.text)).toEqual(['Deployed 2.4']);
    expect(listed[0]?.createdBy?.id).toBe(member.user.id);
    expect((await api('DELETE', `/annotations/${listed[0]!.id}`, viewer.token)).statusCode).toBe(403);
    expect((await api('DELETE', `/annotations/${listed[0]!.id}`, owner.token)).statusCode).toBe(204);
  });
});
