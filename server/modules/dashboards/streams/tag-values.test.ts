import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stream, TagValues } from '../../../../common/dashboards-streams.ts';
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

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

async function streamWithHosts() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Tag Values Org');
  const created = await api('POST', `/orgs/${org.id}/streams`, owner.token, { name: 'cpu', fields: ['load'], tagKeys: ['host', 'region'] });
  const stream = created.json<Stream>();
  const points = ['web-2', 'db_1', 'web-1', 'web-2', 'Cache-1'].map((host, i) => ({ time: Date.UTC(2026, 10, 30, 10, i), tags: { host, region: i < 2 ? 'eu' : 'us' }, values: { load: i } }));
  points.push({ time: Date.UTC(2026, 10, 30, 11), tags: { region: 'ap' } as { host: string; region: string }, values: { load: 9 } });
  const written = await api('POST', `/streams/${stream.id}/points`, owner.token, { points });
  expect(written.statusCode, written.body).toBe(200);
  return { owner, org, stream };
}

describe('tag values', () => {
  it('lists the distinct values of a tag key in order, narrowed by a case-insensitive search and a limit', async () => {
    const { owner, stream } = await streamWithHosts();
    const all = await api('GET', `/streams/${stream.id}/tag-values?key=host`, owner.token);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json<TagValues>()).toEqual({ key: 'host', values: ['Cache-1', 'db_1', 'web-1', 'web-2'] });
    expect((await api('GET', `/streams/${stream.id}/tag-values?key=host&q=WEB`, owner.token)).json<TagValues>().values).toEqual(['web-1', 'web-2']);
    expect((await api('GET', `/streams/${stream.id}/tag-values?key=host&q=_`, owner.token)).json<TagValues>().values).toEqual(['db_1']);
    expect((await api('GET', `/streams/${stream.id}/tag-values?key=host&limit=2`, owner.token)).json<TagValues>().values).toEqual(['Cache-1', 'db_1']);
    expect((await api('GET', `/streams/${stream.id}/tag-values?key=region`, owner.token)).json<TagValues>().values).toEqual(['ap', 'eu', 'us']);
  });

  it('answers 404 outside the organisation, lets viewers read, and refuses unknown keys and bad limits', async () => {
    const { owner, org, stream } = await streamWithHosts();
    const stranger = await buildUser(t.app);
    expect(errorCode(await api('GET', `/streams/${stream.id}/tag-values?key=host`, stranger.token))).toBe('stream_not_found');
    const viewer = await buildMember(t.app, org.id, 'viewer');
    expect((await api('GET', `/streams/${stream.id}/tag-values?key=host`, viewer.token)).statusCode).toBe(200);
    const unknown = await api('GET', `/streams/${stream.id}/tag-values?key=rack`, owner.token);
    expect(unknown.statusCode).toBe(422);
    expect(errorCode(unknown)).toBe('unknown_tag_key');
    expect((await api('GET', `/streams/${stream.id}/tag-values?key=host&limit=5000`, owner.token)).statusCode).toBe(400);
    expect((await api('GET', `/streams/${stream.id}/tag-values`, owner.token)).statusCode).toBe(400);
  });
});
