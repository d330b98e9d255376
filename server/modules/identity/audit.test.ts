import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, CreatedApiKey, OrganizationWithRole, Page, Team } from '../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../test/support/factories.ts';
import { errorCode } from '../../../test/support/responses.ts';
import { recordAudit } from './audit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });

const audit = async (orgId: string, token: string, query = '') => {
  const res = await api('GET', `/orgs/${orgId}/audit${query}`, token);
  expect(res.statusCode).toBe(200);
  return res.json<Page<AuditEvent>>();
};

describe('audit log', () => {
  it('records organisation events as they happen', async () => {
    const { user, token } = await buildUser(t.app);
    const orgId = (await api('POST', '/orgs', token, { name: 'Audited' })).json<OrganizationWithRole>().organization.id;
    const member = await buildMember(t.app, orgId, 'member');
    await api('PATCH', `/orgs/${orgId}/members/${member.user.id}`, token, { role: 'admin' });
    await api('POST', `/orgs/${orgId}/invitations`, token, { email: 'someone@example.test', role: 'viewer' });
    const teamId = (await api('POST', `/orgs/${orgId}/teams`, token, { name: 'Audit team' })).json<{ team: Team }>().team.id;
    await api('POST', `/orgs/${orgId}/teams/${teamId}/members`, token, { userId: member.user.id });
    const keyId = (await api('POST', `/orgs/${orgId}/api-keys`, token, { name: 'k', scopes: ['read'] })).json<CreatedApiKey>().apiKey.id;
    await api('DELETE', `/orgs/${orgId}/api-keys/${keyId}`, token);
    await api('DELETE', `/orgs/${orgId}/members/${member.user.id}`, token);

    const { items } = await audit(orgId, token);
    expect(items.map((e) => e.action)).toEqual([
      'org.member_removed',
      'org.api_key_revoked',
      'org.api_key_created',
      'org.team_member_added',
      'org.team_created',
      'org.invitation_sent',
      'org.member_role_changed',
      'org.created',
    ]);
    expect(items.every((e) => e.actor?.id === user.id)).toBe(true);
  });

  it('pages by cursor, newest first, without repeats', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    for (let i = 0; i < 7; i++) await recordAudit(t.app.db, { action: 'org.team_created', orgId: org.id, actorUserId: owner.user.id, metadata: { i } });

    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit(org.id, owner.token, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.items.map((e) => Number(e.id)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(7);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('filters by action, actor and time range', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const admin = await buildMember(t.app, org.id, 'admin');
    await recordAudit(t.app.db, { action: 'org.team_created', orgId: org.id, actorUserId: owner.user.id });
    await recordAudit(t.app.db, { action: 'org.team_deleted', orgId: org.id, actorUserId: admin.user.id });
    await recordAudit(t.app.db, { action: 'org.team_created', orgId: org.id, actorUserId: admin.user.id });

    expect((await audit(org.id, owner.token, '?action=org.team_created')).items).toHaveLength(2);
    const byAdmin = await audit(org.id, owner.token, `?actorUserId=${admin.user.id}`);
    expect(byAdmin.items.map((e) => e.action)).toEqual(['org.team_created', 'org.team_deleted']);
    const both = await audit(org.id, owner.token, `?action=org.team_created&actorUserId=${admin.user.id}`);
    expect(both.items).toHaveLength(1);

    const newest = Date.parse(byAdmin.items[0]!.createdAt);
    const future = new Date(newest + 60_000).toISOString();
    expect((await audit(org.id, owner.token, `?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    expect((await audit(org.id, owner.token, `?to=${encodeURIComponent(future)}`)).items).toHaveLength(3);
    const past = new Date(newest - 3_600_000).toISOString();
    expect((await audit(org.id, owner.token, `?to=${encodeURIComponent(past)}`)).items).toEqual([]);
  });

  it('includes the security events of current members but not of outsiders', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const member = await buildMember(t.app, org.id, 'member');
    const outsider = await buildUser(t.app);
    await recordAudit(t.app.db, { action: 'auth.sign_in', actorUserId: member.user.id });
    await recordAudit(t.app.db, { action: 'auth.2fa_enabled', actorUserId: owner.user.id });
    await recordAudit(t.app.db, { action: 'auth.sign_in', actorUserId: outsider.user.id });

    const { items } = await audit(org.id, owner.token);
    expect(items.map((e) => [e.action, e.actor?.id, e.orgId])).toEqual([
      ['auth.2fa_enabled', owner.user.id, null],
      ['auth.sign_in', member.user.id, null],
    ]);
  });

  it('is for admins and owners only', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    const admin = await buildMember(t.app, org.id, 'admin');
    const member = await buildMember(t.app, org.id, 'member');
    const outsider = await buildUser(t.app);
    expect((await api('GET', `/orgs/${org.id}/audit`, admin.token)).statusCode).toBe(200);
    const denied = await api('GET', `/orgs/${org.id}/audit`, member.token);
    expect(denied.statusCode).toBe(403);
    expect(errorCode(denied)).toBe('forbidden');
    expect((await api('GET', `/orgs/${org.id}/audit`, outsider.token)).statusCode).toBe(404);
  });

  it('rejects a malformed cursor and time', async () => {
    const owner = await buildUser(t.app);
    const org = await buildOrganization(t.app, owner.user.id);
    expect(errorCode(await api('GET', `/orgs/${org.id}/audit?cursor=abc`, owner.token))).toBe('invalid_cursor');
    expect((await api('GET', `/orgs/${org.id}/audit?from=yesterday`, owner.token)).statusCode).toBe(400);
  });
});
