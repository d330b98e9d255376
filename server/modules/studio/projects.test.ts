import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiKey, Page } from '../../../common/organizations.ts';
import type { Project, ProjectDetail, ProjectMember } from '../../../common/studio.ts';
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

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const api = (method: Method, url: string, credential: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(credential), ...headers }, payload });

async function setup() {
  const owner = await buildUser(t.app);
  const org = await buildOrganization(t.app, owner.user.id, 'Studio Org');
  return { owner, org };
}

async function createProject(orgId: string, token: string, body: object = {}): Promise<ProjectDetail> {
  const res = await api('POST', `/orgs/${orgId}/projects`, token, { name: 'Spring campaign', ...body });
  expect(res.statusCode).toBe(201);
  return res.json<ProjectDetail>();
}

const names = (res: { json: <T>() => T }) => res.json<Page<Project>>().items.map((p) => p.name);

describe('projects', () => {
  it('creates a project, reads it with the actor’s role and policies, and lists newest first', async () => {
    const { owner, org } = await setup();
    const created = await createProject(org.id, owner.token, { name: 'Brand refresh', description: 'New logo and type' });
    expect(created.project).toMatchObject({ name: 'Brand refresh', description: 'New logo and type', status: 'active', visibility: 'organization' });
    expect(created.project.createdBy?.id).toBe(owner.user.id);
    expect(created.role).toBe('owner');
    expect(created.policies).toMatchObject({ read: true, contribute: true, manageMembers: true, delete: true });

    await createProject(org.id, owner.token, { name: 'Spring launch' });
    const listed = await api('GET', `/orgs/${org.id}/projects`, owner.token);
    expect(names(listed)).toEqual(['Spring launch', 'Brand refresh']);

    const read = await api('GET', `/projects/${created.project.id}`, owner.token);
    expect(read.json<ProjectDetail>().project.name).toBe('Brand refresh');
  });

  it('searches by name or description and pages by cursor', async () => {
    const { owner, org } = await setup();
    for (const name of ['Alpha poster', 'Beta poster', 'Gamma site', 'Delta poster']) {
      await createProject(org.id, owner.token, { name, description: name.includes('site') ? 'web 100% done' : '' });
    }
    expect(names(await api('GET', `/orgs/${org.id}/projects?q=POSTER`, owner.token))).toEqual(['Delta poster', 'Beta poster', 'Alpha poster']);
    expect(names(await api('GET', `/orgs/${org.id}/projects?q=100%25`, owner.token))).toEqual(['Gamma site']);

    const first = (await api('GET', `/orgs/${org.id}/projects?limit=3`, owner.token)).json<Page<Project>>();
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = (await api('GET', `/orgs/${org.id}/projects?limit=3&cursor=${first.nextCursor}`, owner.token)).json<Page<Project>>();
    expect(second.items.map((p) => p.name)).toEqual(['Alpha poster']);
    expect(second.nextCursor).toBeNull();

    const bad = await api('GET', `/orgs/${org.id}/projects?cursor=nonsense`, owner.token);
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('invalid_cursor');
  });

  it('returns the first project again for a repeated Idempotency-Key', async () => {
    const { owner, org } = await setup();
    const headers = { 'idempotency-key': 'create-once-1' };
    const first = await api('POST', `/orgs/${org.id}/projects`, owner.token, { name: 'Once' }, headers);
    const again = await api('POST', `/orgs/${org.id}/projects`, owner.token, { name: 'Once' }, headers);
    expect(again.json<ProjectDetail>().project.id).toBe(first.json<ProjectDetail>().project.id);
    expect(names(await api('GET', `/orgs/${org.id}/projects`, owner.token))).toEqual(['Once']);
  });

  it('answers 404 to people outside the organisation and 403 to a viewer who writes', async () => {
    const { owner, org } = await setup();
    const { project } = await createProject(org.id, owner.token);
    const outsider = await buildUser(t.app);
    const viewer = await buildMember(t.app, org.id, 'viewer');

    const hidden = await api('GET', `/projects/${project.id}`, outsider.token);
    expect(hidden.statusCode).toBe(404);
    expect(errorCode(hidden)).toBe('project_not_found');
    expect((await api('GET', `/orgs/${org.id}/projects`, outsider.token)).statusCode).toBe(404);

    expect((await api('GET', `/projects/${project.id}`, viewer.token)).json<ProjectDetail>().policies).toMatchObject({ read: true, contribute: false });
    const create = await api('POST', `/orgs/${org.id}/projects`, viewer.token, { name: 'Nope' });
    expect(create.statusCode).toBe(403);
    expect(errorCode(create)).toBe('forbidden');
    expect((await api('PATCH', `/projects/${project.id}`, viewer.token, { name: 'Renamed' })).statusCode).toBe(403);
  });

  it('validates input with a code and a sentence per field', async () => {
    const { owner, org } = await setup();
    const res = await api('POST', `/orgs/${org.id}/projects`, owner.token, { name: '   ', visibility: 'everyone' });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    const { project } = await createProject(org.id, owner.token);
    expect((await api('PATCH', `/projects/${project.id}`, owner.token, {})).statusCode).toBe(400);
  });

  it('hides a private project from members until they are added, and shows it to admins', async () => {
    const { owner, org } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const admin = await buildMember(t.app, org.id, 'admin');
    const { project } = await createProject(org.id, owner.token, { name: 'Secret', visibility: 'private' });

    expect((await api('GET', `/projects/${project.id}`, member.token)).statusCode).toBe(404);
    expect(names(await api('GET', `/orgs/${org.id}/projects`, member.token))).toEqual([]);
    expect(names(await api('GET', `/orgs/${org.id}/projects`, admin.token))).toEqual(['Secret']);

    const added = await api('PUT', `/projects/${project.id}/members/${member.user.id}`, owner.token, { role: 'member' });
    expect(added.statusCode).toBe(200);
    expect(names(await api('GET', `/orgs/${org.id}/projects`, member.token))).toEqual(['Secret']);
    expect((await api('GET', `/projects/${project.id}`, member.token)).json<ProjectDetail>().role).toBe('member');

    const people = (await api('GET', `/projects/${project.id}/members`, owner.token)).json<{ items: ProjectMember[] }>().items;
    expect(people.map((p) => p.user.id).sort()).toEqual([owner.user.id, member.user.id, admin.user.id].sort());

    expect((await api('DELETE', `/projects/${project.id}/members/${member.user.id}`, owner.token)).statusCode).toBe(204);
    expect((await api('GET', `/projects/${project.id}`, member.token)).statusCode).toBe(404);
  });

  it('narrows an organisation role in one project but never raises it, and never narrows an owner', async () => {
    const { owner, org } = await setup();
    const admin = await buildMember(t.app, org.id, 'admin');
    const viewer = await buildMember(t.app, org.id, 'viewer');
    const coOwner = await buildMember(t.app, org.id, 'owner');
    const { project } = await createProject(org.id, owner.token);

    await api('PUT', `/projects/${project.id}/members/${admin.user.id}`, owner.token, { role: 'viewer' });
    const narrowed = (await api('GET', `/projects/${project.id}`, admin.token)).json<ProjectDetail>();
    expect(narrowed.role).toBe('viewer');
    expect((await api('PATCH', `/projects/${project.id}`, admin.token, { name: 'Mine now' })).statusCode).toBe(403);

    await api('PUT', `/projects/${project.id}/members/${viewer.user.id}`, owner.token, { role: 'admin' });
    expect((await api('GET', `/projects/${project.id}`, viewer.token)).json<ProjectDetail>().role).toBe('viewer');

    await api('PUT', `/projects/${project.id}/members/${coOwner.user.id}`, owner.token, { role: 'viewer' });
    expect((await api('GET', `/projects/${project.id}`, coOwner.token)).json<ProjectDetail>().role).toBe('owner');

    const stranger = await buildUser(t.app);
    const refused = await api('PUT', `/projects/${project.id}/members/${stranger.user.id}`, owner.token, { role: 'member' });
    expect(refused.statusCode).toBe(404);
    expect(errorCode(refused)).toBe('member_not_found');
  });

  it('archives a project out of the active list and restores it', async () => {
    const { owner, org } = await setup();
    const { project } = await createProject(org.id, owner.token, { name: 'Old site' });
    const archived = await api('POST', `/projects/${project.id}/archive`, owner.token);
    expect(archived.json<ProjectDetail>().project).toMatchObject({ status: 'archived' });
    expect(archived.json<ProjectDetail>().project.archivedAt).not.toBeNull();
    expect(names(await api('GET', `/orgs/${org.id}/projects`, owner.token))).toEqual([]);
    expect(names(await api('GET', `/orgs/${org.id}/projects?status=archived`, owner.token))).toEqual(['Old site']);

    const restored = await api('POST', `/projects/${project.id}/restore`, owner.token);
    expect(restored.json<ProjectDetail>().project).toMatchObject({ status: 'active', archivedAt: null });
  });

  it('deletes a project for admins only, and publishes what happened on the bus', async () => {
    const { owner, org } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const events: string[] = [];
    const stops = (['project.created', 'project.deleted'] as const).map((name) => t.app.bus.subscribe(name, (payload) => void events.push(`${name}:${payload.projectId}`)));
    const { project } = await createProject(org.id, owner.token);
    expect((await api('DELETE', `/projects/${project.id}`, member.token)).statusCode).toBe(403);
    expect((await api('DELETE', `/projects/${project.id}`, owner.token)).statusCode).toBe(204);
    expect((await api('GET', `/projects/${project.id}`, owner.token)).statusCode).toBe(404);
    await expect.poll(() => events).toEqual([`project.created:${project.id}`, `project.deleted:${project.id}`]);
    for (const stop of stops) stop();
  });

  it('limits API keys to their scopes: studio:read lists, only write scopes create', async () => {
    const { owner, org } = await setup();
    await createProject(org.id, owner.token, { name: 'Keyed' });
    const key = async (scopes: string[]) =>
      (await api('POST', `/orgs/${org.id}/api-keys`, owner.token, { name: 'bot', scopes })).json<CreatedApiKey>().secret;
    const reader = await key(['studio:read']);
    expect(names(await api('GET', `/orgs/${org.id}/projects`, reader))).toEqual(['Keyed']);
    expect((await api('POST', `/orgs/${org.id}/projects`, reader, { name: 'No' })).statusCode).toBe(403);
    const writer = await key(['studio:write']);
    expect((await api('POST', `/orgs/${org.id}/projects`, writer, { name: 'Yes' })).statusCode).toBe(201);
  });
});
