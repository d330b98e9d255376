import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Team, TeamDetail } from '../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../test/support/factories.ts';
import { errorCode } from '../../../test/support/responses.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id);
  return { owner, org };
}

describe('teams', () => {
  it('creates, lists, renames and deletes teams', async () => {
    const { owner, org } = await setup();
    const created = await api('POST', `/orgs/${org.id}/teams`, owner.token, { name: 'Design' });
    expect(created.statusCode).toBe(201);
    const teamId = created.json<{ team: Team }>().team.id;
    expect(created.json<{ team: Team }>().team).toMatchObject({ name: 'Design', memberCount: 0 });

    const duplicate = await api('POST', `/orgs/${org.id}/teams`, owner.token, { name: 'design' });
    expect(duplicate.statusCode).toBe(409);
    expect(errorCode(duplicate)).toBe('team_name_taken');

    await api('POST', `/orgs/${org.id}/teams`, owner.token, { name: 'Motion' });
    const listed = await api('GET', `/orgs/${org.id}/teams`, owner.token);
    expect(listed.json<Page<Team>>().items.map((team) => team.name)).toEqual(['Design', 'Motion']);

    const clash = await api('PATCH', `/orgs/${org.id}/teams/${teamId}`, owner.token, { name: 'MOTION' });
    expect(clash.statusCode).toBe(409);
    const renamed = await api('PATCH', `/orgs/${org.id}/teams/${teamId}`, owner.token, { name: 'Brand' });
    expect(renamed.json<{ team: Team }>().team.name).toBe('Brand');

    expect((await api('DELETE', `/orgs/${org.id}/teams/${teamId}`, owner.token)).statusCode).toBe(204);
    const gone = await api('GET', `/orgs/${org.id}/teams/${teamId}`, owner.token);
    expect(gone.statusCode).toBe(404);
    expect(errorCode(gone)).toBe('team_not_found');
  });

  it('adds and removes organisation members, and refuses outsiders', async () => {
    const { owner, org } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const outsider = await buildUser(t.app);
    const teamId = (await api('POST', `/orgs/${org.id}/teams`, owner.token, { name: 'Ops' })).json<{ team: Team }>().team.id;

    const added = await api('POST', `/orgs/${org.id}/teams/${teamId}/members`, owner.token, { userId: member.user.id });
    expect(added.statusCode).toBe(201);
    expect(added.json<TeamDetail>().team.memberCount).toBe(1);
    expect(added.json<TeamDetail>().members.map((m) => m.user.id)).toEqual([member.user.id]);

    const refused = await api('POST', `/orgs/${org.id}/teams/${teamId}/members`, owner.token, { userId: outsider.user.id });
    expect(refused.statusCode).toBe(422);
    expect(errorCode(refused)).toBe('not_an_org_member');

    expect((await api('DELETE', `/orgs/${org.id}/teams/${teamId}/members/${member.user.id}`, owner.token)).statusCode).toBe(204);
    const again = await api('DELETE', `/orgs/${org.id}/teams/${teamId}/members/${member.user.id}`, owner.token);
    expect(errorCode(again)).toBe('team_member_not_found');
  });

  it('drops someone from the organisation’s teams when they leave it', async () => {
    const { owner, org } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const teamId = (await api('POST', `/orgs/${org.id}/teams`, owner.token, { name: 'Leavers' })).json<{ team: Team }>().team.id;
    await api('POST', `/orgs/${org.id}/teams/${teamId}/members`, owner.token, { userId: member.user.id });
    await api('POST', `/orgs/${org.id}/leave`, member.token);
    expect((await api('GET', `/orgs/${org.id}/teams/${teamId}`, owner.token)).json<TeamDetail>().members).toEqual([]);
  });

  it('lets viewers read teams but not change them, and hides them from outsiders', async () => {
    const { owner, org } = await setup();
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const outsider = await buildUser(t.app);
    const teamId = (await api('POST', `/orgs/${org.id}/teams`, owner.token, { name: 'Readers' })).json<{ team: Team }>().team.id;

    expect((await api('GET', `/orgs/${org.id}/teams`, viewer.token)).statusCode).toBe(200);
    expect((await api('GET', `/orgs/${org.id}/teams/${teamId}`, viewer.token)).statusCode).toBe(200);
    expect((await api('POST', `/orgs/${org.id}/teams`, viewer.token, { name: 'Mine' })).statusCode).toBe(403);
    expect((await api('PATCH', `/orgs/${org.id}/teams/${teamId}`, viewer.token, { name: 'Mine' })).statusCode).toBe(403);
    expect((await api('DELETE', `/orgs/${org.id}/teams/${teamId}`, viewer.token)).statusCode).toBe(403);

    const hidden = await api('GET', `/orgs/${org.id}/teams/${teamId}`, outsider.token);
    expect(hidden.statusCode).toBe(404);
    expect(errorCode(hidden)).toBe('organization_not_found');
  });

  it('does not reach a team through another organisation', async () => {
    const { owner, org } = await setup();
    const otherOrg = await buildOrganization(t.app, owner.user.id, 'Other');
    const teamId = (await api('POST', `/orgs/${org.id}/teams`, owner.token, { name: 'Scoped' })).json<{ team: Team }>().team.id;
    const res = await api('DELETE', `/orgs/${otherOrg.id}/teams/${teamId}`, owner.token);
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('team_not_found');
  });
});
